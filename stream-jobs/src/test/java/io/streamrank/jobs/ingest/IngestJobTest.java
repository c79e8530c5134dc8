package io.streamrank.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.jobs.JobOptions;
import io.streamrank.jobs.demo.ProgressMonitor;
import io.streamrank.jobs.replay.EventProducer;
import io.streamrank.jobs.runtime.EmbeddedKafkaBroker;
import io.streamrank.jobs.runtime.LocalJobRunner;
import io.streamrank.model.snapshot.ModelSnapshot;
import io.streamrank.serving.model.NegativeSamplingCorrection;
import io.streamrank.serving.sink.SnapshotAnnouncement;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The ingest side of the job from Kafka to the snapshots: a duplicate is dropped, a late event
 * goes to the late-events topic and nowhere else, and the negative keep rate reaches the
 * snapshot manifests.
 */
class IngestJobTest {

    private static final long START = 1_700_000_000_000L;
    private static final int FIRST_BATCH = 200;
    private static final int BATCH = 20;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    /** Several times the interval at which the feature function reports its event count (200 ms). */
    private static final Duration SETTLE_TIME = Duration.ofSeconds(1);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void duplicateAndLateEventHandled() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"))) {
            // One partition and one subtask: the events keep their order, so the watermark is
            // known when the late event arrives.
            JobOptions options = JobOptions.builder(broker.bootstrapServers(), work.resolve("job"))
                    .parallelism(1)
                    .checkpointInterval(Duration.ofSeconds(1))
                    .snapshotInterval(Duration.ofSeconds(1))
                    .batchSize(16)
                    .clickWindow(Duration.ofSeconds(10))
                    .negativeKeepRate(0.5)
                    .build();
            JobOptions.Topics topics = options.topics();
            broker.createTopics(1, topics.all());

            try (LocalJobRunner job = LocalJobRunner.start(options, null);
                    ProgressMonitor monitor = new ProgressMonitor(broker.bootstrapServers(), topics);
                    EventProducer producer = new EventProducer(broker.bootstrapServers(), topics.events())) {
                producer.send(onTimeEvents(0, FIRST_BATCH).iterator(), 0, ignored -> { });
                awaitTrue(() -> monitor.eventsConsumed() >= FIRST_BATCH,
                        () -> "consumed " + monitor.eventsConsumed() + " of " + FIRST_BATCH);

                Event copy = onTimeEvents(0, 1).get(0);
                Event late = Event.engagement("late", EventType.CLICK, 3, 103, -1, START - 3_600_000);
                producer.send(List.of(copy, late).iterator(), 0, ignored -> { });
                List<ConsumerRecord<String, String>> lateRecords = readLateEvents(broker, topics.lateEvents());

                // A trainer stages a snapshot once examples keep coming for a snapshot interval.
                int sent = FIRST_BATCH;
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (firstRankerSnapshot(monitor) == null) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("no ranker snapshot within " + DEADLINE + " after " + sent
                                + " events; announcements " + monitor.announcements());
                    }
                    producer.send(onTimeEvents(sent, sent + BATCH).iterator(), 0, ignored -> { });
                    sent += BATCH;
                    Thread.sleep(500);
                }
                int onTime = sent;
                long consumed = awaitSettled(monitor, onTime);

                assertThat(lateRecords).hasSize(1);
                ConsumerRecord<String, String> record = lateRecords.get(0);
                JsonNode value = MAPPER.readTree(record.value());
                assertThat(value.path("event_id").asText()).isEqualTo("late");
                assertThat(value.path("event_time").asLong()).isEqualTo(late.eventTime());
                assertThat(record.key()).isEqualTo("3");
                Header watermark = record.headers().lastHeader(LateEventSerializer.WATERMARK_HEADER);
                assertThat(watermark).isNotNull();
                assertThat(Long.parseLong(new String(watermark.value(), StandardCharsets.UTF_8)))
                        .isGreaterThanOrEqualTo(START);

                Map<String, String> settings =
                        ModelSnapshot.readManifest(Path.of(firstRankerSnapshot(monitor).path())).settings();
                assertThat(settings).containsEntry(NegativeSamplingCorrection.KEEP_RATE_SETTING, "0.5");

                // Neither the copy of the first event nor the late event reached the features.
                assertThat(consumed).isEqualTo(onTime);
            }
        }
    }

    /** Impressions and every fourth a purchase, of 10 users and 25 items, one second apart. */
    private static List<Event> onTimeEvents(int from, int to) {
        List<Event> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            long user = i % 10;
            long item = 100 + i % 25;
            long time = START + i * 1_000L;
            events.add(i % 4 == 3
                    ? Event.engagement("purchase-" + i, EventType.PURCHASE, user, item, -1, time)
                    : Event.impression("impression-" + i, user, item, -1, time, "request-" + i, 0, false));
        }
        return events;
    }

    private static SnapshotAnnouncement firstRankerSnapshot(ProgressMonitor monitor) {
        return monitor.announcements().stream().filter(a -> a.model().equals("ranker")).findFirst().orElse(null);
    }

    /** Reads the late-events topic from the beginning until it has a record or the deadline passes. */
    private static List<ConsumerRecord<String, String>> readLateEvents(EmbeddedKafkaBroker broker, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // A second record, if the job wrote one, comes with or right after the first.
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    /**
     * Waits until the job has consumed at least {@code expected} events and the count has not
     * changed for {@link #SETTLE_TIME}, so that events still in flight are counted too, and returns
     * the count.
     */
    private static long awaitSettled(ProgressMonitor monitor, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long last = -1;
        long unchangedSince = System.nanoTime();
        while (true) {
            long consumed = monitor.eventsConsumed();
            long now = System.nanoTime();
            if (consumed != last) {
                last = consumed;
                unchangedSince = now;
            } else if (consumed >= expected && now - unchangedSince >= SETTLE_TIME.toNanos()) {
                return consumed;
            }
            if (now > deadline) {
                throw new AssertionError("consumed " + consumed + " of " + expected + " within " + DEADLINE);
            }
            Thread.sleep(100);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + DEADLINE + ": " + state.get());
            }
            Thread.sleep(200);
        }
    }
}
