package io.streamrank.metrics;

import java.util.OptionalDouble;

/**
 * Exact metrics of a binary classifier over arrays of (score, label) pairs, for offline
 * evaluation. {@link ProgressiveMetrics} keeps constant-memory versions for streams.
 *
 * <p>Arrays are parallel: element i of each array belongs to example i. Logarithms are natural,
 * so log loss and entropy are in nats. Null arrays throw {@link NullPointerException}.
 */
public final class ClassificationMetrics {

    /**
     * Clip bound for predictions in log loss. A prediction p counts as
     * {@code min(max(p, PROBABILITY_CLIP), 1 - PROBABILITY_CLIP)}, so one confident mistake adds at
     * most {@code -ln(1e-7) ≈ 16.118} nats instead of infinity.
     */
    public static final double PROBABILITY_CLIP = 1e-7;

    private ClassificationMetrics() {}

    /**
     * Computes the area under the ROC curve: the share of (positive, negative) pairs in which the
     * positive has the higher score, with equal scores counting one half. Scores are any real
     * numbers, not only probabilities, and only their order matters. Runs in O(n log n).
     *
     * @return the AUC in [0, 1], or empty when there are no positives or no negatives (this
     *     includes empty input and a single example), or when any score is NaN, because NaN has no
     *     place in the order
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static OptionalDouble auc(double[] scores, boolean[] labels) {
        MetricArguments.checkSameLength("scores", scores.length, "labels", labels.length);
        return sortAndComputeAuc(scores, labels, null);
    }

    /**
     * Computes the weighted AUC: Σ w_i w_j s_ij / Σ w_i w_j over pairs of a positive i and a
     * negative j, where s_ij is 1 if score_i > score_j, 1/2 if they are equal and 0 otherwise. With
     * all weights 1 this is {@link #auc(double[], boolean[])}. Runs in O(n log n).
     *
     * @param weights example weights, each finite and greater than 0
     * @return the AUC in [0, 1], or empty when there are no positives or no negatives, or when any
     *     score is NaN
     * @throws IllegalArgumentException if the arrays differ in length or a weight is invalid
     */
    public static OptionalDouble auc(double[] scores, boolean[] labels, double[] weights) {
        MetricArguments.checkSameLength("scores", scores.length, "labels", labels.length);
        MetricArguments.checkSameLength("scores", scores.length, "weights", weights.length);
        for (double weight : weights) {
            MetricArguments.checkWeight(weight);
        }
        return sortAndComputeAuc(scores, labels, weights);
    }

    /**
     * Computes the group AUC: the AUC of each group (usually a user), averaged with the number of
     * examples (impressions) of the group as its weight. That is
     * {@code GAUC = Σ_u n_u AUC_u / Σ_u n_u} over the groups u that contain both a positive and a
     * negative. Groups with only one class have no AUC and are skipped, so their examples count
     * in neither sum. Runs in O(n log n).
     *
     * <p>This is the user-weighted AUC of Zhou et al., "Deep Interest Network for Click-Through Rate
     * Prediction" (KDD 2018, arXiv:1706.06978), with impressions as the user weights.
     *
     * @param groupIds the group of each example, such as a user id
     * @return the group AUC in [0, 1], or empty when no group contains both classes (this includes
     *     empty input), or when any score is NaN
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static OptionalDouble groupAuc(long[] groupIds, double[] scores, boolean[] labels) {
        MetricArguments.checkSameLength("groupIds", groupIds.length, "scores", scores.length);
        MetricArguments.checkSameLength("scores", scores.length, "labels", labels.length);
        if (containsNaN(scores)) {
            return OptionalDouble.empty();
        }

        int[] order = IndexSort.sortedIndices(scores.length, (left, right) -> {
            int byGroup = Long.compare(groupIds[left], groupIds[right]);
            return byGroup != 0 ? byGroup : compareScores(scores, left, right);
        });

        double weightedAucSum = 0.0;
        long examplesCounted = 0;
        int groupStart = 0;
        while (groupStart < order.length) {
            int groupEnd = groupStart + 1;
            while (groupEnd < order.length && groupIds[order[groupEnd]] == groupIds[order[groupStart]]) {
                groupEnd++;
            }
            double groupAuc = aucOfSortedRange(order, groupStart, groupEnd, scores, labels, null);
            if (!Double.isNaN(groupAuc)) {
                weightedAucSum += (groupEnd - groupStart) * groupAuc;
                examplesCounted += groupEnd - groupStart;
            }
            groupStart = groupEnd;
        }

        if (examplesCounted == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(weightedAucSum / examplesCounted);
    }

    /**
     * Computes the mean log loss in nats, {@code -(1/n) Σ [y_i ln q_i + (1 - y_i) ln(1 - q_i)]},
     * where q_i is prediction i clipped to [{@link #PROBABILITY_CLIP}, 1 - {@link #PROBABILITY_CLIP}].
     *
     * @return the log loss, or empty for empty input
     * @throws IllegalArgumentException if the arrays differ in length, or a prediction is NaN or
     *     outside [0, 1]
     */
    public static OptionalDouble logLoss(double[] predictions, boolean[] labels) {
        MetricArguments.checkSameLength("predictions", predictions.length, "labels", labels.length);
        checkProbabilities(predictions);
        if (predictions.length == 0) {
            return OptionalDouble.empty();
        }

        double lossSum = 0.0;
        for (int i = 0; i < predictions.length; i++) {
            lossSum += exampleLogLoss(predictions[i], labels[i]);
        }
        return OptionalDouble.of(lossSum / predictions.length);
    }

