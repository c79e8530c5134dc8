package io.streamrank.jobs.features;

import static io.streamrank.jobs.features.FeatureHarnesses.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.state.FeatureBinaryFormat;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.GlobalRates;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.jobs.features.FeatureHarnesses.Backend;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

// The harnesses' close() declares InterruptedException, which try-with-resources warns about.
@SuppressWarnings("try")
class ItemFeatureFunctionTest {

    private static final FeatureOptions OPTIONS = FeatureOptions.DEFAULTS;
    private static final long START = 1_700_000_000_000L;

    private static final Event SHOWN = Event.impression("a", 1, 10, 5, START, "r", 0, false);
    private static final Event CLICKED = Event.engagement("b", EventType.CLICK, 1, 10, 5, START + 1000);
    private static final Event OTHER_ITEM = Event.impression("c", 1, 20, 6, START + 2000, "r", 1, false);

    @Test
    void attachesBeforeValueAndPublishesAfter() throws Exception {
        try (var harness = FeatureHarnesses.item(OPTIONS, Backend.HEAP, null)) {
            process(harness, SHOWN, CLICKED, OTHER_ITEM);

            GlobalRates afterShown = GlobalRates.NONE.apply(SHOWN, OPTIONS);
            GlobalRates afterClicked = afterShown.apply(CLICKED, OPTIONS);
            ItemFeatures shown = ItemFeatures.empty(10).apply(SHOWN, afterShown, OPTIONS);
            ItemFeatures clicked = shown.apply(CLICKED, afterClicked, OPTIONS);
            List<EnrichedEvent> enriched = drain(harness);
            assertThat(enriched).extracting(EnrichedEvent::item).containsExactly(
                    ItemFeatures.empty(10),
                    shown,
                    ItemFeatures.empty(20, afterClicked));
            assertThat(enriched).extracting(EnrichedEvent::user).as("the user stage's value passes on")
                    .containsOnly(UserFeatures.empty(1));

            List<FeatureUpdate> updates = drain(harness, ItemFeatureFunction.UPDATES);
            assertThat(updates).extracting(FeatureUpdate::key).containsExactly("item:10", "item:10", "item:20");
            assertThat(updates).extracting(update -> FeatureBinaryFormat.decodeItem(update.value())).containsExactly(
                    shown, clicked, ItemFeatures.empty(20, afterClicked).apply(
                            OTHER_ITEM, afterClicked.apply(OTHER_ITEM, OPTIONS), OPTIONS));
        }
    }

    @Test
    void newItemGetsCurrentGlobalPrior() throws Exception {
        try (var harness = FeatureHarnesses.item(OPTIONS, Backend.HEAP, null)) {
            process(harness, SHOWN, SHOWN, SHOWN, CLICKED, OTHER_ITEM);

            GlobalRates rates = GlobalRates.NONE;
            for (Event event : List.of(SHOWN, SHOWN, SHOWN, CLICKED)) {
                rates = rates.apply(event, OPTIONS);
            }
            ItemFeatures fresh = drain(harness).get(4).item();
            assertThat(fresh.asOf()).isEqualTo(-1L);
            assertThat(fresh.priorCtr()).isEqualTo(rates.ctr()).isCloseTo(1.0 / 3, within(1e-4));
            assertThat(fresh.smoothedCtr(OPTIONS)).isEqualTo(rates.ctr());
        }
    }

    @Test
    void watermarksPassThrough() throws Exception {
        try (var harness = FeatureHarnesses.item(OPTIONS, Backend.HEAP, null)) {
            process(harness, SHOWN);
            harness.processWatermark(new Watermark(START + 10));

            assertThat(harness.getOutput()).last().isEqualTo(new Watermark(START + 10));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void snapshotRestoreKeepsStateAndRates(Backend backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = FeatureHarnesses.item(OPTIONS, backend, null)) {
            process(harness, SHOWN, CLICKED);
            snapshot = harness.snapshot(1L, 10L);
        }

        try (var restored = FeatureHarnesses.item(OPTIONS, backend, snapshot)) {
            process(restored, CLICKED, OTHER_ITEM);

            GlobalRates rates = GlobalRates.NONE.apply(SHOWN, OPTIONS).apply(CLICKED, OPTIONS);
            ItemFeatures item = ItemFeatures.empty(10).apply(SHOWN, GlobalRates.NONE.apply(SHOWN, OPTIONS), OPTIONS)
                    .apply(CLICKED, rates, OPTIONS);
            List<EnrichedEvent> enriched = drain(restored);
            assertThat(enriched.get(0).item()).isEqualTo(item);
            assertThat(enriched.get(1).item())
                    .isEqualTo(ItemFeatures.empty(20, rates.apply(CLICKED, OPTIONS)));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void expiredItemKeepsGlobalRates(Backend backend) throws Exception {
        Duration ttl = Duration.ofDays(1);
        FeatureOptions options = OPTIONS.toBuilder().stateTtl(ttl).build();
        try (var harness = FeatureHarnesses.item(options, backend, null)) {
            harness.setStateTtlProcessingTime(0);
            process(harness, SHOWN, CLICKED);
            harness.setStateTtlProcessingTime(ttl.toMillis() + 1);
            process(harness, CLICKED);

            ItemFeatures expired = drain(harness).get(2).item();
            assertThat(expired.asOf()).isEqualTo(-1L);
            assertThat(expired.priorCtr())
                    .isEqualTo(GlobalRates.NONE.apply(SHOWN, options).apply(CLICKED, options).ctr());
        }
    }

    private static void process(
            KeyedOneInputStreamOperatorTestHarness<Long, EnrichedEvent, EnrichedEvent> harness, Event... events)
            throws Exception {
        for (Event event : events) {
            UserFeatures user = UserFeatures.empty(event.userId());
            harness.processElement(EnrichedEvent.of(event, event.eventTime(), user, null), event.eventTime());
        }
    }
}
