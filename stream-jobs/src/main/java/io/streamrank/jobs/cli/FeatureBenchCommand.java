package io.streamrank.jobs.cli;

import io.streamrank.jobs.bench.FeatureBench;
import io.streamrank.jobs.bench.FeatureBenchOptions;
import io.streamrank.jobs.bench.FeatureBenchSummary;
import io.streamrank.jobs.bench.PipelineTuning;
import io.streamrank.serving.files.Directories;

import org.apache.flink.state.rocksdb.PredefinedOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** The {@code bench features} command: throughput and freshness of the feature pipeline. */
@Command(
        name = "features",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures the feature pipeline (parse, event time, user and item features on RocksDB state, feature updates"
                    + " to Kafka, checkpoints on) on a local Flink MiniCluster against an embedded Kafka broker.",
            "Phase 1, throughput: writes every event to the events topic, then starts the job and measures the valid"
                    + " events processed per second after the warm-up share of the events.",
            "Phase 2, freshness: runs the pipeline again on topics of its own with the serving process, writes events"
                    + " at --freshness-rate and reads serving's freshness quantiles, the time from an event's Kafka"
                    + " timestamp to its feature update being applied in serving.",
            "Prints progress while it runs and the summary at the end."
        })
public final class FeatureBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions dataset;

    @Option(names = "--parallelism", defaultValue = "2",
            description = "Parallelism of the source, the parser and the feature functions (default: ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(names = "--passes", defaultValue = "8",
            description = "Times the throughput phase writes the dataset; each pass follows the previous one in event"
                    + " time with new event ids. More passes give the JIT compiler time to finish"
                    + " (default: ${DEFAULT-VALUE}).")
    private int passes;

    @Option(names = "--checkpoint-interval", defaultValue = "5",
            description = "Seconds between checkpoints (default: ${DEFAULT-VALUE}).")
    private long checkpointSeconds;

    @Option(names = "--warmup-fraction", defaultValue = "0.25",
            description = "Share of the throughput phase's events processed before its rate is measured"
                    + " (default: ${DEFAULT-VALUE}).")
    private double warmupFraction;

    @Option(names = "--freshness-rate", defaultValue = "2000",
            description = "Events per second written in the freshness phase (default: ${DEFAULT-VALUE}).")
    private double freshnessRate;

    @Option(names = "--freshness-duration", defaultValue = "30",
            description = "Seconds the freshness phase writes events; 0 skips the phase (default: ${DEFAULT-VALUE}).")
    private long freshnessSeconds;

    @Option(names = "--freshness-warmup", defaultValue = "5",
            description = "Seconds the freshness phase writes before its first reading (default: ${DEFAULT-VALUE}).")
    private long freshnessWarmupSeconds;

    @Option(names = "--buffer-timeout", paramLabel = "MS",
            description = "Flink network buffer timeout in milliseconds; 0 flushes after every record"
                    + " (default: the job's, 10 ms).")
    private Long bufferTimeoutMillis;

    @Option(names = "--no-object-reuse",
            description = "Copy records between chained operators, as Flink does by default (default: the job's,"
                    + " no copies).")
    private boolean noObjectReuse;

    @Option(names = "--no-generic-types",
            description = "Fail the job on the first type without Flink type information instead of falling back to"
                    + " Kryo (default: the job's, the fallback is allowed).")
    private boolean noGenericTypes;

    @Option(names = "--rocksdb-options", paramLabel = "NAME", defaultValue = "DEFAULT",
            description = "Predefined RocksDB options: ${COMPLETION-CANDIDATES} (default: the job's, ${DEFAULT-VALUE}).")
    private PredefinedOptions rocksDbOptions;

    @Option(names = "--work-dir",
            description = "Directory for Kafka logs, checkpoints, serving state and logs, kept after the run (default: a"
                    + " new temporary directory, deleted after a successful run).")
    private Path workDirectory;

    @Option(names = "--summary-json", description = "Write the run's figures to this JSON file at the end.")
    private Path summaryJson;

    @Override
    public Integer call() throws Exception {
        FeatureBenchOptions options = options();
        FeatureBenchSummary summary = new FeatureBench(options, System.out).run();
        System.out.println(summary.toPrettyJson());
        if (summaryJson != null) {
            summary.writeTo(summaryJson);
            System.out.println("Summary written to " + summaryJson.toAbsolutePath());
        }
        if (workDirectory == null) {
            // The topics take about 1 GB per million events; a directory the user named stays.
            Directories.deleteRecursively(options.workDirectory());
            System.out.println("Deleted the work directory " + options.workDirectory());
        }
        return 0;
    }

    /** Builds the validated settings, or throws a usage error that names the problem. */
    public FeatureBenchOptions options() {
        PipelineTuning defaults = PipelineTuning.JOB_DEFAULTS;
        if (bufferTimeoutMillis != null && bufferTimeoutMillis < 0) {
            throw new ParameterException(spec.commandLine(),
                    "option '--buffer-timeout' is " + bufferTimeoutMillis + "; expected 0 or more milliseconds");
        }
        try {
            PipelineTuning tuning = new PipelineTuning(
                    bufferTimeoutMillis == null ? defaults.bufferTimeout() : Duration.ofMillis(bufferTimeoutMillis),
                    !noObjectReuse,
                    !noGenericTypes,
                    rocksDbOptions);
            return new FeatureBenchOptions(
                    dataset.dataset(),
                    dataset.data,
                    dataset.replayOptions(),
                    passes,
                    parallelism,
                    Duration.ofSeconds(checkpointSeconds),
                    warmupFraction,
                    freshnessRate,
                    Duration.ofSeconds(freshnessSeconds),
                    Duration.ofSeconds(freshnessWarmupSeconds),
                    tuning,
                    workDirectory != null ? workDirectory : defaultWorkDirectory());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Returns a new directory name under the system's temporary directory, which the benchmark creates. */
    private static Path defaultWorkDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"),
                "streamrank-bench-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis());
    }
}
