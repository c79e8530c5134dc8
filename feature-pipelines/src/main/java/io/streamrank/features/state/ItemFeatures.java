package io.streamrank.features.state;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.state.flink.FeatureTypes;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Arrays;

/**
 * Real-time features of one item, as of the event time of the last event applied.
 *
 * <p>Decayed counts follow c(t) = c(t0) * exp(-(t - t0) / tau) + (1 for each event at t), with tau
 * from {@link FeatureOptions#decayTimeConstant()}; a decayed count divided by tau in hours is a
 * rate in events per hour. The stored values are as of {@link #asOf()}; {@link #decayedTo} moves
 * them to a later time without an event.
 *
 * <p>The smoothed rates shrink the item's own rates towards a prior, the global rates of its
 * feature subtask ({@link GlobalRates}) as of the item's latest event:
 * {@code ctr = (clicks + m * priorCtr) / (impressions + m)} and
 * {@code cvr = (purchases + m' * priorCvr) / (clicks + m')}, with the decayed counts at the scoring
 * time and m, m' from {@link FeatureOptions#ctrPriorImpressions()} and
 * {@link FeatureOptions#cvrPriorClicks()}. An item without events has the rates of the prior.
 * Both are additive smoothing with a Beta prior of strength m centred on the prior rate. Where
 * clicks are logged without their impressions (the dataset replays do so) the click-through rate
 * can exceed 1.
 *
 * <p>Instances are immutable; the array must not be modified.
 *
 * @param itemId the item
 * @param categoryId the latest category seen for the item, or -1 when unknown
 * @param asOf event time in epoch milliseconds of the last event applied, or -1 for a new item
 * @param decayedImpressions decayed impression count as of asOf
 * @param decayedClicks decayed click count as of asOf
 * @param decayedPurchases decayed purchase count as of asOf
 * @param counts number of events per {@link EventType}, indexed by ordinal
 * @param priorCtr the global click-through rate that the item's rate is smoothed towards
 * @param priorCvr the global conversion rate that the item's rate is smoothed towards
 */
@TypeInfo(FeatureTypes.ItemFactory.class)
public record ItemFeatures(
        long itemId,
        long categoryId,
        long asOf,
        double decayedImpressions,
        double decayedClicks,
        double decayedPurchases,
        long[] counts,
        double priorCtr,
        double priorCvr) {

    /** Features of an item that has no events yet, with no prior (rates 0). */
    public static ItemFeatures empty(long itemId) {
        return empty(itemId, GlobalRates.NONE);
    }

    /** Features of an item that has no events yet, with the rates of {@code prior}. */
    public static ItemFeatures empty(long itemId, GlobalRates prior) {
        return new ItemFeatures(
                itemId, Event.UNKNOWN_CATEGORY, Decay.NEVER, 0.0, 0.0, 0.0, new long[EventType.values().length],
                prior.ctr(), prior.cvr());
    }

    /**
     * Returns the features after {@code event}, with the rates of {@code prior} as the new prior;
     * the event must be about this item. An event older than {@link #asOf()} adds its weight as of
     * asOf, exp(-(asOf - t) / tau), so the decayed counts do not depend on the order in which
     * events arrive.
     */
    public ItemFeatures apply(Event event, GlobalRates prior, FeatureOptions options) {
        if (event.itemId() != itemId) {
            throw new IllegalArgumentException(
                    "event " + event.eventId() + " is about item " + event.itemId() + ", not item " + itemId);
        }
        double tau = options.decayTimeConstantMillis();
        long time = event.eventTime();
        double factor = Decay.factor(asOf, time, tau);
        double weight = Decay.weightOf(time, asOf, tau);
        EventType type = event.type();
        long[] newCounts = counts.clone();
        newCounts[type.ordinal()]++;
        return new ItemFeatures(
                itemId,
                event.hasCategory() ? event.categoryId() : categoryId,
                Math.max(asOf, time),
                decayedImpressions * factor + (type == EventType.IMPRESSION ? weight : 0.0),
                decayedClicks * factor + (type == EventType.CLICK ? weight : 0.0),
                decayedPurchases * factor + (type == EventType.PURCHASE ? weight : 0.0),
                newCounts,
                prior.ctr(),
                prior.cvr());
    }

    /**
     * Returns the decayed counts as of {@code time}. A time at or before {@link #asOf()} (an
     * out-of-order event) leaves them as they are: counts never grow by decay.
     */
    public ItemFeatures decayedTo(long time, FeatureOptions options) {
        if (asOf < 0 || time <= asOf) {
            return this;
        }
        double factor = Decay.factor(asOf, time, options.decayTimeConstantMillis());
        return new ItemFeatures(
                itemId, categoryId, time, decayedImpressions * factor, decayedClicks * factor,
                decayedPurchases * factor, counts, priorCtr, priorCvr);
    }

    public long count(EventType type) {
        return counts[type.ordinal()];
    }

    /** Returns the smoothed click-through rate of the decayed counts as stored; the class comment has the formula. */
    public double smoothedCtr(FeatureOptions options) {
        double m = options.ctrPriorImpressions();
        return (decayedClicks + m * priorCtr) / (decayedImpressions + m);
    }

    /** Returns the smoothed conversion rate (purchases per click) of the decayed counts as stored. */
    public double smoothedCvr(FeatureOptions options) {
        double m = options.cvrPriorClicks();
        return (decayedPurchases + m * priorCvr) / (decayedClicks + m);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ItemFeatures that
                && itemId == that.itemId
                && categoryId == that.categoryId
                && asOf == that.asOf
                && Double.compare(decayedImpressions, that.decayedImpressions) == 0
                && Double.compare(decayedClicks, that.decayedClicks) == 0
                && Double.compare(decayedPurchases, that.decayedPurchases) == 0
                && Arrays.equals(counts, that.counts)
                && Double.compare(priorCtr, that.priorCtr) == 0
                && Double.compare(priorCvr, that.priorCvr) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(itemId) * 31 + Long.hashCode(asOf);
    }

    @Override
    public String toString() {
        return "ItemFeatures{item=" + itemId + ", category=" + categoryId + ", asOf=" + asOf
                + ", decayedImpressions=" + decayedImpressions + ", decayedClicks=" + decayedClicks
                + ", decayedPurchases=" + decayedPurchases + ", counts=" + Arrays.toString(counts)
                + ", priorCtr=" + priorCtr + ", priorCvr=" + priorCvr + "}";
    }
}
