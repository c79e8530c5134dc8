package io.streamrank.jobs.examples;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.example.TrainingExample;
import io.streamrank.jobs.features.EnrichedEvent;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins exposures with the clicks and purchases that follow them, per (user, item) pair, in event
 * time, and emits training examples.
 *
 * <ul>
 *   <li>An impression opens an example that waits {@code clickWindowMillis} for a click.
 *   <li>A click marks the open example clicked and extends its wait to {@code purchaseWindowMillis}
 *       after the click; a click with no open example opens one itself, clicked, because a click
 *       implies an exposure.
 *   <li>A purchase marks the example clicked and purchased and emits it at once, since no later
 *       event can change its labels; a purchase with no open example is emitted alone as clicked
 *       and purchased.
 *   <li>When the wait ends (an event-time timer), the example is emitted with the labels it has.
 * </ul>
 *
 * A second impression of the same pair while an example is open closes the first one early. Carts
 * and favourites update features only. The features of an example are those from before the event
 * that opened it.
 */
public final class LabelJoinFunction extends KeyedProcessFunction<String, EnrichedEvent, TrainingExample> {

    private static final long serialVersionUID = 1L;

    private final long clickWindowMillis;
    private final long purchaseWindowMillis;

    private transient ValueState<PendingExample> pending;
    private transient Counter duplicateClicks;

    public LabelJoinFunction(long clickWindowMillis, long purchaseWindowMillis) {
        this.clickWindowMillis = clickWindowMillis;
        this.purchaseWindowMillis = purchaseWindowMillis;
    }

    /** The key of an event: its user and item. */
    public static String pairKey(EnrichedEvent enriched) {
        return enriched.event().userId() + "/" + enriched.event().itemId();
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-example", PendingExample.class));
        duplicateClicks = getRuntimeContext().getMetricGroup().counter("duplicateClicks");
    }

    @Override
    public void processElement(EnrichedEvent enriched, Context context, Collector<TrainingExample> out)
            throws Exception {
        Event event = enriched.event();
        PendingExample open = pending.value();
        switch (event.type()) {
            case IMPRESSION -> {
                if (open != null) {
                    emit(open, context, out);
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
                if (open != null) {
                    context.timerService().deleteEventTimeTimer(open.deadline());
                }
                schedule(new PendingExample(clicked, event.eventTime() + purchaseWindowMillis), context);
            }
            case PURCHASE -> {
                TrainingExample purchased = open == null
                        ? draft(enriched, true, true)
                        : withLabels(open.draft(), true, true);
                if (open != null) {
                    context.timerService().deleteEventTimeTimer(open.deadline());
                    pending.clear();
                }
                out.collect(purchased);
            }
            case CART, FAV -> {
                // Features only: these are not labels of the current models.
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<TrainingExample> out) throws Exception {
        PendingExample open = pending.value();
        if (open != null && open.deadline() == timestamp) {
            pending.clear();
            out.collect(open.draft());
        }
    }

    private void schedule(PendingExample example, Context context) throws Exception {
        pending.update(example);
        context.timerService().registerEventTimeTimer(example.deadline());
    }

    private void emit(PendingExample open, Context context, Collector<TrainingExample> out) throws Exception {
        context.timerService().deleteEventTimeTimer(open.deadline());
        pending.clear();
        out.collect(open.draft());
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
