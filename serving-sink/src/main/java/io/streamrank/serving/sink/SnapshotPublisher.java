package io.streamrank.serving.sink;

import io.streamrank.model.snapshot.ModelSnapshot;
import io.streamrank.model.snapshot.SnapshotManifest;
import io.streamrank.serving.files.Directories;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Publishes model snapshots in two steps, so that serving never runs ahead of what a restart of
 * the job would restore: {@link #stage} writes the files into a hidden staging directory, and
 * {@link #publish}, called once the checkpoint covering the staged state has completed, moves the
 * directory to its versioned name in one atomic rename and announces it on the snapshots topic.
 *
 * <p>Layout: {@code <root>/<model>/v0000000007/} for published versions and
 * {@code <root>/<model>/.staging/} for staged ones, which a restart discards. Not thread-safe.
 */
public final class SnapshotPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);
    private static final String STAGING = ".staging";

    private final Path root;
    private final String topic;
    private final KafkaProducer<String, String> producer;

    public SnapshotPublisher(Path root, String bootstrapServers, String topic) {
        this.root = root;
        this.topic = topic;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "streamrank-snapshot-publisher");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /** Returns the directory of the published versions of {@code model}. */
    public static Path modelDirectory(Path root, String model) {
        return root.resolve(model);
    }

    /**
     * Returns the newest published version of {@code model} under {@code root}, or 0 when there is
     * none, so that a restarted job continues the numbering.
     */
    public static long latestPublishedVersion(Path root, String model) {
        Path directory = modelDirectory(root, model);
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.matches("v\\d{10}"))
                    .mapToLong(name -> Long.parseLong(name.substring(1)))
                    .max()
                    .orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshot directory " + directory, e);
        }
    }

    /** Writes {@code snapshot} into a staging directory and returns that directory. */
    public Path stage(ModelSnapshot snapshot) throws IOException {
        SnapshotManifest manifest = snapshot.manifest();
        Path staging = modelDirectory(root, manifest.model()).resolve(STAGING)
                .resolve(ModelSnapshot.directoryName(manifest.version()));
        if (Files.exists(staging)) {
            Directories.deleteRecursively(staging);
        }
        Files.createDirectories(staging);
        snapshot.writeTo(staging);
        LOG.debug("Staged {} snapshot version {} in {}", manifest.model(), manifest.version(), staging);
        return staging;
    }

    /**
     * Moves a staged snapshot to its published name, records the checkpoint id in its manifest and
     * announces it. Blocks until the announcement is acknowledged.
     */
    public SnapshotAnnouncement publish(Path staged, long checkpointId)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        SnapshotManifest manifest = ModelSnapshot.readManifest(staged).withCheckpointId(checkpointId);
        ModelSnapshot.writeManifest(staged, manifest);
        Path published = modelDirectory(root, manifest.model()).resolve(ModelSnapshot.directoryName(manifest.version()));
        Files.move(staged, published, StandardCopyOption.ATOMIC_MOVE);

        SnapshotAnnouncement announcement = new SnapshotAnnouncement(
                manifest.model(),
                manifest.version(),
                manifest.kind(),
                manifest.baseVersion(),
                published.toAbsolutePath().toString(),
                checkpointId,
                System.currentTimeMillis());
        producer.send(new ProducerRecord<>(topic, manifest.model(), announcement.toJson())).get(30, TimeUnit.SECONDS);
        LOG.info(
                "Published {} snapshot version {} ({}) after checkpoint {}",
                manifest.model(),
                manifest.version(),
                manifest.kind(),
                checkpointId);
        return announcement;
    }

    /** Deletes the staged snapshots of {@code model}, which no completed checkpoint covers. */
    public void discardStaged(String model) throws IOException {
        Path staging = modelDirectory(root, model).resolve(STAGING);
        if (Files.exists(staging)) {
            Directories.deleteRecursively(staging);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
