package io.streamrank.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.features.event.Event;
import io.streamrank.features.replay.Dataset;
import io.streamrank.features.replay.DatasetReplay;
import io.streamrank.features.replay.ReplayOptions;
import io.streamrank.jobs.demo.InvalidRecords;
import io.streamrank.jobs.demo.ProgressMonitor;
import io.streamrank.jobs.replay.EventProducer;
import io.streamrank.jobs.runtime.EmbeddedKafkaBroker;
import io.streamrank.jobs.runtime.LocalJobRunner;
import io.streamrank.serving.sink.SnapshotAnnouncement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

class StreamrankJobTest {

    @TempDir
    Path work;

    @Test
    void jobTrainsAndPublishesFromKafka() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"))) {
            JobOptions options = JobOptions.builder(broker.bootstrapServers(), work.resolve("job"))
                    .parallelism(2)
                    .checkpointInterval(Duration.ofSeconds(1))
                    .snapshotInterval(Duration.ofSeconds(1))
                    .batchSize(64)
                    .build();
            JobOptions.Topics topics = options.topics();
            broker.createTopics(2, topics.events());
            broker.createTopics(1, topics.deadLetters(), topics.lateEvents(), topics.features(), topics.snapshots(),
                    topics.metrics());

            try (LocalJobRunner job = LocalJobRunner.start(options, null);
                    ProgressMonitor monitor = new ProgressMonitor(broker.bootstrapServers(), topics);
                    EventProducer producer = new EventProducer(broker.bootstrapServers(), topics.events())) {
                DatasetReplay replay = DatasetReplay.open(
                        Dataset.MOVIELENS_100K,
                        TestDatasets.directory("movielens-100k-grouplens"),
                        ReplayOptions.builder().rowLimit(3000).build());
                List<Event> events = replay.stream().toList();
                long sent = producer.send(events.iterator(), 0, ignored -> { });
                for (int i = 0; i < InvalidRecords.kinds(); i++) {
                    producer.sendRaw("bad", InvalidRecords.sample(i));
                }
                producer.flush();

                awaitTrue(() -> monitor.eventsConsumed() == sent, Duration.ofSeconds(90),
                        () -> "consumed " + monitor.eventsConsumed() + " of " + sent);
                awaitTrue(() -> monitor.deadLetters() == InvalidRecords.kinds(), Duration.ofSeconds(30),
                        () -> "dead letters " + monitor.deadLetters());
                awaitTrue(() -> versions(monitor, "ranker") >= 2 && versions(monitor, "prerank") >= 2,
                        Duration.ofSeconds(90), () -> "announcements " + monitor.announcements());

                assertThat(monitor.examplesTrained("ranker")).isPositive();
                assertThat(monitor.examplesTrained("prerank")).isPositive();
                SnapshotAnnouncement first = monitor.announcements().get(0);
                assertThat(Path.of(first.path()).resolve("manifest.json")).exists();
                assertThat(Files.list(Path.of(first.path()))).isNotEmpty();
            }
        }
    }

    private static long versions(ProgressMonitor monitor, String model) {
        return monitor.announcements().stream().filter(a -> a.model().equals(model)).count();
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + ": " + state.get());
            }
            Thread.sleep(200);
        }
    }
}
