package io.streamrank.metrics;

import java.util.OptionalDouble;

/**
 * Engagement rates from event counts: click-through rate and conversion rate.
 *
 * <p>Both rates are shares of one event set inside another, so the numerator may not exceed the
 * denominator. Counts of raw events that can repeat, such as several clicks on one impression,
 * must be deduplicated first.
 */
public final class EngagementRates {

    private EngagementRates() {}

    /**
     * Computes the click-through rate, {@code CTR = clicks / impressions}, where clicks counts the
     * clicked impressions.
     *
     * @return the CTR in [0, 1], or empty when {@code impressions} is 0
     * @throws IllegalArgumentException if a count is negative or {@code clicks > impressions}
     */
    public static OptionalDouble clickThroughRate(long clicks, long impressions) {
        return ratio("clicks", clicks, "impressions", impressions);
    }

    /**
     * Computes the post-click conversion rate, {@code CVR = purchases / clicks}, where purchases
     * counts the clicks that led to a purchase.
     *
     * @return the CVR in [0, 1], or empty when {@code clicks} is 0
     * @throws IllegalArgumentException if a count is negative or {@code purchases > clicks}
     */
    public static OptionalDouble conversionRate(long purchases, long clicks) {
        return ratio("purchases", purchases, "clicks", clicks);
    }

    private static OptionalDouble ratio(String numeratorName, long numerator, String denominatorName, long denominator) {
        MetricArguments.checkNonNegative(numeratorName, numerator);
        MetricArguments.checkNonNegative(denominatorName, denominator);
        if (numerator > denominator) {
            throw new IllegalArgumentException(
                    "Invalid " + numeratorName + " " + numerator + ": expected at most " + denominatorName + " "
                            + denominator);
        }
        if (denominator == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) numerator / denominator);
    }
}
