/**
 * Evaluation metrics for ranking models, shared by the online trainers, the offline evaluator and
 * serving.
 *
 * <ul>
 *   <li>{@link io.streamrank.metrics.ProgressiveMetrics} and
 *       {@link io.streamrank.metrics.WindowedProgressiveMetrics}: constant-memory, mergeable
 *       progressive-validation metrics of one binary output, cumulative or over a sliding window of
 *       event time.
 *   <li>{@link io.streamrank.metrics.ClassificationMetrics}: exact AUC, group AUC, log loss and
 *       normalized entropy over arrays.
 *   <li>{@link io.streamrank.metrics.Calibration} and {@link io.streamrank.metrics.ReliabilityCurve}:
 *       expected calibration error and the reliability curve.
 *   <li>{@link io.streamrank.metrics.RankingMetrics}: NDCG, MRR, recall, precision and hit rate at k
 *       over ranked lists.
 *   <li>{@link io.streamrank.metrics.EngagementRates}: click-through and conversion rates.
 *   <li>{@link io.streamrank.metrics.LatencyHistogram}: latency percentiles with a bounded relative
 *       error.
 * </ul>
 *
 * <p>Every method documents its formula and its edge cases. A metric that is undefined for its
 * input, such as AUC without negatives, returns an empty {@link java.util.OptionalDouble}. An
 * invalid argument, such as a probability outside [0, 1] or a cutoff k below 1, throws
 * {@link IllegalArgumentException} with a message that names the value and the expected range.
 */
package io.streamrank.metrics;
