package io.streamrank.features.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

class ItemFeaturesTest {

    /** Relative error allowed between two summation orders of the same decayed terms. */
    private static final double DECAY_RELATIVE_TOLERANCE = 1e-12;

    private static final FeatureOptions OPTIONS = FeatureOptions.DEFAULTS;
    private static final long START = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    void decayedCountsSumExponentials() {
        ItemFeatures item = ItemFeatures.empty(9)
                .apply(event(EventType.CLICK, START), GlobalRates.NONE, OPTIONS)
                .apply(event(EventType.CLICK, START + 24 * HOUR), GlobalRates.NONE, OPTIONS);

        assertThat(item.decayedClicks()).isCloseTo(1 + Math.exp(-1), within(1e-12));
        assertThat(item.decayedTo(START + 48 * HOUR, OPTIONS).decayedClicks())
                .isCloseTo(Math.exp(-1) + Math.exp(-2), within(1e-12));
        assertThat(item.asOf()).isEqualTo(START + 24 * HOUR);
        assertThat(item.count(EventType.CLICK)).isEqualTo(2);
    }

    @Test
    void decayedCountsIgnoreEventOrder() {
        Random random = new Random(23);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            EventType type = EventType.values()[random.nextInt(EventType.values().length)];
            events.add(event(type, START + random.nextInt(100 * (int) HOUR)));
        }

        ItemFeatures inOrder = applyAll(events.stream()
                .sorted((a, b) -> Long.compare(a.eventTime(), b.eventTime())).toList());
        Collections.shuffle(events, random);
        ItemFeatures shuffled = applyAll(events);

        assertThat(shuffled.asOf()).isEqualTo(inOrder.asOf());
        assertThat(shuffled.counts()).containsExactly(inOrder.counts());
        assertRelativelyClose(shuffled.decayedImpressions(), inOrder.decayedImpressions());
        assertRelativelyClose(shuffled.decayedClicks(), inOrder.decayedClicks());
        assertRelativelyClose(shuffled.decayedPurchases(), inOrder.decayedPurchases());
    }

    @Test
    void smoothedRatesShrinkToPrior() {
        GlobalRates prior = new GlobalRates(START, 100.0, 10.0, 2.0);
        ItemFeatures item = ItemFeatures.empty(9, prior);
        FeatureOptions options = OPTIONS.toBuilder().ctrPriorImpressions(20).cvrPriorClicks(10).build();

        assertThat(item.smoothedCtr(options)).isCloseTo(0.1, within(1e-12));
        assertThat(item.smoothedCvr(options)).isCloseTo(0.2, within(1e-12));

        for (int i = 0; i < 20; i++) {
            item = item.apply(event(EventType.IMPRESSION, START), prior, options);
        }
        item = item.apply(event(EventType.CLICK, START), prior, options);
        assertThat(item.smoothedCtr(options)).isCloseTo((1 + 20 * 0.1) / (20 + 20), within(1e-12));
        assertThat(item.smoothedCvr(options)).isCloseTo((0 + 10 * 0.2) / (1 + 10), within(1e-12));
    }

    @Test
    void valueCarriesGivenPrior() {
        GlobalRates first = new GlobalRates(START, 10.0, 1.0, 0.5);
        GlobalRates second = new GlobalRates(START, 10.0, 5.0, 0.5);

        ItemFeatures item = ItemFeatures.empty(9, first).apply(event(EventType.CLICK, START), second, OPTIONS);

        assertThat(item.priorCtr()).isEqualTo(0.5);
        assertThat(item.priorCvr()).isEqualTo(0.1);
        assertThat(ItemFeatures.empty(9).priorCtr()).isZero();
    }

    @Test
    void latestKnownCategoryStays() {
        ItemFeatures item = ItemFeatures.empty(9)
                .apply(Event.engagement("a", EventType.CLICK, 1, 9, 42, START), GlobalRates.NONE, OPTIONS)
                .apply(Event.engagement("b", EventType.CLICK, 1, 9, -1, START + 1), GlobalRates.NONE, OPTIONS);

        assertThat(item.categoryId()).isEqualTo(42);
    }

    @Test
    void rejectsOtherItemEvent() {
        assertThatThrownBy(() -> ItemFeatures.empty(8).apply(event(EventType.CLICK, START), GlobalRates.NONE, OPTIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is about item 9, not item 8");
    }

    @Test
    void globalRatesAreDecayedRatios() {
        GlobalRates rates = GlobalRates.NONE;
        assertThat(rates.ctr()).isZero();
        assertThat(rates.cvr()).isZero();
        for (int i = 0; i < 8; i++) {
            rates = rates.apply(event(EventType.IMPRESSION, START), OPTIONS);
        }
        rates = rates.apply(event(EventType.CLICK, START), OPTIONS);
        rates = rates.apply(event(EventType.CLICK, START), OPTIONS);
        rates = rates.apply(event(EventType.PURCHASE, START), OPTIONS);

        assertThat(rates.ctr()).isCloseTo(0.25, within(1e-12));
        assertThat(rates.cvr()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void mergeAveragesAtLatestTime() {
        GlobalRates early = new GlobalRates(START, 100.0, 10.0, 1.0);
        GlobalRates late = new GlobalRates(START + 24 * HOUR, 50.0, 10.0, 4.0);

        GlobalRates merged = GlobalRates.merge(List.of(early, late), OPTIONS);

        assertThat(merged.asOf()).isEqualTo(START + 24 * HOUR);
        assertThat(merged.decayedImpressions()).isCloseTo((100 * Math.exp(-1) + 50) / 2, within(1e-9));
        assertThat(merged.decayedClicks()).isCloseTo((10 * Math.exp(-1) + 10) / 2, within(1e-9));
        assertThat(GlobalRates.merge(List.of(), OPTIONS)).isEqualTo(GlobalRates.NONE);
    }

    private static void assertRelativelyClose(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * DECAY_RELATIVE_TOLERANCE));
    }

    private static ItemFeatures applyAll(List<Event> events) {
        ItemFeatures item = ItemFeatures.empty(9);
        for (Event event : events) {
            item = item.apply(event, GlobalRates.NONE, OPTIONS);
        }
        return item;
    }

    private static Event event(EventType type, long time) {
        return type == EventType.IMPRESSION
                ? Event.impression("i" + time, 1, 9, 3, time, "r", 0, false)
                : Event.engagement("e" + time, type, 1, 9, 3, time);
    }
}
