package io.streamrank.jobs.examples;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.example.TrainingExample;
import io.streamrank.jobs.features.EnrichedEvent;
import io.streamrank.jobs.ingest.LogSampling;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Joins exposures with the clicks and purchases that follow them, per (user, item) pair, in event
 * time, and emits training examples.
 *
 * <ul>
 *   <li>An impression opens an example that waits {@code clickWindowMillis} for a click.
 *   <li>A click marks the open example clicked and extends its wait to {@code purchaseWindowMillis}
 *       after the click. A click with no open example opens one itself, clicked, because a click
 *       implies an exposure.
 *   <li>A purchase marks the example clicked and purchased and emits it as soon as the purchase
 *       is applied, since no later event can change its labels. A purchase with no open example
 *       is emitted alone as clicked and purchased, and counted in {@code unmatchedPurchases}.
 *   <li>When the wait ends, the example is emitted with the labels it has. The wait includes its
 *       end: a click exactly {@code clickWindowMillis} after the impression counts.
 * </ul>
 *
 * A second impression of the same pair while an example is open closes the first one early. A
 * second click on a clicked example is counted in {@code duplicateClicks} and changes nothing.
 * Carts and favourites update features only. The features of an example are those from before
 * the event that opened it.
 *
 * <p><b>Event-time order.</b> Events are not applied in the order they arrive. Each waits in keyed
 * state until the watermark has passed its event time by more than {@code allowedLatenessMillis},
 * and then the events of the pair are applied in event-time order (at equal times: impressions,
 * clicks, carts and favourites, purchases). A click that overtakes its impression within the
 * watermark bound is therefore joined with it, and the windows compare event times, never
 * arrival. The cost is freshness: every example leaves about the watermark bound plus the allowed
 * lateness later than its labels are final.
 *
 * <p>Upstream, {@code DeduplicateEventsFunction} diverts every event that is more than the same
 * allowed lateness behind the watermark. So every event that reaches this function is applied
 * after the events that precede it in event time. Without that step, an event can arrive after
 * its turn. It is then applied at the next watermark, out of order, and counted in
 * {@code outOfOrderEvents}.
 *
 * <p>State per pair: the events that wait for the watermark and at most one open example.
 * Event-time timers clear both, so a pair with neither keeps no state.
 */
