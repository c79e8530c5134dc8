package io.streamrank.serving;

import io.streamrank.serving.cascade.CascadeOptions;
import io.streamrank.serving.http.HttpOptions;
import io.streamrank.serving.kafka.BootstrapServers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The {@code serve} command: runs the serving process until the JVM is asked to stop (SIGTERM or
 * SIGINT), then shuts it down from a shutdown hook. Exit codes: 1 when the process cannot start,
 * 2 for invalid options, and after a stop by signal the JVM's 128 plus the signal number (143 for
 * SIGTERM).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        version = "streamrank serve 0.1.0",
        sortOptions = false,
        description = {
            "Serves recommendations from the model snapshots and feature updates that the streamrank jobs publish.",
            "Reads both topics from the beginning at every start, so the state is rebuilt after a restart."
        })
public final class ServingMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServingMain.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers.")
    private String bootstrapServers;

    @Option(names = "--snapshot-dir", required = true, paramLabel = "DIR",
            description = "Root directory of the published model snapshots, laid out as <root>/<model>/v0000000007/.")
    private Path snapshotDir;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "RocksDB directory of the online feature store. Default: a new temporary directory, "
                    + "deleted when the process stops.")
    private Path stateDir;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = HttpOptions.DEFAULT_HOST,
            description = "Address the HTTP server binds. Default: ${DEFAULT-VALUE}.")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + HttpOptions.DEFAULT_PORT,
            description = "HTTP port; 0 binds a free port. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--port-file", paramLabel = "FILE",
            description = "File that receives the bound HTTP port once the server listens, and is deleted at stop.")
    private Path portFile;

    @Option(names = "--http-threads", paramLabel = "N", defaultValue = "" + HttpOptions.DEFAULT_THREADS,
            description = "Threads that handle HTTP requests. Default: ${DEFAULT-VALUE}.")
    private int httpThreads;

    @Option(names = "--features-topic", paramLabel = "TOPIC", defaultValue = ServingOptions.DEFAULT_FEATURES_TOPIC,
            description = "Topic of the feature updates. Default: ${DEFAULT-VALUE}.")
    private String featuresTopic;

    @Option(names = "--snapshots-topic", paramLabel = "TOPIC", defaultValue = ServingOptions.DEFAULT_SNAPSHOTS_TOPIC,
            description = "Topic of the snapshot announcements. Default: ${DEFAULT-VALUE}.")
    private String snapshotsTopic;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "500",
            description = "Maximum candidates taken from each source (popular items, nearest items by "
                    + "pre-ranker embedding) per request. Default: ${DEFAULT-VALUE}.")
    private int candidates;

    @Option(names = "--prerank-size", paramLabel = "M", defaultValue = "200",
            description = "Candidates the pre-ranker keeps for the ranker. Default: ${DEFAULT-VALUE}.")
    private int prerankSize;

    @Option(names = "--purchase-weight", paramLabel = "W", defaultValue = "1.0",
            description = "Weight w of the purchase probability in the score p_click + w * p_purchase. "
                    + "Default: ${DEFAULT-VALUE}.")
    private double purchaseWeight;

    /** Returns the command line of {@code serve}, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new ServingMain());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ServingOptions options = options();
        ServingProcess process;
        try {
            process = ServingProcess.start(options);
        } catch (IOException e) {
            LOG.error("Failed to start the serving process: {}", e.getMessage(), e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::close, "serving-shutdown"));
        LOG.info("Serving at {} (try {}recommend?user=1&k=10)", process.baseUri(), process.baseUri());
        process.awaitClose();
        return 0;
    }

    /** Builds the validated settings, or throws a usage error that names the option. */
    ServingOptions options() {
        try {
            BootstrapServers.check("--bootstrap-servers", bootstrapServers);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        requireRange("--port", port, 0, 65535);
        requireRange("--http-threads", httpThreads, 1, HttpOptions.MAX_THREADS);
        requireRange("--candidates", candidates, 1, CascadeOptions.MAX_CANDIDATES);
        requireRange("--prerank-size", prerankSize, 1, CascadeOptions.MAX_CANDIDATES);
        if (!(purchaseWeight >= 0) || Double.isInfinite(purchaseWeight)) {
            throw usageError("option '--purchase-weight' is " + purchaseWeight + "; expected a finite number, zero or more");
        }
        if (featuresTopic.equals(snapshotsTopic)) {
            throw usageError("options '--features-topic' and '--snapshots-topic' are both '" + featuresTopic
                    + "'; expected two different topics");
        }
        try {
            return new ServingOptions(
                    bootstrapServers,
                    snapshotDir,
                    stateDir,
                    portFile,
                    featuresTopic,
                    snapshotsTopic,
                    new HttpOptions(host, port, httpThreads),
                    new CascadeOptions(candidates, prerankSize, purchaseWeight));
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw usageError("option '" + option + "' is " + value + "; expected a value from " + min + " to " + max);
        }
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
