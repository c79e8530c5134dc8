package io.streamrank.evaluation.report;

import io.streamrank.metrics.ReliabilityCurve;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The figures of one head's scores on one set of examples. An empty value is undefined for that
 * input, such as AUC without a positive.
 *
 * @param count examples scored
 * @param positives examples with a positive label
 * @param positiveRate share of positive labels
 * @param meanPrediction mean predicted probability, to compare with {@code positiveRate}
 * @param auc exact area under the ROC curve
 * @param groupAuc AUC per user, averaged with each user's example count as weight, over the users
 *     with both classes
 * @param logLoss mean log loss in nats
 * @param normalizedEntropy log loss divided by the entropy of {@code positiveRate}
 * @param expectedCalibrationError ECE over equal-width bins
 * @param reliability the reliability curve with the same bins
 * @param requests request groups with at least two examples and a positive, which the ranking
 *     figures average over
 * @param meanReciprocalRank MRR over those requests
 * @param ndcg NDCG@k per cutoff k
 * @param recall recall@k per cutoff k
 * @param hitRate hit rate@k per cutoff k
 */
public record Figures(
        long count,
        long positives,
        OptionalDouble positiveRate,
        OptionalDouble meanPrediction,
        OptionalDouble auc,
        OptionalDouble groupAuc,
        OptionalDouble logLoss,
        OptionalDouble normalizedEntropy,
        OptionalDouble expectedCalibrationError,
        ReliabilityCurve reliability,
        int requests,
        OptionalDouble meanReciprocalRank,
        Map<Integer, OptionalDouble> ndcg,
        Map<Integer, OptionalDouble> recall,
        Map<Integer, OptionalDouble> hitRate) {}
