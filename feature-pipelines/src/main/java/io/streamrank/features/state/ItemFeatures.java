package io.streamrank.features.state;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import java.util.Arrays;

/**
 * Real-time features of one item, as of the event time of the last event applied.
 *
 * <p>Decayed counts follow c(t) = c(t0) * exp(-(t - t0) / tau) + (1 for each event at t), with tau
 * from {@link FeatureOptions#decayTimeConstant()}; a decayed count divided by tau in hours is a
 * rate in events per hour. The stored values are as of {@link #asOf()}; {@link #decayedTo} moves
 * them to a later time without an event. Instances are immutable; the array must not be modified.
 *
 * @param itemId the item
 * @param categoryId the latest category seen for the item, or -1 when unknown
 * @param asOf event time in epoch milliseconds of the last event applied, or -1 for a new item
 * @param decayedImpressions decayed impression count as of asOf
 * @param decayedClicks decayed click count as of asOf
 * @param decayedPurchases decayed purchase count as of asOf
 * @param counts number of events per {@link EventType}, indexed by ordinal
 */
public record ItemFeatures(
        long itemId,
        long categoryId,
        long asOf,
        double decayedImpressions,
        double decayedClicks,
        double decayedPurchases,
        long[] counts) {

    /** Features of an item that has no events yet. */
    public static ItemFeatures empty(long itemId) {
        return new ItemFeatures(itemId, -1L, -1L, 0.0, 0.0, 0.0, new long[EventType.values().length]);
    }

    /**
     * Returns the features after {@code event}; the event must be about this item. An event older
     * than {@link #asOf()} adds its weight as of asOf, exp(-(asOf - t) / tau), so the decayed
     * counts do not depend on the order in which events arrive.
     */
    public ItemFeatures apply(Event event, FeatureOptions options) {
        if (event.itemId() != itemId) {
            throw new IllegalArgumentException(
                    "event " + event.eventId() + " is about item " + event.itemId() + ", not item " + itemId);
        }
        ItemFeatures decayed = decayedTo(event.eventTime(), options);
        double weight = event.eventTime() >= decayed.asOf || decayed.asOf < 0
                ? 1.0
                : Math.exp(-(decayed.asOf - event.eventTime()) / options.decayTimeConstantMillis());
        long[] newCounts = counts.clone();
        newCounts[event.type().ordinal()]++;
        long category = event.hasCategory() ? event.categoryId() : categoryId;
        return new ItemFeatures(
                itemId,
                category,
                Math.max(asOf, event.eventTime()),
                decayed.decayedImpressions + (event.type() == EventType.IMPRESSION ? weight : 0),
                decayed.decayedClicks + (event.type() == EventType.CLICK ? weight : 0),
                decayed.decayedPurchases + (event.type() == EventType.PURCHASE ? weight : 0),
                newCounts);
    }

    /**
     * Returns the decayed counts as of {@code time}. A time at or before {@link #asOf()} (an
     * out-of-order event) leaves them as they are: counts never grow by decay.
     */
    public ItemFeatures decayedTo(long time, FeatureOptions options) {
        if (asOf < 0 || time <= asOf) {
            return this;
        }
        double factor = Math.exp(-(time - asOf) / options.decayTimeConstantMillis());
        return new ItemFeatures(
                itemId,
                categoryId,
                time,
                decayedImpressions * factor,
                decayedClicks * factor,
                decayedPurchases * factor,
                counts);
    }

    public long count(EventType type) {
        return counts[type.ordinal()];
    }

    /** Decayed clicks per hour. */
    public double clickRatePerHour(FeatureOptions options) {
        return decayedClicks / hours(options);
    }

    /** Decayed purchases per hour. */
    public double purchaseRatePerHour(FeatureOptions options) {
        return decayedPurchases / hours(options);
    }

    private static double hours(FeatureOptions options) {
        return options.decayTimeConstantMillis() / 3_600_000.0;
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
                && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(itemId) * 31 + Long.hashCode(asOf);
    }

    @Override
    public String toString() {
        return "ItemFeatures{item=" + itemId + ", category=" + categoryId + ", asOf=" + asOf
                + ", decayedClicks=" + decayedClicks + ", decayedPurchases=" + decayedPurchases + "}";
    }
}
