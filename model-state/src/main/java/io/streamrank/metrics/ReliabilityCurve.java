package io.streamrank.metrics;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Reliability curve of probability predictions: for each equal-width bin of predicted
 * probability, the mean prediction and the observed positive rate of the examples in it. A
 * perfectly calibrated model has both equal in every bin. Built by
 * {@link Calibration#reliabilityCurve(double[], boolean[], int)}.
 *
 * @param bins the bins in ascending order of prediction, covering [0, 1] without gaps
 * @param count the number of examples over all bins
 */
public record ReliabilityCurve(List<Bin> bins, long count) {

    /**
     * One bin of the curve.
     *
     * @param lowerBound the smallest prediction of the bin, inclusive
     * @param upperBound the end of the bin, exclusive except for the last bin, which includes 1
     * @param count the number of examples whose prediction falls into the bin
     * @param meanPrediction the mean prediction of those examples, empty when the bin is empty
     * @param observedRate the share of positives among those examples, empty when the bin is empty
     */
    public record Bin(
            double lowerBound, double upperBound, long count, OptionalDouble meanPrediction, OptionalDouble observedRate) {}

    /** Copies {@code bins} so that the curve cannot change after construction. */
    public ReliabilityCurve {
        bins = List.copyOf(bins);
    }

    /**
     * Computes the expected calibration error, {@code ECE = Σ_b (n_b / n) |meanPrediction_b - observedRate_b|}
     * over the non-empty bins b, where n_b is the bin count and n the total count.
     *
     * @return the ECE in [0, 1], or empty when the curve has no examples
     */
    public OptionalDouble expectedCalibrationError() {
        if (count == 0) {
            return OptionalDouble.empty();
        }
        double weightedGapSum = 0.0;
        for (Bin bin : bins) {
            if (bin.count() > 0) {
                double gap = Math.abs(bin.meanPrediction().getAsDouble() - bin.observedRate().getAsDouble());
                weightedGapSum += bin.count() * gap;
            }
        }
        return OptionalDouble.of(weightedGapSum / count);
    }
}