    /**
     * Computes the normalized entropy: the log loss divided by the entropy H(r) of the base rate r,
     * the share of positive labels in the same input, where
     * {@code H(r) = -r ln r - (1 - r) ln(1 - r)}. A value of 1 matches always predicting r, and
     * lower is better.
     *
     * <p>He et al., "Practical Lessons from Predicting Clicks on Ads at Facebook" (ADKDD 2014)
     * introduced this metric with r taken as the average empirical click rate of the training set.
     * Here r comes from the evaluated examples themselves, which in progressive validation are the
     * training examples.
     *
     * @return the normalized entropy, or empty when the input is empty or all labels are equal,
     *     because H(r) is then 0
     * @throws IllegalArgumentException if the arrays differ in length, or a prediction is NaN or
     *     outside [0, 1]
     */
    public static OptionalDouble normalizedEntropy(double[] predictions, boolean[] labels) {
        OptionalDouble logLoss = logLoss(predictions, labels);
        if (logLoss.isEmpty()) {
            return OptionalDouble.empty();
        }

        int positives = 0;
        for (boolean label : labels) {
            if (label) {
                positives++;
            }
        }
        if (positives == 0 || positives == labels.length) {
            return OptionalDouble.empty();
        }
        double baseRate = (double) positives / labels.length;
        return OptionalDouble.of(logLoss.getAsDouble() / binaryEntropy(baseRate));
    }

    /**
     * Returns the log loss of one example in nats: {@code -ln(q)} for a positive and
     * {@code -ln(1 - q)} for a negative, where q is the prediction clipped to
     * [{@link #PROBABILITY_CLIP}, 1 - {@link #PROBABILITY_CLIP}]. The caller checks the range.
     */
    static double exampleLogLoss(double prediction, boolean label) {
        double clipped = Math.min(Math.max(prediction, PROBABILITY_CLIP), 1.0 - PROBABILITY_CLIP);
        return label ? -Math.log(clipped) : -Math.log1p(-clipped);
    }

    /**
     * Returns the binary entropy in nats of a base rate r in [0, 1]:
     * {@code H(r) = -r ln r - (1 - r) ln(1 - r)}, with {@code H(0) = H(1) = 0}.
     */
    static double binaryEntropy(double rate) {
        if (rate <= 0.0 || rate >= 1.0) {
            return 0.0;
        }
        return -rate * Math.log(rate) - (1.0 - rate) * Math.log1p(-rate);
    }

    /** Computes the AUC of checked arrays. Null weights mean weight 1. */
    private static OptionalDouble sortAndComputeAuc(double[] scores, boolean[] labels, double[] weights) {
        if (containsNaN(scores)) {
            return OptionalDouble.empty();
        }
        int[] order = IndexSort.sortedIndices(scores.length, (left, right) -> compareScores(scores, left, right));
        double auc = aucOfSortedRange(order, 0, order.length, scores, labels, weights);
        return Double.isNaN(auc) ? OptionalDouble.empty() : OptionalDouble.of(auc);
    }

    /**
     * Returns the weighted AUC of the examples {@code order[from..to)}, which are sorted by
     * ascending score, or NaN when the range lacks a class. Null weights mean weight 1.
     */
    private static double aucOfSortedRange(
            int[] order, int from, int to, double[] scores, boolean[] labels, double[] weights) {
        double negativesBelow = 0.0;
        double positivesTotal = 0.0;
        double pairsCounted = 0.0;

        // Each run of equal scores is one tie group. Its positives beat every lower negative and
        // tie with the negatives of the same group.
        int tieStart = from;
        while (tieStart < to) {
            int tieEnd = tieStart + 1;
            while (tieEnd < to && scores[order[tieEnd]] == scores[order[tieStart]]) {
                tieEnd++;
            }
            double positives = 0.0;
            double negatives = 0.0;
            for (int i = tieStart; i < tieEnd; i++) {
                int example = order[i];
                double weight = weights == null ? 1.0 : weights[example];
                if (labels[example]) {
                    positives += weight;
                } else {
                    negatives += weight;
                }
            }
            pairsCounted += positives * (negativesBelow + 0.5 * negatives);
            negativesBelow += negatives;
            positivesTotal += positives;
            tieStart = tieEnd;
        }

        if (positivesTotal == 0.0 || negativesBelow == 0.0) {
            return Double.NaN;
        }
        return pairsCounted / (positivesTotal * negativesBelow);
    }

    /** Orders two non-NaN scores, with -0.0 equal to 0.0 as {@code ==} has it. */
    private static int compareScores(double[] scores, int left, int right) {
        double leftScore = scores[left];
        double rightScore = scores[right];
        if (leftScore < rightScore) {
            return -1;
        }
        return leftScore > rightScore ? 1 : 0;
    }

    private static boolean containsNaN(double[] values) {
        for (double value : values) {
            if (Double.isNaN(value)) {
                return true;
            }
        }
        return false;
    }

    private static void checkProbabilities(double[] predictions) {
        for (int i = 0; i < predictions.length; i++) {
            if (!(predictions[i] >= 0.0 && predictions[i] <= 1.0)) {
                throw new IllegalArgumentException(
                        "Invalid prediction " + predictions[i] + " at index " + i
                                + ": expected a probability in [0, 1]");
            }
        }
    }
}
