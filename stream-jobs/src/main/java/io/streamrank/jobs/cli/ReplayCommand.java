package io.streamrank.jobs.cli;

import io.streamrank.features.replay.DatasetReplay;
import io.streamrank.features.replay.ReplayStats;
import io.streamrank.jobs.replay.EventProducer;

import io.streamrank.serving.kafka.BootstrapServers;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** Replays a dataset into the events topic of a running Kafka cluster. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Reads a dataset and writes its events, with sampled impressions, to the events topic in event-time order.")
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    private DatasetOptions dataset;

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, for example 127.0.0.1:9092.")
    private String bootstrapServers;

    @Option(names = "--topic", defaultValue = "events", description = "Topic to write to (default: ${DEFAULT-VALUE}).")
    private String topic;

    @Option(names = "--speed", defaultValue = "0",
            description = "Event time per wall-clock time (3600 plays an hour per second); 0 writes as fast as possible (default).")
    private double speed;

    @Override
    public Integer call() throws Exception {
        BootstrapServers.check("--bootstrap-servers", bootstrapServers);
        if (speed < 0 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("--speed is " + speed + "; expected 0 (as fast as possible) or more");
        }
        DatasetReplay replay = DatasetReplay.open(dataset.dataset(), dataset.data, dataset.replayOptions());
        long start = System.nanoTime();
        long sent;
        try (EventProducer producer = new EventProducer(bootstrapServers, topic)) {
            sent = producer.send(replay, speed, count -> System.out.printf(Locale.ROOT,
                    "%,d events sent (%,.0f/s)%n", count, count / ((System.nanoTime() - start) / 1e9)));
        }
        ReplayStats stats = replay.stats();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "Replayed %,d events to %s in %.1f s (%,.0f/s); %,d rows read, %,d skipped%n",
                sent, topic, seconds, sent / seconds, stats.rowsRead(), stats.rowsSkipped());
        for (String reason : stats.skippedRowReasons()) {
            System.out.println("  skipped " + reason);
        }
        return 0;
    }
}
