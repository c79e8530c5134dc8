package io.streamrank.serving;

import io.streamrank.features.state.FeatureOptions;
import io.streamrank.serving.cascade.Recommender;
import io.streamrank.serving.features.OnlineFeatureStore;
import io.streamrank.serving.http.ServingApi;
import io.streamrank.serving.http.ServingHttpServer;
import io.streamrank.serving.kafka.TopicConsumer;
import io.streamrank.serving.metrics.ServingMetrics;
import io.streamrank.serving.model.SnapshotLoader;
import io.streamrank.serving.files.Directories;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The running serving process: the feature store, the snapshot loader, one consumer thread per
 * topic, the cascade and the HTTP server.
 *
 * <p>{@link #close} stops the HTTP server first, so no request reads state that is going away,
 * then the consumers, then the feature store. It may be called from a shutdown hook and more
 * than once.
 */
public final class ServingProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServingProcess.class);

    private final ServingOptions options;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Path stateDir;
    private boolean temporaryStateDir;
    private ServingHttpServer http;

    private ServingProcess(ServingOptions options) {
        this.options = options;
    }

    /** Opens the state, starts the HTTP server and the consumers, and writes the port file. */
    public static ServingProcess start(ServingOptions options) throws IOException {
        ServingProcess process = new ServingProcess(options);
        try {
            process.startComponents();
            return process;
        } catch (IOException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private void startComponents() throws IOException {
        if (options.portFile() != null) {
            Files.deleteIfExists(options.portFile());
        }
        temporaryStateDir = options.stateDir() == null;
        stateDir = temporaryStateDir ? Files.createTempDirectory("streamrank-serving-") : options.stateDir();
        Clock clock = Clock.systemUTC();

        OnlineFeatureStore store = OnlineFeatureStore.open(stateDir, FeatureOptions.DEFAULTS, clock);
        SnapshotLoader loader = new SnapshotLoader(options.snapshotDir());
        loader.addLoadListener(model -> store.useFeatureOptions(model.contents().features()));
        Recommender recommender = new Recommender(store, loader::current, options.cascade(), clock);

        TopicConsumer features = new TopicConsumer(
                options.bootstrapServers(), options.featuresTopic(), "streamrank-serving-features",
                record -> store.apply(record.key(), record.value(), record.timestamp()));
        TopicConsumer snapshots = new TopicConsumer(
                options.bootstrapServers(), options.snapshotsTopic(), "streamrank-serving-snapshots",
                record -> loader.apply(new String(record.value(), StandardCharsets.UTF_8)));
        ServingApi api = new ServingApi(recommender, store, loader, new ServingMetrics(), List.of(features, snapshots));

        // Closed in reverse order: the HTTP server first, the store last.
        resources.add(store);
        resources.add(features);
        resources.add(snapshots);
        features.start();
        snapshots.start();
        http = ServingHttpServer.start(options.http(), api);
        resources.add(http);

        if (options.portFile() != null) {
            writePortFile(options.portFile(), http.port());
        }
        LOG.info("Serving process started: snapshots from {}, features state in {}, topics {} and {} at {}",
                options.snapshotDir(), stateDir, options.featuresTopic(), options.snapshotsTopic(),
                options.bootstrapServers());
    }

    /** Returns the URI of the HTTP server root. */
    public URI baseUri() {
        return http.baseUri();
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        LOG.info("Stopping the serving process");
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("Failed to close {}", resources.get(i).getClass().getSimpleName(), e);
            }
        }
        resources.clear();
        deleteQuietly(options.portFile());
        if (temporaryStateDir && stateDir != null) {
            deleteRecursively(stateDir);
        }
        LOG.info("Serving process stopped");
        closed.countDown();
    }

    private static void writePortFile(Path portFile, int port) throws IOException {
        Path absolute = portFile.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(temporary, port + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Failed to delete {}: {}", file, e.getMessage());
        }
    }

    private static void deleteRecursively(Path directory) {
        try {
            Directories.deleteRecursively(directory);
        } catch (IOException e) {
            LOG.warn("Failed to delete the temporary state directory {}: {}", directory, e.getMessage());
        }
    }
}
