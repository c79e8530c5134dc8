package io.streamrank.features.state;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

/**
 * Decayed impression, click and purchase counts over all the events of many items, whose ratios
 * are the prior of each item's smoothed click-through and conversion rates.
 *
 * <p>The job keeps one estimate per subtask of the item feature function, over the items that
 * subtask owns: with items spread by hash, each is an unbiased sample of the global traffic. The
 * counts decay like an item's (see {@link ItemFeatures}), with the same time constant, so the rates
 * follow the recent traffic. Instances are immutable.
 *
 * @param asOf event time of the latest event applied, epoch milliseconds, or -1 without events
 * @param decayedImpressions decayed impression count as of asOf
 * @param decayedClicks decayed click count as of asOf
 * @param decayedPurchases decayed purchase count as of asOf
 */
public record GlobalRates(long asOf, double decayedImpressions, double decayedClicks, double decayedPurchases) {

    public static final GlobalRates NONE = new GlobalRates(Decay.NEVER, 0.0, 0.0, 0.0);

    /** Returns the rates after {@code event}; an event older than asOf adds its weight as of asOf. */
    public GlobalRates apply(Event event, FeatureOptions options) {
        double tau = options.decayTimeConstantMillis();
        long time = event.eventTime();
        double factor = Decay.factor(asOf, time, tau);
        double weight = Decay.weightOf(time, asOf, tau);
        EventType type = event.type();
        return new GlobalRates(
                Math.max(asOf, time),
                decayedImpressions * factor + (type == EventType.IMPRESSION ? weight : 0.0),
                decayedClicks * factor + (type == EventType.CLICK ? weight : 0.0),
                decayedPurchases * factor + (type == EventType.PURCHASE ? weight : 0.0));
    }

    /** Clicks per impression, or 0 before the first impression. */
    public double ctr() {
        return decayedImpressions > 0 ? decayedClicks / decayedImpressions : 0.0;
    }

    /** Purchases per click, or 0 before the first click. */
    public double cvr() {
        return decayedClicks > 0 ? decayedPurchases / decayedClicks : 0.0;
    }

    /**
     * Merges the estimates of several subtasks into one, for a subtask after a restore. Each is
     * moved to the latest as-of time among them, and then the counts are averaged. The result has
     * the rates of the pooled traffic and the size of one subtask's share.
     */
    public static GlobalRates merge(Iterable<GlobalRates> estimates, FeatureOptions options) {
        double tau = options.decayTimeConstantMillis();
        long asOf = Decay.NEVER;
        for (GlobalRates estimate : estimates) {
            asOf = Math.max(asOf, estimate.asOf);
        }
        int count = 0;
        double impressions = 0.0;
        double clicks = 0.0;
        double purchases = 0.0;
        for (GlobalRates estimate : estimates) {
            double factor = Decay.factor(estimate.asOf, asOf, tau);
            impressions += estimate.decayedImpressions * factor;
            clicks += estimate.decayedClicks * factor;
            purchases += estimate.decayedPurchases * factor;
            count++;
        }
        return count == 0 ? NONE : new GlobalRates(asOf, impressions / count, clicks / count, purchases / count);
    }
}
