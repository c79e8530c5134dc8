package io.streamrank.serving.http;

/**
 * Settings of the HTTP server.
 *
 * @param host the address to bind, 127.0.0.1 unless the process must be reachable from elsewhere
 * @param port the port to bind, or 0 for a free port chosen by the system
 * @param threads size of the fixed pool of threads that handle requests
 */
public record HttpOptions(String host, int port, int threads) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_THREADS = 4;
    public static final int MAX_THREADS = 256;

    public HttpOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is '" + host + "'; expected an address such as 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port is " + port + "; expected 0 (a free port) to 65535");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads is " + threads + "; expected a value from 1 to " + MAX_THREADS);
        }
    }

    /** Settings that bind 127.0.0.1 on a free port, for tests and local runs. */
    public static HttpOptions loopbackOnFreePort() {
        return new HttpOptions(DEFAULT_HOST, 0, DEFAULT_THREADS);
    }
}
