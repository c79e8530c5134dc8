package io.streamrank.jobs.features;

import static io.streamrank.jobs.features.FeatureHarnesses.drain;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.state.FeatureBinaryFormat;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.jobs.features.FeatureHarnesses.Backend;
import io.streamrank.jobs.ingest.IngestedEvent;
import io.streamrank.jobs.train.MetricsRecord;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

// The harnesses' close() declares InterruptedException, which try-with-resources warns about.
@SuppressWarnings("try")
class UserFeatureFunctionTest {

    private static final FeatureOptions OPTIONS = FeatureOptions.DEFAULTS;
    private static final long STATS_INTERVAL = 200;
    private static final long START = 1_700_000_000_000L;

    private static final Event CLICK = Event.engagement("a", EventType.CLICK, 1, 10, 5, START);
    private static final Event CART = Event.engagement("b", EventType.CART, 1, 11, 6, START + 1000);
    private static final Event OTHER_USER = Event.impression("c", 2, 10, 5, START + 2000, "r", 0, false);

    private long nextIngestTime = 1;

    @Test
    void emitsBeforeValueAndPublishesAfter() throws Exception {
        try (var harness = FeatureHarnesses.user(OPTIONS, STATS_INTERVAL, Backend.HEAP, null)) {
            process(harness, CLICK, CART, OTHER_USER);

            List<EnrichedEvent> enriched = drain(harness);
            UserFeatures afterClick = UserFeatures.empty(1).apply(CLICK, OPTIONS);
            UserFeatures afterCart = afterClick.apply(CART, OPTIONS);
            assertThat(enriched).extracting(EnrichedEvent::event).containsExactly(CLICK, CART, OTHER_USER);
            assertThat(enriched).extracting(EnrichedEvent::user)
                    .containsExactly(UserFeatures.empty(1), afterClick, UserFeatures.empty(2));
            assertThat(enriched).extracting(EnrichedEvent::item).containsOnlyNulls();
            assertThat(enriched).extracting(EnrichedEvent::ingestTime).containsExactly(1L, 2L, 3L);

            List<FeatureUpdate> updates = drain(harness, UserFeatureFunction.UPDATES);
            assertThat(updates).extracting(FeatureUpdate::key).containsExactly("user:1", "user:1", "user:2");
            assertThat(updates).extracting(update -> FeatureBinaryFormat.decodeUser(update.value()))
                    .containsExactly(afterClick, afterCart, UserFeatures.empty(2).apply(OTHER_USER, OPTIONS));
            assertThat(updates).extracting(FeatureUpdate::ingestTime).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void timestampsAndWatermarksPassThrough() throws Exception {
        try (var harness = FeatureHarnesses.user(OPTIONS, STATS_INTERVAL, Backend.HEAP, null)) {
            process(harness, CLICK);
            harness.processWatermark(new Watermark(START + 500));
            process(harness, CART);

            assertThat(harness.getOutput()).hasSize(3);
            List<Object> output = List.copyOf(harness.getOutput());
            assertThat(((StreamRecord<?>) output.get(0)).getTimestamp()).isEqualTo(START);
            assertThat(output.get(1)).isEqualTo(new Watermark(START + 500));
            assertThat(((StreamRecord<?>) output.get(2)).getTimestamp()).isEqualTo(START + 1000);
        }
    }

    @Test
    void statsTimerReportsProcessedCount() throws Exception {
        try (var harness = FeatureHarnesses.user(OPTIONS, STATS_INTERVAL, Backend.HEAP, null)) {
            harness.setProcessingTime(1000);
            process(harness, CLICK, CART, OTHER_USER);

            harness.setProcessingTime(1000 + STATS_INTERVAL - 1);
            assertThat(drain(harness, UserFeatureFunction.STATS)).isEmpty();

            harness.setProcessingTime(1000 + STATS_INTERVAL);
            assertThat(eventCounts(harness)).containsExactly(3L);

            harness.setProcessingTime(5000);
            assertThat(eventCounts(harness)).as("no timer without new events").isEmpty();
            process(harness, CLICK);
            harness.setProcessingTime(5000 + STATS_INTERVAL);
            assertThat(eventCounts(harness)).containsExactly(4L);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void snapshotRestoreKeepsStateAndCount(Backend backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = FeatureHarnesses.user(OPTIONS, STATS_INTERVAL, backend, null)) {
            process(harness, CLICK, CART, OTHER_USER);
            snapshot = harness.snapshot(1L, 10L);
        }

        Event next = Event.engagement("d", EventType.PURCHASE, 1, 11, 6, START + 3000);
        try (var restored = FeatureHarnesses.user(OPTIONS, STATS_INTERVAL, backend, snapshot)) {
            restored.setProcessingTime(1000);
            process(restored, next);

            UserFeatures beforeNext = UserFeatures.empty(1).apply(CLICK, OPTIONS).apply(CART, OPTIONS);
            assertThat(drain(restored)).extracting(EnrichedEvent::user).containsExactly(beforeNext);
            restored.setProcessingTime(1000 + STATS_INTERVAL);
            // The timer of the snapshot fires first, with the restored count; the new event's timer follows.
            assertThat(eventCounts(restored)).containsExactly(3L, 4L);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stateExpiresAfterProcessingTimeTtl(Backend backend) throws Exception {
        Duration ttl = Duration.ofHours(1);
        FeatureOptions options = OPTIONS.toBuilder().stateTtl(ttl).build();
        try (var harness = FeatureHarnesses.user(options, STATS_INTERVAL, backend, null)) {
            harness.setStateTtlProcessingTime(0);
            process(harness, CLICK);

            harness.setStateTtlProcessingTime(ttl.toMillis() - 1);
            process(harness, CART);
            harness.setStateTtlProcessingTime(2 * ttl.toMillis());
            process(harness, OTHER_USER);
            process(harness, Event.engagement("d", EventType.FAV, 1, 12, 6, START + 3000));

            assertThat(drain(harness)).extracting(EnrichedEvent::user).containsExactly(
                    UserFeatures.empty(1),
                    UserFeatures.empty(1).apply(CLICK, options),
                    UserFeatures.empty(2),
                    UserFeatures.empty(1));
        }
    }

    private static List<Long> eventCounts(KeyedOneInputStreamOperatorTestHarness<Long, IngestedEvent, EnrichedEvent> harness) {
        return drain(harness, UserFeatureFunction.STATS).stream()
                .map(MetricsRecord::parse)
                .map(node -> node.path("events").asLong())
                .toList();
    }

    /** Processes the events with ingest times 1, 2, 3 … over the test, and their event times as timestamps. */
    private void process(
            KeyedOneInputStreamOperatorTestHarness<Long, IngestedEvent, EnrichedEvent> harness, Event... events)
            throws Exception {
        for (Event event : events) {
            harness.processElement(new IngestedEvent(event, nextIngestTime++), event.eventTime());
        }
    }
}
