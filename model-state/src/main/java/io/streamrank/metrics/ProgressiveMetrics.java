package io.streamrank.metrics;

import java.io.Serializable;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Cumulative progressive-validation metrics of one binary output, such as the click head of a
 * ranking model.
 *
 * <p>In progressive validation the model scores each example before it trains on that example,
 * so the metrics estimate performance on unseen data without a held-out set. Callers add the
 * prediction made before the update, with the label and an optional weight.
 *
 * <p>With weights w_i (1 unless given), labels y_i in {0, 1} and predictions p_i in [0, 1]:
 *
 * <ul>
 *   <li>total weight W = Σ w_i, positives P = Σ w_i y_i, negatives N = W - P.
 *   <li>log loss = -(1/W) Σ w_i [y_i ln q_i + (1 - y_i) ln(1 - q_i)] in nats, where q_i is p_i
 *       clipped to [1e-7, 1 - 1e-7] ({@link ClassificationMetrics#PROBABILITY_CLIP}).
 *   <li>normalized entropy = log loss / H(P / W), where H(r) = -r ln r - (1 - r) ln(1 - r) is the
 *       entropy of the base rate of the same examples. Values below 1 mean that the model does
 *       better than always predicting the base rate, as for
 *       {@link ClassificationMetrics#normalizedEntropy(double[], boolean[])}.
 *   <li>mean prediction = (1/W) Σ w_i p_i, without clipping, and positive rate = P / W.
 *   <li>AUC comes from a histogram of the predictions, as described at {@link #auc()}.
 * </ul>
 *
 * <p>State size is constant: two {@code double} arrays of {@link #aucBins()} entries (160 KiB at the
 * default of {@value #DEFAULT_AUC_BINS} bins) and a few scalars. Instances are mergeable, so
 * parallel trainers can keep one each and combine them. Instances are not thread-safe.
 */
public final class ProgressiveMetrics implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Number of equal-width AUC histogram bins over [0, 1] used by {@link #ProgressiveMetrics()}. */
    public static final int DEFAULT_AUC_BINS = 10_000;

    private final double[] positiveWeightByBin;
    private final double[] negativeWeightByBin;
    private long count;
    private double positiveWeight;
    private double negativeWeight;
    private double weightedPredictionSum;
    private double weightedLogLossSum;

    /** Creates empty metrics with {@value #DEFAULT_AUC_BINS} AUC bins. */
    public ProgressiveMetrics() {
        this(DEFAULT_AUC_BINS);
    }

    /**
     * Creates empty metrics with {@code aucBins} equal-width AUC bins over [0, 1]. More bins give a
     * smaller AUC error bound and cost 16 bytes each.
     *
     * @throws IllegalArgumentException if {@code aucBins < 1}
     */
    public ProgressiveMetrics(int aucBins) {
        if (aucBins < 1) {
            throw new IllegalArgumentException("Invalid aucBins " + aucBins + ": expected a value >= 1");
        }
        this.positiveWeightByBin = new double[aucBins];
        this.negativeWeightByBin = new double[aucBins];
    }

    /**
     * Adds one example with weight 1.
     *
     * @param prediction the predicted probability of a positive label, in [0, 1]
     * @param label whether the example is positive
     * @throws IllegalArgumentException if {@code prediction} is NaN or outside [0, 1]
     */
    public void add(double prediction, boolean label) {
        add(prediction, label, 1.0);
    }

    /**
     * Adds one example with the given weight. A weight of 2 counts the same as adding the example
     * twice with weight 1.
     *
     * @param prediction the predicted probability of a positive label, in [0, 1]
     * @param label whether the example is positive
     * @param weight the example weight, finite and greater than 0
     * @throws IllegalArgumentException if {@code prediction} is NaN or outside [0, 1], or if
     *     {@code weight} is NaN, infinite or not greater than 0
     */
    public void add(double prediction, boolean label, double weight) {
        MetricArguments.checkProbability("prediction", prediction);
        MetricArguments.checkWeight(weight);

        count++;
        weightedPredictionSum += weight * prediction;
        weightedLogLossSum += weight * ClassificationMetrics.exampleLogLoss(prediction, label);

        int bin = bin(prediction);
        if (label) {
            positiveWeight += weight;
            positiveWeightByBin[bin] += weight;
        } else {
            negativeWeight += weight;
            negativeWeightByBin[bin] += weight;
        }
    }

    /** Returns the number of examples added, ignoring their weights. */
    public long count() {
        return count;
    }

    /** Returns the total weight W of the examples added. */
    public double totalWeight() {
        return positiveWeight + negativeWeight;
    }

    /** Returns the total weight P of the positive examples. */
    public double positives() {
        return positiveWeight;
    }

    /** Returns the number of equal-width bins of the AUC histogram. */
    public int aucBins() {
        return positiveWeightByBin.length;
    }

    /**
     * Returns the weighted area under the ROC curve, computed from the prediction histogram.
     *
     * <p>A prediction p falls into bin {@code min(floor(p * B), B - 1)} of B = {@link #aucBins()}
     * equal-width bins, so p = 1 shares the last bin. A positive-negative pair with weight
     * w_pos * w_neg counts 1 when the positive is in a higher bin, 0 when it is in a lower bin and
     * 1/2 when both are in the same bin. The AUC is the weighted share of pairs counted, so equal
     * predictions count one half exactly as in {@link ClassificationMetrics#auc(double[], boolean[])}.
     *
     * <p>The result therefore differs from the exact weighted AUC only through pairs that share a
     * bin but have different predictions. Each such pair is off by at most 1/2, so the error is at
     * most {@link #aucErrorBound()} = (1/2) Σ_b P_b N_b / (P N), where P_b and N_b are the positive
     * and negative weight in bin b. The bound depends on the data. For predictions spread evenly
     * over [0, 1] it is about 1 / (2B), which is 5e-5 at the default resolution. If all predictions
     * fall into one bin (width 1e-4 by default) it is 1/2.
     *
     * @return the AUC in [0, 1], or empty when there are no positives or no negatives
     */
    public OptionalDouble auc() {
        if (positiveWeight == 0.0 || negativeWeight == 0.0) {
            return OptionalDouble.empty();
        }
        double negativeBelow = 0.0;
        double pairsCounted = 0.0;
        double positiveTotal = 0.0;
        for (int bin = 0; bin < positiveWeightByBin.length; bin++) {
            double positives = positiveWeightByBin[bin];
            double negatives = negativeWeightByBin[bin];
            pairsCounted += positives * (negativeBelow + 0.5 * negatives);
            negativeBelow += negatives;
            positiveTotal += positives;
        }
        // The totals come from the bins so that rounding cannot push the ratio above 1.
        return OptionalDouble.of(pairsCounted / (positiveTotal * negativeBelow));
    }

    /**
     * Returns the bound on |{@link #auc()} - exact AUC| that the histogram allows for the examples
     * added: (1/2) Σ_b P_b N_b / (P N), as derived at {@link #auc()}.
     *
     * @return the bound in [0, 1/2], or empty when there are no positives or no negatives
     */
    public OptionalDouble aucErrorBound() {
        if (positiveWeight == 0.0 || negativeWeight == 0.0) {
            return OptionalDouble.empty();
        }
        double sameBinPairs = 0.0;
        double positiveTotal = 0.0;
        double negativeTotal = 0.0;
        for (int bin = 0; bin < positiveWeightByBin.length; bin++) {
            sameBinPairs += positiveWeightByBin[bin] * negativeWeightByBin[bin];
            positiveTotal += positiveWeightByBin[bin];
            negativeTotal += negativeWeightByBin[bin];
        }
        return OptionalDouble.of(0.5 * sameBinPairs / (positiveTotal * negativeTotal));
    }

    /**
     * Returns the weighted mean log loss in nats, with predictions clipped to [1e-7, 1 - 1e-7]. A
     * perfect prediction of 0 or 1 thus still costs about 1e-7 nats, and the worst prediction
     * costs about 16.118 nats.
     *
     * @return the log loss, or empty when no example was added
     */
    public OptionalDouble logLoss() {
        if (count == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(weightedLogLossSum / totalWeight());
    }

    /**
     * Returns the log loss divided by the entropy of the base rate P / W of the same examples.
     *
     * @return the normalized entropy, or empty when no example was added or when all examples
     *     have the same label, because the base-rate entropy is then 0
     */
    public OptionalDouble normalizedEntropy() {
        if (positiveWeight == 0.0 || negativeWeight == 0.0) {
            return OptionalDouble.empty();
        }
        double baseRateEntropy = ClassificationMetrics.binaryEntropy(positiveWeight / totalWeight());
        return OptionalDouble.of(weightedLogLossSum / totalWeight() / baseRateEntropy);
    }

    /**
     * Returns the weighted mean of the predictions, without clipping.
     *
     * @return the mean prediction, or empty when no example was added
     */
    public OptionalDouble meanPrediction() {
        if (count == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(weightedPredictionSum / totalWeight());
    }

    /**
     * Returns the weighted share of positive examples, P / W.
     *
     * @return the positive rate, or empty when no example was added
     */
    public OptionalDouble positiveRate() {
        if (count == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(positiveWeight / totalWeight());
    }

    /**
     * Adds all examples of {@code other} to these metrics. Afterwards every metric equals that of
     * one instance that received both sets of examples, up to floating-point rounding of the sums.
     * {@code other} is not changed, unless it is this instance, whose examples then count twice.
     *
     * @throws IllegalArgumentException if {@code other} has a different number of AUC bins
     */
    public void merge(ProgressiveMetrics other) {
        if (other.aucBins() != aucBins()) {
            throw new IllegalArgumentException(
                    "Cannot merge metrics with " + other.aucBins() + " AUC bins into metrics with "
                            + aucBins() + " AUC bins: expected the same number of bins");
        }
        count += other.count;
        positiveWeight += other.positiveWeight;
        negativeWeight += other.negativeWeight;
        weightedPredictionSum += other.weightedPredictionSum;
        weightedLogLossSum += other.weightedLogLossSum;
        for (int bin = 0; bin < positiveWeightByBin.length; bin++) {
            positiveWeightByBin[bin] += other.positiveWeightByBin[bin];
            negativeWeightByBin[bin] += other.negativeWeightByBin[bin];
        }
    }

    /** Returns an independent copy with the same examples and resolution. */
    public ProgressiveMetrics copy() {
        ProgressiveMetrics copy = new ProgressiveMetrics(aucBins());
        copy.merge(this);
        return copy;
    }

    /** Returns the count and the metrics, for logs. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "ProgressiveMetrics{count=%d, positives=%s, auc=%s, logLoss=%s, normalizedEntropy=%s,"
                        + " meanPrediction=%s, positiveRate=%s}",
                count,
                positiveWeight,
                format(auc()),
                format(logLoss()),
                format(normalizedEntropy()),
                format(meanPrediction()),
                format(positiveRate()));
    }

    private int bin(double prediction) {
        int bins = positiveWeightByBin.length;
        return Math.min((int) (prediction * bins), bins - 1);
    }

    private static String format(OptionalDouble value) {
        return value.isPresent() ? Double.toString(value.getAsDouble()) : "undefined";
    }
}
