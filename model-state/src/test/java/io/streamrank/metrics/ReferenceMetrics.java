package io.streamrank.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slow, obvious implementations of the metrics, written straight from their definitions, that the
 * tests compare the library against.
 */
final class ReferenceMetrics {

    private ReferenceMetrics() {}

    /** Weighted AUC by visiting every positive-negative pair. Returns NaN when a class is missing. */
    static double pairwiseAuc(double[] scores, boolean[] labels, double[] weights) {
        double counted = 0.0;
        double pairs = 0.0;
        for (int i = 0; i < scores.length; i++) {
            if (!labels[i]) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (labels[j]) {
                    continue;
                }
                double pairWeight = weights[i] * weights[j];
                pairs += pairWeight;
                if (scores[i] > scores[j]) {
                    counted += pairWeight;
                } else if (scores[i] == scores[j]) {
                    counted += 0.5 * pairWeight;
                }
            }
        }
        return pairs == 0.0 ? Double.NaN : counted / pairs;
    }

    static double pairwiseAuc(double[] scores, boolean[] labels) {
        return pairwiseAuc(scores, labels, ones(scores.length));
    }

    /** Weighted mean of -ln(q) or -ln(1 - q), with q clipped to [1e-7, 1 - 1e-7]. */
    static double logLoss(double[] predictions, boolean[] labels, double[] weights) {
        double loss = 0.0;
        double total = 0.0;
        for (int i = 0; i < predictions.length; i++) {
            double q = Math.min(Math.max(predictions[i], 1e-7), 1.0 - 1e-7);
            loss += weights[i] * (labels[i] ? -Math.log(q) : -Math.log(1.0 - q));
            total += weights[i];
        }
        return loss / total;
    }

    /** Log loss divided by the entropy of the weighted base rate. */
    static double normalizedEntropy(double[] predictions, boolean[] labels, double[] weights) {
        double positives = 0.0;
        double total = 0.0;
        for (int i = 0; i < predictions.length; i++) {
            total += weights[i];
            if (labels[i]) {
                positives += weights[i];
            }
        }
        double rate = positives / total;
        double entropy = -rate * Math.log(rate) - (1.0 - rate) * Math.log(1.0 - rate);
        return logLoss(predictions, labels, weights) / entropy;
    }

    /** Impression-weighted mean of per-group pairwise AUCs, skipping one-class groups. NaN when none remain. */
    static double groupAuc(long[] groupIds, double[] scores, boolean[] labels) {
        Map<Long, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < groupIds.length; i++) {
            members.computeIfAbsent(groupIds[i], id -> new ArrayList<>()).add(i);
        }
        double weightedSum = 0.0;
        double examples = 0.0;
        for (List<Integer> group : members.values()) {
            double[] groupScores = new double[group.size()];
            boolean[] groupLabels = new boolean[group.size()];
            for (int j = 0; j < group.size(); j++) {
                groupScores[j] = scores[group.get(j)];
                groupLabels[j] = labels[group.get(j)];
            }
            double auc = pairwiseAuc(groupScores, groupLabels);
            if (!Double.isNaN(auc)) {
                weightedSum += group.size() * auc;
                examples += group.size();
            }
        }
        return examples == 0.0 ? Double.NaN : weightedSum / examples;
    }

    /**
     * ECE with bins found by comparing against the bounds b / B, the last bin closed at 1. NaN for
     * empty input.
     */
    static double expectedCalibrationError(double[] predictions, boolean[] labels, int binCount) {
        double total = 0.0;
        for (int bin = 0; bin < binCount; bin++) {
            double lower = (double) bin / binCount;
            double upper = (double) (bin + 1) / binCount;
            int members = 0;
            double predictionSum = 0.0;
            int positives = 0;
            for (int i = 0; i < predictions.length; i++) {
                boolean inside = predictions[i] >= lower
                        && (predictions[i] < upper || (bin == binCount - 1 && predictions[i] <= 1.0));
                if (inside) {
                    members++;
                    predictionSum += predictions[i];
                    positives += labels[i] ? 1 : 0;
                }
            }
            if (members > 0) {
                total += members * Math.abs(predictionSum / members - (double) positives / members);
            }
        }
        return predictions.length == 0 ? Double.NaN : total / predictions.length;
    }

    /** DCG@k straight from the formula, with log2 written as a change of base. */
    static double dcg(double[] rankedRelevance, int k) {
        double dcg = 0.0;
        for (int rank = 1; rank <= Math.min(k, rankedRelevance.length); rank++) {
            dcg += (Math.pow(2.0, rankedRelevance[rank - 1]) - 1.0) / (Math.log(rank + 1) / Math.log(2.0));
        }
        return dcg;
    }

    /** Ideal DCG@k as the best DCG@k over every permutation of the list. Use only for short lists. */
    static double idealDcgByPermutations(double[] relevance, int k) {
        return bestDcg(relevance.clone(), 0, k);
    }

    private static double bestDcg(double[] values, int fixed, int k) {
        if (fixed == values.length) {
            return dcg(values, k);
        }
        double best = 0.0;
        for (int i = fixed; i < values.length; i++) {
            swap(values, fixed, i);
            best = Math.max(best, bestDcg(values, fixed + 1, k));
            swap(values, fixed, i);
        }
        return best;
    }

    /** Nearest-rank percentile of a sample: the value at rank max(1, ceil(p * n / 100)). */
    static long nearestRankPercentile(long[] values, double percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        long rank = Math.max(1, (long) Math.ceil(percentile * sorted.length / 100.0));
        return sorted[(int) rank - 1];
    }

    static double[] ones(int length) {
        double[] ones = new double[length];
        Arrays.fill(ones, 1.0);
        return ones;
    }

    private static void swap(double[] values, int first, int second) {
        double firstValue = values[first];
        values[first] = values[second];
        values[second] = firstValue;
    }
}