public final class LabelJoinFunction extends KeyedProcessFunction<String, EnrichedEvent, TrainingExample> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LabelJoinFunction.class);

    /** Order of events with equal event times: the exposure first, the purchase last. */
    private static final Comparator<EnrichedEvent> SAME_TIME_ORDER =
            Comparator.comparingInt(enriched -> rankAtEqualTime(enriched.event().type()));

    private final long clickWindowMillis;
    private final long purchaseWindowMillis;
    private final long allowedLatenessMillis;

    private transient MapState<Long, List<EnrichedEvent>> waiting;
    private transient ValueState<PendingExample> pending;
    private transient Counter duplicateClicks;
    private transient Counter unmatchedPurchases;
    private transient Counter outOfOrderEvents;

    /** Creates a join without allowed lateness: each event is applied once the watermark has passed it. */
    public LabelJoinFunction(long clickWindowMillis, long purchaseWindowMillis) {
        this(clickWindowMillis, purchaseWindowMillis, 0L);
    }

    /**
     * @param clickWindowMillis how long after an impression a click still counts; positive
     * @param purchaseWindowMillis how long after a click a purchase still counts; positive
     * @param allowedLatenessMillis how far behind the watermark an event may still arrive, zero or
     *     more. Each event waits this long beyond the watermark before it is applied.
     */
    public LabelJoinFunction(long clickWindowMillis, long purchaseWindowMillis, long allowedLatenessMillis) {
        if (clickWindowMillis <= 0 || purchaseWindowMillis <= 0) {
            throw new IllegalArgumentException("click window is " + clickWindowMillis + " ms and purchase window is "
                    + purchaseWindowMillis + " ms; expected both positive");
        }
        if (allowedLatenessMillis < 0) {
            throw new IllegalArgumentException(
                    "allowed lateness is " + allowedLatenessMillis + " ms; expected zero or more");
        }
        this.clickWindowMillis = clickWindowMillis;
        this.purchaseWindowMillis = purchaseWindowMillis;
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    /** Returns the key of an event: its user and item. */
    public static String pairKey(EnrichedEvent enriched) {
        return enriched.event().userId() + "/" + enriched.event().itemId();
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "waiting-events", Types.LONG, Types.LIST(TypeInformation.of(EnrichedEvent.class))));
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-example", PendingExample.class));
        duplicateClicks = getRuntimeContext().getMetricGroup().counter("duplicateClicks");
        unmatchedPurchases = getRuntimeContext().getMetricGroup().counter("unmatchedPurchases");
        outOfOrderEvents = getRuntimeContext().getMetricGroup().counter("outOfOrderEvents");
    }

    @Override
    public void processElement(EnrichedEvent enriched, Context context, Collector<TrainingExample> out)
            throws Exception {
        long eventTime = enriched.event().eventTime();
        long release = releaseTime(eventTime);
        long watermark = context.timerService().currentWatermark();
        if (release <= watermark) {
            outOfOrderEvents.inc();
            if (LogSampling.isLogged(outOfOrderEvents.getCount())) {
                LOG.warn(
                        "Event {} of pair {} reached the label join {} ms behind the watermark {}, more than"
                                + " the allowed lateness of {} ms, and is joined out of event-time order"
                                + " (out-of-order events so far: {})",
                        enriched.event().eventId(),
                        context.getCurrentKey(),
                        watermark - eventTime,
                        watermark,
                        allowedLatenessMillis,
                        outOfOrderEvents.getCount());
            }
        }

        List<EnrichedEvent> sameTime = waiting.get(eventTime);
        if (sameTime == null) {
            sameTime = new ArrayList<>(1);
        }
        sameTime.add(enriched);
        waiting.put(eventTime, sameTime);
        context.timerService().registerEventTimeTimer(release);
    }

    /**
     * Applies the events released at {@code timestamp}, then emits the open example if its
     * deadline has passed. One kind of timer serves both, because an event at time t and a
     * deadline at time t are both released at {@link #releaseTime releaseTime(t)}: by the time a
     * deadline fires, every event up to and including the deadline has been applied.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<TrainingExample> out) throws Exception {
        long eventTime = timestamp - allowedLatenessMillis - 1;
        List<EnrichedEvent> released = waiting.get(eventTime);
        if (released != null) {
            waiting.remove(eventTime);
            released.sort(SAME_TIME_ORDER);
            for (EnrichedEvent enriched : released) {
                apply(enriched, context, out);
            }
        }

        PendingExample open = pending.value();
        if (open != null && open.deadline() <= eventTime) {
            pending.clear();
            out.collect(open.draft());
        }
    }

    /** Applies one event, in event-time order, to the open example of its pair. */
    private void apply(EnrichedEvent enriched, Context context, Collector<TrainingExample> out) throws Exception {
        Event event = enriched.event();
        PendingExample open = pending.value();
        if (open != null && event.eventTime() > open.deadline()) {
            // The wait ended before this event: the example leaves with the labels it had.
            pending.clear();
            out.collect(open.draft());
            open = null;
        }

        switch (event.type()) {
            case IMPRESSION -> {
                if (open != null) {
                    out.collect(open.draft());
                }
                schedule(new PendingExample(draft(enriched, false, false), event.eventTime() + clickWindowMillis), context);
            }
            case CLICK -> {
                if (open != null && open.draft().click()) {
                    duplicateClicks.inc();
                    return;
                }
                TrainingExample clicked = open == null
                        ? draft(enriched, true, false)
                        : withLabels(open.draft(), true, false);
                schedule(new PendingExample(clicked, event.eventTime() + purchaseWindowMillis), context);
            }
            case PURCHASE -> {
                TrainingExample purchased;
                if (open == null) {
                    unmatchedPurchases.inc();
                    purchased = draft(enriched, true, true);
                } else {
                    pending.clear();
                    purchased = withLabels(open.draft(), true, true);
                }
                out.collect(purchased);
            }
            case CART, FAV -> {
                // Features only: these are not labels of the current models.
            }
        }
    }

    /**
     * Makes {@code example} the open example and sets a timer for its deadline. The timers of an
     * example that was closed or extended stay registered. They find a later deadline or no open
     * example, and do nothing.
     */
    private void schedule(PendingExample example, Context context) throws Exception {
        pending.update(example);
        context.timerService().registerEventTimeTimer(releaseTime(example.deadline()));
    }

    /**
     * Returns the watermark at which events and deadlines at {@code eventTime} are applied: the
     * first one that has passed {@code eventTime} by more than the allowed lateness. An event
     * that upstream let through (at most the allowed lateness behind the watermark) is therefore
     * always applied after its arrival.
     */
    private long releaseTime(long eventTime) {
        return eventTime + allowedLatenessMillis + 1;
    }

    private static int rankAtEqualTime(EventType type) {
        return switch (type) {
            case IMPRESSION -> 0;
            case CLICK -> 1;
            case CART, FAV -> 2;
            case PURCHASE -> 3;
        };
    }

    private static TrainingExample draft(EnrichedEvent enriched, boolean click, boolean purchase) {
        Event event = enriched.event();
        return new TrainingExample(
                event.eventId(),
                event.userId(),
                event.itemId(),
                event.eventTime(),
                event.position(),
                event.type() == EventType.IMPRESSION && event.sampled(),
                enriched.user(),
                enriched.item(),
                click,
                purchase);
    }

    private static TrainingExample withLabels(TrainingExample example, boolean click, boolean purchase) {
        return new TrainingExample(
                example.eventId(),
                example.userId(),
                example.itemId(),
                example.eventTime(),
                example.position(),
                example.sampled(),
                example.user(),
                example.item(),
                click,
                purchase);
    }
}
