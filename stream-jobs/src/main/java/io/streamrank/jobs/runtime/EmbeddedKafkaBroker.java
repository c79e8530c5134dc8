package io.streamrank.jobs.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster that runs inside this JVM, for the demo and for tests.
 *
 * <p>The node is Kafka's own {@link KafkaRaftServer} in combined mode. It runs the broker and the
 * controller roles, and it is the only voter of a static metadata quorum. The client and controller
 * listeners bind 127.0.0.1 on free ports picked at start. The internal topics for consumer offsets,
 * transaction state and share-group state use replication factor 1 and a minimum ISR of 1, so consumer
 * groups and transactional producers work against this one node. A topic that a client creates
 * implicitly gets the number of partitions set by {@link Builder#defaultPartitions(int)}.
 *
 * <p>{@link #close()} leaves the data directory in place. A later start on the same directory reuses
 * the formatted storage with its topics and records, and deleting the directory is up to the caller.
 *
 * <p>A failed start throws an exception, even where Kafka's fault handler would halt the JVM (see
 * {@link KafkaHaltGuard}). NOTE: once the node has started, a fatal fault in the broker or controller,
 * such as a failed write to the metadata log, halts the JVM ({@code Runtime.halt}) as it halts a
 * standalone Kafka process.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** Default time for formatting, startup and the first response to a describeCluster request. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /** Default time that {@link #close()} waits for the broker and controller to shut down. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration ADMIN_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaRaftServer server;
    private final Admin admin;
    private final TopicCreator topicCreator;
    private final Path dataDir;
    private final String bootstrapServers;
    private final Duration shutdownTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(
            KafkaRaftServer server, Admin admin, Path dataDir, String bootstrapServers, Duration shutdownTimeout) {
        this.server = server;
        this.admin = admin;
        this.topicCreator = new TopicCreator(admin, bootstrapServers);
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * Starts a broker whose topics get one partition unless created with another count.
     *
     * @param dataDir directory for the node's storage and configuration, created if missing
     * @throws IllegalStateException if the broker fails to start or does not respond within
     *     {@link #DEFAULT_STARTUP_TIMEOUT}
     */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return builder(dataDir).start();
    }

    /**
     * Starts a broker whose implicitly created topics get {@code defaultPartitions} partitions.
     *
     * @param dataDir           directory for the node's storage and configuration, created if missing
     * @param defaultPartitions partitions of a topic created without an explicit count, at least 1
     * @throws IllegalArgumentException if {@code defaultPartitions} is less than 1
     * @throws IllegalStateException    if the broker fails to start or does not respond within
     *     {@link #DEFAULT_STARTUP_TIMEOUT}
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int defaultPartitions) {
        return builder(dataDir).defaultPartitions(defaultPartitions).start();
    }

    /** Returns a builder for a broker that keeps its storage in {@code dataDir}. */
    public static Builder builder(Path dataDir) {
        return new Builder(Objects.requireNonNull(dataDir, "dataDir must not be null"));
    }

    /** Returns the client address, {@code 127.0.0.1:<port>}, for the {@code bootstrap.servers} setting. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates topics with replication factor 1 and waits until the broker's metadata lists a leader for
     * each of their partitions, so that clients can use them right away. A topic that already exists is
     * left as it is, and a WARN line reports a partition count that differs from {@code partitions}.
     *
     * @throws IllegalArgumentException if {@code partitions} is less than 1, or no names or a blank
     *     name are given
     * @throws IllegalStateException    if the broker is closed, or creating a topic fails or times out
     */
    public void createTopics(int partitions, String... names) {
        requirePartitions(partitions, "partitions");
        List<String> topics = requireTopicNames(names);
        requireOpen();
        topicCreator.createTopics(partitions, topics);
    }

    /**
     * Shuts the broker and controller down and waits up to the shutdown timeout for them to stop.
     * Calling it again does nothing. The data directory stays in place.
     *
     * @throws IllegalStateException if the shutdown fails or takes longer than the timeout, in which
     *     case the broker's threads may still be using the data directory
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long startNanos = System.nanoTime();
        admin.close(ADMIN_CLOSE_TIMEOUT);

        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread shutdown = new Thread(() -> {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (Exception e) {
                failure.set(e);
            }
        }, "embedded-kafka-shutdown");
        shutdown.setDaemon(true);
        shutdown.start();

        try {
            shutdown.join(shutdownTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker at "
                    + bootstrapServers + " to shut down", e);
        }
        if (shutdown.isAlive()) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers + " did not shut down within "
                    + shutdownTimeout.toSeconds() + " s. Its threads may still use " + dataDir
                    + ", so wait before deleting it.");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers + " failed to shut down: "
                    + failure.get(), failure.get());
        }
        LOG.info("Stopped the embedded Kafka broker at {} in {} ms", bootstrapServers, elapsedMillis(startNanos));
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker{bootstrapServers=" + bootstrapServers + ", dataDir=" + dataDir + "}";
    }

    private static EmbeddedKafkaBroker start(Builder settings) {
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + settings.startupTimeout.toNanos();
        Path dataDir = settings.dataDir.toAbsolutePath();

        // NOTE: another process can take a port between this check and the server's bind. Startup
        // then fails with an exception, and the caller can start again.
        int[] ports = freeLoopbackPorts(2);
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        String bootstrapServers = SingleNodeKafkaConfig.HOST + ":" + brokerPort;

        Properties serverProperties = SingleNodeKafkaConfig.serverProperties(
                dataDir, brokerPort, controllerPort, settings.defaultPartitions, settings.startupTimeout);
        Path configFile = SingleNodeKafkaConfig.writeConfigFile(dataDir, serverProperties);
        SingleNodeKafkaConfig.formatStorageIfNeeded(dataDir, configFile);

        String description = bootstrapServers + " (controller port " + controllerPort + ", data in " + dataDir + ")";
        KafkaRaftServer server = startServer(serverProperties, description);

        Admin admin = Admin.create(adminProperties(bootstrapServers));
        try {
            awaitClusterResponse(admin, bootstrapServers, deadlineNanos);
        } catch (RuntimeException e) {
            admin.close(ADMIN_CLOSE_TIMEOUT);
            shutDownAfterFailedStart(server, e);
            throw e;
        }

        LOG.info("Started the embedded Kafka broker at {} (controller port {}, data in {}) in {} ms",
                bootstrapServers, controllerPort, dataDir, elapsedMillis(startNanos));
        return new EmbeddedKafkaBroker(server, admin, dataDir, bootstrapServers, settings.shutdownTimeout);
    }

    /**
     * Constructs and starts the node. A failure, including one for which Kafka requests a JVM halt,
     * shuts the node down again and is thrown.
     *
     * @param description the node's addresses and data directory, for error messages
     */
    private static KafkaRaftServer startServer(Properties serverProperties, String description) {
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(serverProperties, false), Time.SYSTEM);

        // Kafka's server is written in Scala and can throw checked exceptions that it does not declare.
        Exception startupFailure = null;
        try (KafkaHaltGuard guard = KafkaHaltGuard.install()) {
            try {
                server.startup();
            } catch (Exception e) {
                startupFailure = e;
            }
            Optional<String> haltRequest = guard.request();

            if (startupFailure == null && haltRequest.isEmpty()) {
                return server;
            }
            String reason = startupFailure != null ? startupFailure.toString() : "";
            if (haltRequest.isPresent()) {
                reason += (reason.isEmpty() ? "" : ". ") + "Kafka requested a JVM " + haltRequest.get();
            }
            IllegalStateException error = new IllegalStateException(
                    "Failed to start the Kafka broker at " + description + ": " + reason, startupFailure);
            shutDownAfterFailedStart(server, error);
            throw error;
        }
    }

    /** Waits until the node responds to a describeCluster request and lists itself among the cluster's nodes. */
    private static void awaitClusterResponse(Admin admin, String bootstrapServers, long deadlineNanos) {
        long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        int timeoutMillis = (int) Math.min(remainingMillis, Integer.MAX_VALUE);
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs(timeoutMillis);

        Collection<Node> nodes;
        try {
            nodes = admin.describeCluster(options).nodes().get(remainingMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Kafka broker at " + bootstrapServers + " did not respond to a"
                    + " describeCluster request within the startup timeout: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted while waiting for the Kafka broker at " + bootstrapServers + " to start", e);
        }

        boolean listsItself = nodes.stream().anyMatch(node -> node.id() == SingleNodeKafkaConfig.NODE_ID);
        if (!listsItself) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers + " describes a cluster of nodes "
                    + nodes + ", expected node id " + SingleNodeKafkaConfig.NODE_ID + " among them");
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers + " is closed");
        }
    }

    private static void shutDownAfterFailedStart(KafkaRaftServer server, RuntimeException startFailure) {
        try {
            server.shutdown();
        } catch (Exception e) {
            startFailure.addSuppressed(e);
        }
    }

    private static Properties adminProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        return props;
    }

    /**
     * Returns {@code count} distinct ports that were free on 127.0.0.1. The sockets are held open
     * together, so the operating system cannot hand out the same port twice.
     */
    private static int[] freeLoopbackPorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            InetAddress loopback = InetAddress.getByName(SingleNodeKafkaConfig.HOST);
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, loopback);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to find a free port on " + SingleNodeKafkaConfig.HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Failed to close the port probe on {}", socket.getLocalPort(), e);
        }
    }

    private static void requirePartitions(int partitions, String name) {
        if (partitions < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + partitions);
        }
    }

    private static List<String> requireTopicNames(String... names) {
        if (names == null || names.length == 0) {
            throw new IllegalArgumentException("At least one topic name is required");
        }
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(
                        "Topic names must not be null or blank, got " + Arrays.toString(names));
            }
        }
        return List.of(names);
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Settings of an {@link EmbeddedKafkaBroker}, checked when {@link #start()} is called. */
    public static final class Builder {

        private final Path dataDir;
        private int defaultPartitions = 1;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        /** Sets Kafka's {@code num.partitions}, the partitions of a topic created without a count (default 1). */
        public Builder defaultPartitions(int partitions) {
            this.defaultPartitions = partitions;
            return this;
        }

        /** Sets the time allowed for formatting, startup and the first describeCluster response (default 60 s). */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** Sets the time that {@link EmbeddedKafkaBroker#close()} waits for the shutdown (default 30 s). */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /**
         * Checks the settings, formats the storage if it is new, starts the node and waits until it
         * responds to a describeCluster request.
         *
         * @throws IllegalArgumentException if a setting is invalid
         * @throws IllegalStateException    if the broker fails to start or does not respond within the
         *     startup timeout
         */
        public EmbeddedKafkaBroker start() {
            requirePartitions(defaultPartitions, "defaultPartitions");
            requirePositive(startupTimeout, "startupTimeout");
            requirePositive(shutdownTimeout, "shutdownTimeout");
            return EmbeddedKafkaBroker.start(this);
        }

        private static void requirePositive(Duration timeout, String name) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + timeout);
            }
        }
    }
}
