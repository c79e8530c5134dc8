package io.streamrank.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

class DeduplicateEventsFunctionTest {

    private static final Duration ID_TTL = Duration.ofMinutes(10);
    private static final long ALLOWED_LATENESS_MILLIS = 500;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeHarnesses() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void firstCopyPasses() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        var harness = open(metrics, null);

        harness.processElement(event("e1", 1_000), 1_000);

        assertThat(eventIds(harness)).containsExactly("e1");
        assertThat(metrics.count("duplicateEvents")).isZero();
        assertThat(metrics.count("lateEvents")).isZero();
    }

    @Test
    void duplicateDropped() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        var harness = open(metrics, null);

        harness.processElement(event("e1", 1_000), 1_000);
        harness.processElement(event("e2", 1_500), 1_500);
        harness.processElement(event("e1", 1_000), 1_000);

        assertThat(eventIds(harness)).containsExactly("e1", "e2");
        assertThat(metrics.count("duplicateEvents")).isEqualTo(1);
    }

    @Test
    void duplicateAmongUsersDropped() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        var harness = open(metrics, null);

        harness.processElement(event("e1", 7, 1_000), 1_000);
        harness.processElement(event("e2", 8, 1_000), 1_000);
        harness.processElement(event("e3", 7, 1_200), 1_200);
        harness.processElement(event("e2", 8, 1_000), 1_000);

        assertThat(eventIds(harness)).containsExactly("e1", "e2", "e3");
        assertThat(metrics.count("duplicateEvents")).isEqualTo(1);
    }

    @Test
    void idExpiresAfterTtl() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        var harness = open(metrics, null);

        harness.setStateTtlProcessingTime(0);
        harness.processElement(event("e1", 1_000), 1_000);
        harness.setStateTtlProcessingTime(ID_TTL.toMillis() - 1);
        harness.processElement(event("e1", 1_000), 1_000);
        harness.setStateTtlProcessingTime(ID_TTL.toMillis());
        harness.processElement(event("e1", 1_000), 1_000);

        assertThat(eventIds(harness)).containsExactly("e1", "e1");
        assertThat(metrics.count("duplicateEvents")).isEqualTo(1);
    }

    @Test
    void copyDoesNotExtendTtl() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        var harness = open(metrics, null);

        harness.setStateTtlProcessingTime(0);
        harness.processElement(event("e1", 1_000), 1_000);
        harness.setStateTtlProcessingTime(ID_TTL.toMillis() / 2);
        harness.processElement(event("e1", 1_000), 1_000);
        harness.setStateTtlProcessingTime(ID_TTL.toMillis() + 1);
        harness.processElement(event("e1", 1_000), 1_000);

        assertThat(eventIds(harness)).containsExactly("e1", "e1");
    }

    @Test
    void outOfOrderWithinBoundPasses() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        var harness = open(metrics, null);

        harness.processWatermark(2_000);
        harness.processElement(event("e1", 5_000), 5_000);
        harness.processElement(event("e2", 3_000), 3_000);
        harness.processElement(event("e3", 2_001), 2_001);

        assertThat(eventIds(harness)).containsExactly("e1", "e2", "e3");
        assertThat(metrics.count("lateEvents")).isZero();
    }

    @Test
    void allowedLatenessPasses() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        var harness = open(metrics, null);

        harness.processWatermark(10_000);
        harness.processElement(event("at-watermark", 10_000), 10_000);
        harness.processElement(event("at-limit", 10_000 - ALLOWED_LATENESS_MILLIS), 10_000 - ALLOWED_LATENESS_MILLIS);

        assertThat(eventIds(harness)).containsExactly("at-watermark", "at-limit");
        assertThat(metrics.count("lateEvents")).isZero();
    }

    @Test
    void lateEventDiverted() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        var harness = open(metrics, null);
        long eventTime = 10_000 - ALLOWED_LATENESS_MILLIS - 1;

        harness.processWatermark(10_000);
        harness.processElement(event("late", eventTime), eventTime);

        assertThat(eventIds(harness)).isEmpty();
        assertThat(metrics.count("lateEvents")).isEqualTo(1);
        List<LateEvent> late = lateEvents(harness);
        assertThat(late).hasSize(1);
        assertThat(late.get(0).ingested().event().eventId()).isEqualTo("late");
        assertThat(late.get(0).watermark()).isEqualTo(10_000);
        assertThat(late.get(0).lateness()).isEqualTo(ALLOWED_LATENESS_MILLIS + 1);
    }

    @Test
    void copyOfLateEventIsDuplicate() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        var harness = open(metrics, null);

        harness.processWatermark(10_000);
        harness.processElement(event("late", 1_000), 1_000);
        harness.processElement(event("late", 1_000), 1_000);

        assertThat(lateEvents(harness)).hasSize(1);
        assertThat(metrics.count("lateEvents")).isEqualTo(1);
        assertThat(metrics.count("duplicateEvents")).isEqualTo(1);
    }

    @Test
    void nothingLateBeforeWatermark() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        var harness = open(metrics, null);

        harness.processElement(event("epoch", 0), 0);

        assertThat(eventIds(harness)).containsExactly("epoch");
        assertThat(metrics.count("lateEvents")).isZero();
    }

    @Test
    void seenIdsSurviveRestore() throws Exception {
        var first = open(new CapturedMetrics(), null);
        first.processElement(event("e1", 1_000), 1_000);
        first.processWatermark(5_000);
        OperatorSubtaskState snapshot = first.snapshot(1L, 6_000L);

        CapturedMetrics metrics = new CapturedMetrics();
        var restored = open(metrics, snapshot);
        restored.processWatermark(5_000);
        restored.processElement(event("e1", 1_000), 1_000);
        restored.processElement(event("e2", 6_000), 6_000);

        assertThat(eventIds(restored)).containsExactly("e2");
        assertThat(metrics.count("duplicateEvents")).isEqualTo(1);
    }

    @Test
    void invalidSettingsRejected() {
        assertThatThrownBy(() -> new DeduplicateEventsFunction(Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id TTL is PT0S; expected a positive duration");
        assertThatThrownBy(() -> new DeduplicateEventsFunction(ID_TTL, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowed lateness is -1 ms; expected zero or more");
    }

    private KeyedOneInputStreamOperatorTestHarness<Long, IngestedEvent, IngestedEvent> open(
            CapturedMetrics metrics, OperatorSubtaskState restoreFrom) throws Exception {
        MockEnvironment environment = CapturedMetrics.environment(metrics);
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeduplicateEventsFunction(ID_TTL, ALLOWED_LATENESS_MILLIS)),
                DeduplicateEventsFunction::userKey,
                Types.LONG,
                environment);
        opened.add(environment);
        opened.add(0, harness);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    private static IngestedEvent event(String eventId, long eventTime) {
        return event(eventId, 7, eventTime);
    }

    private static IngestedEvent event(String eventId, long userId, long eventTime) {
        return new IngestedEvent(Event.engagement(eventId, EventType.CLICK, userId, 42, -1, eventTime), eventTime);
    }

    private static List<String> eventIds(KeyedOneInputStreamOperatorTestHarness<Long, IngestedEvent, IngestedEvent> harness) {
        return harness.extractOutputValues().stream().map(ingested -> ingested.event().eventId()).toList();
    }

    private static List<LateEvent> lateEvents(
            KeyedOneInputStreamOperatorTestHarness<Long, IngestedEvent, IngestedEvent> harness) {
        var records = harness.getSideOutput(DeduplicateEventsFunction.LATE_EVENTS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
