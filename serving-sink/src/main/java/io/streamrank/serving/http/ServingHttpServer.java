package io.streamrank.serving.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.streamrank.serving.metrics.ServingMetrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a {@link ServingApi} over HTTP/1.1 with the JDK's {@link HttpServer} and a fixed pool of
 * handler threads.
 *
 * <p>Every request gets a response and a closed exchange, whatever happens in the handler. An
 * exception is logged, and the client gets a 500 JSON message. Each request is counted in the
 * {@link ServingMetrics} by endpoint and status, with its duration.
 */
public final class ServingHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServingHttpServer.class);

    /** Maximum time that {@link #close} waits for requests in progress. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ServingApi api;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closing;

    private ServingHttpServer(HttpServer server, ExecutorService executor, ServingApi api) {
        this.server = server;
        this.executor = executor;
        this.api = api;
    }

    /** Binds {@code options.host()} and {@code options.port()} and starts serving {@code api}. */
    public static ServingHttpServer start(HttpOptions options, ServingApi api) throws IOException {
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve host '" + options.host() + "' to bind the HTTP server");
        }
        // The JDK server writes the response headers and the body as separate TCP segments; with
        // Nagle's algorithm on, the body then waits for the client's delayed ACK, about 40 ms on
        // Linux. The property is read once, when the first server is created.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newFixedThreadPool(options.threads(), new HandlerThreads());
        ServingHttpServer serving = new ServingHttpServer(server, executor, api);
        server.createContext("/", serving::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("HTTP server listening on {} with {} handler threads", serving.baseUri(), options.threads());
        return serving;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Returns the URI of the server root, such as {@code http://127.0.0.1:8080/}. */
    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort() + "/");
    }

    /**
     * Responds to new requests with 503, waits up to {@link #STOP_TIMEOUT} for the requests in progress,
     * then closes the server and stops the handler threads.
     *
     * <p>The server is stopped with a delay of 0 after this class's own wait, because
     * {@code HttpServer.stop(delay)} in JDK 17 waits the whole delay when no exchange is in progress.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (inFlight.get() > 0) {
            LOG.warn("Closing the HTTP server with {} requests still in progress after {} s",
                    inFlight.get(), STOP_TIMEOUT.toSeconds());
        }

        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("HTTP server stopped");
    }

    private void handle(HttpExchange exchange) {
        inFlight.incrementAndGet();
        try {
            handleCounted(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void handleCounted(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        ApiResponse response;
        try {
            response = closing
                    ? ApiResponse.error(503, null, "the server is shutting down; retry on another instance", Map.of())
                    : api.handle(method, uri);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.error("Request {} {} failed", method, uri, e);
            response = ApiResponse.error(500, null,
                    "internal error while handling " + uri.getPath() + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    Map.of());
        }

        // Counted before the response is written, so a client that has its response can already
        // see it in /metrics; the duration therefore excludes writing the response.
        api.metrics().recordRequest(ServingApi.endpointOf(uri.getPath()), response.status(), System.nanoTime() - started);
        try {
            send(exchange, response);
        } catch (IOException e) {
            LOG.debug("Failed to send the response to {} {}: {}", method, uri, e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Daemon threads named {@code serving-http-N}, so a stuck handler cannot keep the JVM alive. */
    private static final class HandlerThreads implements ThreadFactory {

        private final AtomicInteger next = new AtomicInteger(1);

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "serving-http-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        }
    }
}
