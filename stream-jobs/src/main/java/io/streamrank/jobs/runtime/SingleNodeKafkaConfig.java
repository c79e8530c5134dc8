package io.streamrank.jobs.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server settings and storage formatting for a Kafka node that runs the broker and controller roles
 * in one process and is the only voter of its metadata quorum.
 */
final class SingleNodeKafkaConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SingleNodeKafkaConfig.class);

    static final String HOST = "127.0.0.1";
    static final int NODE_ID = 1;

    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CONFIG_FILE_NAME = "server.properties";
    private static final String LOG_DIR_NAME = "kafka-logs";

    /**
     * Partitions of each internal coordinator topic (consumer offsets, transaction state). Kafka's
     * default of 50 spreads coordinator work over the brokers of a cluster. This node is the only
     * broker and serves few groups, so one partition is enough and creates fewer log files.
     */
    private static final int INTERNAL_TOPIC_PARTITIONS = 1;

    /**
     * Heap buffer of the log cleaner, which compacts the internal topics. Kafka allocates it when the
     * node starts, and its default of 128 MiB would come out of the heap of the JVM that hosts the node.
     */
    private static final long CLEANER_DEDUPE_BUFFER_BYTES = 16L * 1024 * 1024;

    private SingleNodeKafkaConfig() {
    }

    /** Returns the directory under {@code dataDir} that contains the node's logs and metadata. */
    static Path logDir(Path dataDir) {
        return dataDir.resolve(LOG_DIR_NAME);
    }

    /**
     * Builds the server configuration. Listeners and advertised listeners are all on {@link #HOST},
     * so the node accepts no connections from other machines.
     *
     * @param dataDir           absolute directory for the node's storage
     * @param brokerPort        port of the client listener
     * @param controllerPort    port of the controller listener, which is also the quorum voter address
     * @param defaultPartitions partitions of a topic created without an explicit count
     * @param startupTimeout    time the broker may take to catch up with the metadata log and be unfenced
     */
    static Properties serverProperties(
            Path dataDir, int brokerPort, int controllerPort, int defaultPartitions, Duration startupTimeout) {
        Properties props = new Properties();

        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", Integer.toString(NODE_ID));
        props.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.setProperty("server.max.startup.time.ms", Long.toString(startupTimeout.toMillis()));

        props.setProperty("listeners",
                BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                        + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.setProperty("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        props.setProperty("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        props.setProperty("inter.broker.listener.name", BROKER_LISTENER);

        props.setProperty("log.dirs", logDir(dataDir).toString());
        props.setProperty("num.partitions", Integer.toString(defaultPartitions));
        props.setProperty("default.replication.factor", "1");
        props.setProperty("min.insync.replicas", "1");
        props.setProperty("log.cleaner.dedupe.buffer.size", Long.toString(CLEANER_DEDUPE_BUFFER_BYTES));

        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        props.setProperty("group.initial.rebalance.delay.ms", "0");

        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));

        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");

        return props;
    }

    /**
     * Formats the node's storage with a new cluster id, unless an earlier start already formatted it.
     * Formatting goes through Kafka's {@link StorageTool}, as {@code kafka-storage.sh format} does.
     *
     * @param configFile the server configuration written by {@link #writeConfigFile}
     */
    static void formatStorageIfNeeded(Path dataDir, Path configFile) {
        Path logDir = logDir(dataDir);
        if (Files.exists(logDir.resolve("meta.properties"))) {
            LOG.info("Reusing the Kafka storage already formatted in {}", logDir);
            return;
        }

        String clusterId = Uuid.randomUuid().toString();
        String[] args = {"format", "--config", configFile.toString(), "--cluster-id", clusterId};

        ByteArrayOutputStream toolOutput = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream printStream = new PrintStream(toolOutput, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(args, printStream);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Failed to format the Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }

        String output = toolOutput.toString(StandardCharsets.UTF_8).strip();
        if (exitCode != 0) {
            throw new IllegalStateException("Failed to format the Kafka storage in " + logDir
                    + ": the storage tool exited with code " + exitCode + " and printed: " + output);
        }
        LOG.debug("Kafka storage tool output: {}", output);
        LOG.info("Formatted the Kafka storage in {} with cluster id {}", logDir, clusterId);
    }

    /**
     * Writes the server configuration to {@code server.properties} in {@code dataDir}, where the
     * storage tool reads it and where it shows the settings of the last start.
     *
     * @return the path of the written file
     */
    static Path writeConfigFile(Path dataDir, Properties serverProperties) {
        Path configFile = dataDir.resolve(CONFIG_FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            try (OutputStream out = Files.newOutputStream(configFile)) {
                serverProperties.store(out, "Generated for a single-node Kafka broker embedded in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write the Kafka server configuration " + configFile, e);
        }
        return configFile;
    }
}
