package io.streamrank.jobs.cli;

import io.streamrank.jobs.JobOptions;
import io.streamrank.jobs.runtime.LocalJobRunner;
import io.streamrank.serving.kafka.BootstrapServers;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the streamrank job on a local MiniCluster against an existing Kafka cluster. */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = "Runs the streamrank Flink job on a local MiniCluster (RocksDB state) until Ctrl-C.")
public final class JobCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, for example 127.0.0.1:9092.")
    private String bootstrapServers;

    @Option(names = "--work-dir", required = true, description = "Directory for checkpoints and published snapshots.")
    private Path workDirectory;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of the source and the feature functions (default: ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "10", description = "Seconds between checkpoints (default: ${DEFAULT-VALUE}).")
    private long checkpointSeconds;

    @Option(names = "--snapshot-interval", defaultValue = "10", description = "Minimum seconds between model snapshots (default: ${DEFAULT-VALUE}).")
    private long snapshotSeconds;

    @Mixin
    private ValidationCliOptions validation;

    @Option(names = "--restore", description = "Retained checkpoint directory to restore from, for example WORK/checkpoints/JOBID/chk-12.")
    private Path restore;

    @Override
    public Integer call() throws Exception {
        BootstrapServers.check("--bootstrap-servers", bootstrapServers);
        if (restore != null && !Files.isRegularFile(restore.resolve("_metadata"))) {
            throw new IllegalArgumentException("option '--restore' is '" + restore + "': "
                    + (Files.isDirectory(restore) ? "it has no _metadata file" : "no such directory")
                    + "; expected a retained checkpoint directory such as WORK/checkpoints/JOBID/chk-12");
        }
        JobOptions options = JobOptions.builder(bootstrapServers, workDirectory)
                .parallelism(parallelism)
                .checkpointInterval(Duration.ofSeconds(checkpointSeconds))
                .snapshotInterval(Duration.ofSeconds(snapshotSeconds))
                .validation(validation.validationOptions())
                .build();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "streamrank-job-shutdown"));
        try (LocalJobRunner runner = LocalJobRunner.start(options, restore)) {
            System.out.println("Job " + runner.client().getJobID() + " running; snapshots go to "
                    + options.snapshotDirectory().toAbsolutePath() + ". Ctrl-C stops it.");
            stop.await();
        }
        return 0;
    }
}
