package io.streamrank.jobs.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.jobs.features.EnrichedEvent;
import io.streamrank.jobs.ingest.CapturedMetrics;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class LabelJoinFunctionTest {

    private static final long CLICK_WINDOW = 10_000;
    private static final long PURCHASE_WINDOW = 60_000;
    private static final long USER = 7;
    private static final long ITEM = 42;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private CapturedMetrics metrics = new CapturedMetrics();
    private KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TrainingExample> harness;

    @AfterEach
    void closeHarnesses() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void clickInsideWindow() throws Exception {
        open(0);

        send(impression("imp", 1_000));
        send(click("clk", 5_000));
        harness.processWatermark(5_000 + PURCHASE_WINDOW);

        assertThat(harness.extractOutputValues()).as("before the purchase window has passed").isEmpty();

        harness.processWatermark(5_000 + PURCHASE_WINDOW + 1);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).eventId()).isEqualTo("imp");
        assertThat(examples.get(0).eventTime()).isEqualTo(1_000);
        assertThat(examples.get(0).position()).isEqualTo(3);
        assertThat(examples.get(0).click()).isTrue();
        assertThat(examples.get(0).purchase()).isFalse();
    }

    @Test
    void clickAtWindowEndCounts() throws Exception {
        open(0);

        send(impression("imp", 1_000));
        send(click("clk", 1_000 + CLICK_WINDOW));
        harness.processWatermark(Long.MAX_VALUE);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).eventId()).isEqualTo("imp");
        assertThat(examples.get(0).click()).isTrue();
    }

    @Test
    void clickOutsideWindow() throws Exception {
        open(0);

        send(impression("imp", 1_000));
        send(click("clk", 1_000 + CLICK_WINDOW + 1));
        harness.processWatermark(1_000 + CLICK_WINDOW + 1);

        List<TrainingExample> closed = harness.extractOutputValues();
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).eventId()).isEqualTo("imp");
        assertThat(closed.get(0).click()).isFalse();

        harness.processWatermark(Long.MAX_VALUE);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(2);
        assertThat(examples.get(1).eventId()).isEqualTo("clk");
        assertThat(examples.get(1).click()).isTrue();
        assertThat(examples.get(1).purchase()).isFalse();
    }

    @Test
    void unclickedImpressionEmittedAtDeadline() throws Exception {
        open(0);

        send(impression("imp", 1_000));
        harness.processWatermark(1_000 + CLICK_WINDOW);

        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(1_000 + CLICK_WINDOW + 1);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).click()).isFalse();
        assertThat(examples.get(0).purchase()).isFalse();
        assertThat(examples.get(0).sampled()).isFalse();
    }

    @Test
    void purchaseWithoutClick() throws Exception {
        open(0);

        send(impression("imp", 1_000));
        send(purchase("buy", 3_000));
        harness.processWatermark(3_001);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).eventId()).isEqualTo("imp");
        assertThat(examples.get(0).click()).isTrue();
        assertThat(examples.get(0).purchase()).isTrue();
        assertThat(metrics.count("unmatchedPurchases")).isZero();
    }

    @Test
    void purchaseAfterClickEmitsAtOnce() throws Exception {
        open(0);

        send(impression("imp", 1_000));
        send(click("clk", 2_000));
        send(purchase("buy", 30_000));
        harness.processWatermark(30_001);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).eventId()).isEqualTo("imp");
        assertThat(examples.get(0).click()).isTrue();
        assertThat(examples.get(0).purchase()).isTrue();
    }

    @Test
    void purchaseAfterWindow() throws Exception {
        open(0);

        send(impression("imp", 1_000));
        send(click("clk", 2_000));
        send(purchase("buy", 2_000 + PURCHASE_WINDOW + 1));
        harness.processWatermark(Long.MAX_VALUE);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(2);
        assertThat(examples.get(0).eventId()).isEqualTo("imp");
        assertThat(examples.get(0).click()).isTrue();
        assertThat(examples.get(0).purchase()).isFalse();
        assertThat(examples.get(1).eventId()).isEqualTo("buy");
        assertThat(examples.get(1).click()).isTrue();
        assertThat(examples.get(1).purchase()).isTrue();
        assertThat(metrics.count("unmatchedPurchases")).isEqualTo(1);
    }

    @Test
    void purchaseWithoutExposure() throws Exception {
        open(0);

        send(purchase("buy", 5_000));
        harness.processWatermark(5_001);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).eventId()).isEqualTo("buy");
        assertThat(examples.get(0).position()).isEqualTo(Event.NO_POSITION);
        assertThat(examples.get(0).click()).isTrue();
        assertThat(examples.get(0).purchase()).isTrue();
        assertThat(metrics.count("unmatchedPurchases")).isEqualTo(1);
    }

    @Test
    void clickBeforeItsImpression() throws Exception {
        open(0);

        // Both arrive before the watermark reaches them, the click first.
        send(click("clk", 4_000));
        send(impression("imp", 1_000));
        harness.processWatermark(Long.MAX_VALUE);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).eventId()).isEqualTo("imp");
        assertThat(examples.get(0).click()).isTrue();
        assertThat(metrics.count("outOfOrderEvents")).isZero();
    }

    @Test
    void equalTimesExposureFirst() throws Exception {
        open(0);

        send(purchase("buy", 1_000));
        send(click("clk", 1_000));
        send(impression("imp", 1_000));
        harness.processWatermark(1_001);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).eventId()).isEqualTo("imp");
        assertThat(examples.get(0).click()).isTrue();
        assertThat(examples.get(0).purchase()).isTrue();
    }

    @Test
    void duplicateClickIgnored() throws Exception {
        open(0);

        send(impression("imp", 1_000));
        send(click("clk-1", 2_000));
        send(click("clk-2", 3_000));
        harness.processWatermark(Long.MAX_VALUE);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).click()).isTrue();
        assertThat(metrics.count("duplicateClicks")).isEqualTo(1);
    }

    @Test
    void secondImpressionClosesFirst() throws Exception {
        open(0);

        send(impression("imp-1", 1_000));
        send(impression("imp-2", 2_000));
        send(click("clk", 3_000));
        harness.processWatermark(Long.MAX_VALUE);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(2);
        assertThat(examples.get(0).eventId()).isEqualTo("imp-1");
        assertThat(examples.get(0).click()).isFalse();
        assertThat(examples.get(1).eventId()).isEqualTo("imp-2");
        assertThat(examples.get(1).click()).isTrue();
    }

    @Test
    void sampledImpressionStaysMarked() throws Exception {
        open(0);

        send(EnrichedEvent.of(
                Event.impression("sampled", USER, ITEM, -1, 1_000, "req-1", 0, true),
                1_000,
                UserFeatures.empty(USER),
                ItemFeatures.empty(ITEM)));
        harness.processWatermark(Long.MAX_VALUE);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).sampled()).isTrue();
        assertThat(examples.get(0).click()).isFalse();
    }

    @Test
    void cartAndFavAreNoLabels() throws Exception {
        open(0);

        send(impression("imp", 1_000));
        send(EnrichedEvent.of(Event.engagement("cart", EventType.CART, USER, ITEM, -1, 2_000), 2_000,
                UserFeatures.empty(USER), ItemFeatures.empty(ITEM)));
        send(EnrichedEvent.of(Event.engagement("fav", EventType.FAV, USER, ITEM, -1, 3_000), 3_000,
                UserFeatures.empty(USER), ItemFeatures.empty(ITEM)));
        harness.processWatermark(Long.MAX_VALUE);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).click()).isFalse();
        assertThat(examples.get(0).purchase()).isFalse();
    }

    @Test
    void allowedLatenessDelaysDeadline() throws Exception {
        long allowedLateness = 5_000;
        open(allowedLateness);

        send(impression("imp", 1_000));
        harness.processWatermark(1_000 + CLICK_WINDOW + 1);

        assertThat(harness.extractOutputValues()).as("while the click window waits for late clicks").isEmpty();

        // 2001 ms behind the watermark, less than the allowed lateness, and within the click window.
        send(click("clk", 9_000));
        harness.processWatermark(Long.MAX_VALUE);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).eventId()).isEqualTo("imp");
        assertThat(examples.get(0).click()).isTrue();
        assertThat(metrics.count("outOfOrderEvents")).isZero();
    }

    @Test
    void lateEventCounted() throws Exception {
        open(0);

        send(impression("imp", 1_000));
        harness.processWatermark(1_000 + CLICK_WINDOW + 1);
        send(click("late-click", 5_000));
        harness.processWatermark(Long.MAX_VALUE);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(2);
        assertThat(examples.get(0).eventId()).isEqualTo("imp");
        assertThat(examples.get(0).click()).isFalse();
        assertThat(examples.get(1).eventId()).isEqualTo("late-click");
        assertThat(examples.get(1).click()).isTrue();
        assertThat(metrics.count("outOfOrderEvents")).isEqualTo(1);
    }

    @Test
    void openWindowSurvivesRestore() throws Exception {
        open(0);
        send(impression("imp", 1_000));
        send(click("clk", 3_000));
        harness.processWatermark(2_000);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 2_500L);

        restore(snapshot, 0);
        send(purchase("buy", 20_000));
        harness.processWatermark(20_001);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).eventId()).isEqualTo("imp");
        assertThat(examples.get(0).click()).isTrue();
        assertThat(examples.get(0).purchase()).isTrue();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void timersSurviveRestore() throws Exception {
        open(0);
        send(impression("imp", 1_000));
        harness.processWatermark(5_000);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 5_500L);

        restore(snapshot, 0);
        harness.processWatermark(1_000 + CLICK_WINDOW + 1);

        List<TrainingExample> examples = harness.extractOutputValues();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).eventId()).isEqualTo("imp");
        assertThat(examples.get(0).click()).isFalse();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void stateClearedAfterEmit() throws Exception {
        open(0);

        send(impression("imp", 1_000));
        send(click("clk", 2_000));
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void invalidSettingsRejected() {
        assertThatThrownBy(() -> new LabelJoinFunction(0, PURCHASE_WINDOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("click window is 0 ms and purchase window is 60000 ms; expected both positive");
        assertThatThrownBy(() -> new LabelJoinFunction(CLICK_WINDOW, PURCHASE_WINDOW, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowed lateness is -1 ms; expected zero or more");
    }

    private void open(long allowedLatenessMillis) throws Exception {
        harness = harness(new CapturedMetrics(), allowedLatenessMillis, null);
    }

    private void restore(OperatorSubtaskState snapshot, long allowedLatenessMillis) throws Exception {
        harness = harness(new CapturedMetrics(), allowedLatenessMillis, snapshot);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TrainingExample> harness(
            CapturedMetrics capturedMetrics, long allowedLatenessMillis, OperatorSubtaskState restoreFrom)
            throws Exception {
        metrics = capturedMetrics;
        MockEnvironment environment = CapturedMetrics.environment(capturedMetrics);
        var created = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LabelJoinFunction(CLICK_WINDOW, PURCHASE_WINDOW, allowedLatenessMillis)),
                LabelJoinFunction::pairKey,
                Types.STRING,
                environment);
        opened.add(environment);
        opened.add(0, created);
        if (restoreFrom != null) {
            created.initializeState(restoreFrom);
        }
        created.open();
        return created;
    }

    private void send(EnrichedEvent enriched) throws Exception {
        harness.processElement(enriched, enriched.event().eventTime());
    }

    private static EnrichedEvent impression(String eventId, long eventTime) {
        return enriched(Event.impression(eventId, USER, ITEM, -1, eventTime, "req-" + eventId, 3, false));
    }

    private static EnrichedEvent click(String eventId, long eventTime) {
        return enriched(Event.engagement(eventId, EventType.CLICK, USER, ITEM, -1, eventTime));
    }

    private static EnrichedEvent purchase(String eventId, long eventTime) {
        return enriched(Event.engagement(eventId, EventType.PURCHASE, USER, ITEM, -1, eventTime));
    }

    private static EnrichedEvent enriched(Event event) {
        return EnrichedEvent.of(event, event.eventTime(), UserFeatures.empty(USER), ItemFeatures.empty(ITEM));
    }
}
