package io.streamrank.jobs.cli;

import io.streamrank.jobs.demo.Demo;
import io.streamrank.jobs.demo.DemoOptions;
import io.streamrank.jobs.demo.DemoSummary;
import io.streamrank.serving.files.Directories;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the whole loop on a dataset: Kafka, the Flink job, serving and the replay. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a Kafka broker (KRaft) on 127.0.0.1, the streamrank job on a local Flink MiniCluster with RocksDB"
                    + " state, and the serving process, then replays the dataset into the events topic.",
            "Prints progress every 5 s and keeps serving until Ctrl-C, --duration or --until-caught-up."
        })
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    private DatasetOptions dataset;

    @Option(names = "--speed", defaultValue = "0",
            description = "Event time per wall-clock time (3600 plays an hour per second); 0 replays as fast as possible (default).")
    private double speed;

    @Option(names = "--duration", description = "Stop after this many seconds (default: run until Ctrl-C).")
    private Long durationSeconds;

    @Option(names = "--until-caught-up",
            description = "Stop once the replay is consumed, training has settled and serving loaded two snapshots.")
    private boolean untilCaughtUp;

    @Option(names = "--invalid-records", defaultValue = "5",
            description = "Deliberately invalid records written among the events, to show the dead-letter topic (default: ${DEFAULT-VALUE}).")
    private int invalidRecords;

    @Option(names = "--parallelism", defaultValue = "2",
            description = "Parallelism of the source and the feature functions; trainers run one subtask per model (default: ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "5",
            description = "Seconds between checkpoints; snapshots are published after them (default: ${DEFAULT-VALUE}).")
    private long checkpointSeconds;

    @Option(names = "--snapshot-interval", defaultValue = "10",
            description = "Minimum seconds between model snapshots (default: ${DEFAULT-VALUE}).")
    private long snapshotSeconds;

    @Mixin
    private ValidationCliOptions validation;

    @Option(names = "--work-dir", description = "Directory for Kafka logs, checkpoints, snapshots and logs, kept after the run"
            + " (default: a new temporary directory, deleted after a run that ends normally).")
    private Path workDirectory;

    @Option(names = "--summary-json", description = "Write the run's figures to this JSON file at the end.")
    private Path summaryJson;

    @Option(names = "--latency-probe", defaultValue = "300",
            description = "/recommend requests sent at the end to measure latency (default: ${DEFAULT-VALUE}).")
    private int latencyProbe;

    @Override
    public Integer call() throws Exception {
        // Check the data before anything starts, so a wrong path fails in a second, not after the
        // broker, the job and serving have come up.
        io.streamrank.features.replay.DatasetReplay.open(dataset.dataset(), dataset.data, dataset.replayOptions());
        requireOptions();
        Path work = workDirectory != null ? workDirectory : Files.createTempDirectory("streamrank-demo-");
        DemoOptions options = new DemoOptions(
                dataset.dataset(),
                dataset.data,
                dataset.replayOptions(),
                speed,
                durationSeconds == null ? null : Duration.ofSeconds(durationSeconds),
                untilCaughtUp,
                2,
                invalidRecords,
                parallelism,
                Duration.ofSeconds(checkpointSeconds),
                Duration.ofSeconds(snapshotSeconds),
                validation.validationOptions(),
                work,
                latencyProbe);
        Demo demo = new Demo(options, System.out);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("Stopping: finishing the current progress step, then shutting down...");
            demo.requestStop();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "streamrank-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoSummary summary = demo.run();
            System.out.println(summary.toPrettyJson());
            if (summaryJson != null) {
                summary.writeTo(summaryJson);
                System.out.println("Summary written to " + summaryJson.toAbsolutePath());
            }
            if (workDirectory == null) {
                Directories.deleteRecursively(work);
                System.out.println("Deleted the work directory " + work + " (--work-dir keeps one)");
            }
            return 0;
        } catch (Exception e) {
            System.err.println("The work directory with the logs of this run is kept in " + work);
            throw e;
        } finally {
            finished.countDown();
        }
    }

    /** Checks the options that the job and the demo check later, so that nothing starts in vain. */
    private void requireOptions() {
        if (parallelism < 1 || parallelism > 1024) {
            throw new IllegalArgumentException("option '--parallelism' is " + parallelism + "; expected 1 to 1024");
        }
        requirePositive("--checkpoint-interval", checkpointSeconds);
        requirePositive("--snapshot-interval", snapshotSeconds);
        if (durationSeconds != null) {
            requirePositive("--duration", durationSeconds);
        }
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("option '--speed' is " + speed + "; expected 0 (as fast as possible) or more");
        }
        if (invalidRecords < 0) {
            throw new IllegalArgumentException("option '--invalid-records' is " + invalidRecords + "; expected 0 or more");
        }
        if (latencyProbe < 0) {
            throw new IllegalArgumentException("option '--latency-probe' is " + latencyProbe + "; expected 0 or more");
        }
    }

    private static void requirePositive(String option, long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("option '" + option + "' is " + seconds + "; expected a positive number of seconds");
        }
    }
}
