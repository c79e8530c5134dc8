package io.streamrank.jobs.ingest;

import io.streamrank.features.event.Event;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Drops repeated events and diverts late ones, on a stream keyed by user id. The job runs it
 * after event time is assigned and before the features, so that neither kind changes features or
 * labels.
 *
 * <p>The key is the user, not the event id, because copies of an event share its user, and
 * because a shuffle by event id would mix up the order in which one user's events reach the user
 * features. Keyed by user, each user's events keep the order of their Kafka partition.
 *
 * <p><b>Duplicates.</b> The first event with an id goes on and its id is kept in the user's keyed
 * map state. A later event with the same id is dropped, counted in the {@code duplicateEvents}
 * metric and logged. Each id expires after {@code idTtl} by Flink state TTL, which counts
 * <em>processing time</em> from the first copy, because Flink 2.2 state TTL supports no other
 * time. So a duplicate is caught when it arrives within {@code idTtl} of wall-clock time after
 * the first copy, whatever their event times, and a replay of old data at N times real time
 * covers N times {@code idTtl} of event time. A copy does not extend the expiry. Expired ids are
 * removed by RocksDB compaction (and incrementally on the heap state backend), so the state
 * contains about one id per distinct event of the last {@code idTtl}.
 *
 * <p><b>Late events.</b> An event whose event time is more than {@code allowedLatenessMillis}
 * behind this operator's watermark goes to {@link #LATE_EVENTS} instead of downstream, is counted
 * in the {@code lateEvents} metric and logged with its coordinates. This operator reads all
 * parallel inputs, so its watermark is the job-wide one. The id of a late event is kept too, so a
 * copy of it that comes later still counts as a duplicate. An event that is behind the watermark
 * by at most the allowed lateness goes on; the label join waits the allowed lateness for such
 * events.
 *
 * <p>Both kinds of skipped event are logged for the first ten occurrences and every thousandth
 * after them per subtask, at INFO for duplicates (expected under at-least-once delivery) and at
 * WARN for late events.
 */
public final class DeduplicateEventsFunction extends KeyedProcessFunction<Long, IngestedEvent, IngestedEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeduplicateEventsFunction.class);

    /** Events that arrived more than the allowed lateness behind the watermark. */
    public static final OutputTag<LateEvent> LATE_EVENTS = new OutputTag<>("late-events") {};

    private final Duration idTtl;
    private final long allowedLatenessMillis;

    private transient MapState<String, Boolean> seenIds;
    private transient Counter duplicates;
    private transient Counter lateEvents;

    /**
     * @param idTtl how long, in processing time, an event id is remembered; positive
     * @param allowedLatenessMillis how far behind the watermark an event may be and still go on; zero or more
     */
    public DeduplicateEventsFunction(Duration idTtl, long allowedLatenessMillis) {
        if (idTtl == null || idTtl.isZero() || idTtl.isNegative()) {
            throw new IllegalArgumentException("id TTL is " + idTtl + "; expected a positive duration");
        }
        if (allowedLatenessMillis < 0) {
            throw new IllegalArgumentException(
                    "allowed lateness is " + allowedLatenessMillis + " ms; expected zero or more");
        }
        this.idTtl = idTtl;
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    /** Returns the key of an event: its user id. */
    public static long userKey(IngestedEvent ingested) {
        return ingested.event().userId();
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(idTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupInRocksdbCompactFilter(1000)
                .cleanupIncrementally(10, false)
                .build();
        MapStateDescriptor<String, Boolean> descriptor =
                new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        descriptor.enableTimeToLive(ttl);
        seenIds = getRuntimeContext().getMapState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public void processElement(IngestedEvent ingested, Context context, Collector<IngestedEvent> out)
            throws Exception {
        Event event = ingested.event();
        if (seenIds.contains(event.eventId())) {
            duplicates.inc();
            if (LogSampling.isLogged(duplicates.getCount())) {
                LOG.info(
                        "Dropped duplicate event {} (record {}, duplicates so far: {})",
                        event.eventId(),
                        ingested.coordinates(),
                        duplicates.getCount());
            }
            return;
        }
        seenIds.put(event.eventId(), Boolean.TRUE);

        long watermark = context.timerService().currentWatermark();
        if (isLate(event.eventTime(), watermark)) {
            lateEvents.inc();
            LateEvent late = new LateEvent(ingested, watermark);
            if (LogSampling.isLogged(lateEvents.getCount())) {
                LOG.warn(
                        "Diverted late event {} (record {}) to the late-events output: event time {} is {} ms"
                                + " behind the watermark {}, more than the allowed lateness of {} ms"
                                + " (late events so far: {})",
                        event.eventId(),
                        ingested.coordinates(),
                        event.eventTime(),
                        late.lateness(),
                        watermark,
                        allowedLatenessMillis,
                        lateEvents.getCount());
            }
            context.output(LATE_EVENTS, late);
            return;
        }
        out.collect(ingested);
    }

    private boolean isLate(long eventTime, long watermark) {
        // Before the first watermark the operator's watermark is Long.MIN_VALUE: nothing is late yet.
        return watermark != Long.MIN_VALUE && eventTime < watermark - allowedLatenessMillis;
    }
}
