package io.streamrank.features.state;

/**
 * Exponential decay in event time, shared by every decayed feature.
 *
 * <p>A decayed value stored as of time {@code a} is worth {@code v * exp(-(t - a) / tau)} at a
 * later time {@code t}; an event at time {@code e} contributes 1 at {@code e}. A value is never
 * moved back in time: at or before its as-of time it stays as it is, so decay never makes a value
 * grow. An event older than the as-of time contributes its weight as of that time instead, which
 * makes decayed sums independent of the order in which their events arrive.
 */
final class Decay {

    /** As-of time of a value that has no event yet. */
    static final long NEVER = -1L;

    private Decay() {}

    /** Returns the factor that moves a value from {@code asOf} to {@code time}: 1 when time is not later. */
    static double factor(long asOf, long time, double timeConstantMillis) {
        if (asOf == NEVER || time <= asOf) {
            return 1.0;
        }
        return Math.exp(-(time - asOf) / timeConstantMillis);
    }

    /**
     * Returns the weight of an event at {@code eventTime} in a value whose as-of time becomes
     * {@code max(asOf, eventTime)}: 1 for an event at or after asOf, less for an older one.
     */
    static double weightOf(long eventTime, long asOf, double timeConstantMillis) {
        if (asOf == NEVER || eventTime >= asOf) {
            return 1.0;
        }
        return Math.exp(-(asOf - eventTime) / timeConstantMillis);
    }
}
