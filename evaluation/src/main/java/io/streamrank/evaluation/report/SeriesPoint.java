package io.streamrank.evaluation.report;

import java.util.OptionalDouble;

/**
 * One head's progressive figures at the end of one period of event time.
 *
 * @param periodStart start of the period, epoch milliseconds
 * @param periodEnd end of the period, exclusive
 * @param count examples with event time in the period
 * @param periodAuc exact AUC of the period's examples
 * @param periodLogLoss log loss of the period's examples
 * @param cumulativeAuc AUC of every example learned up to the period's end, from the histogram of
 *     {@link io.streamrank.metrics.ProgressiveMetrics}
 * @param cumulativeLogLoss log loss of every example learned up to the period's end
 * @param windowAuc AUC over the sliding window that ends with the period
 * @param windowLogLoss log loss over that window
 */
public record SeriesPoint(
        long periodStart,
        long periodEnd,
        long count,
        OptionalDouble periodAuc,
        OptionalDouble periodLogLoss,
        OptionalDouble cumulativeAuc,
        OptionalDouble cumulativeLogLoss,
        OptionalDouble windowAuc,
        OptionalDouble windowLogLoss) {}
