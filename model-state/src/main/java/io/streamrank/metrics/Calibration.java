package io.streamrank.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Calibration metrics of probability predictions with equal-width bins over [0, 1].
 *
 * <p>Prediction p falls into bin {@code min(floor(p * B), B - 1)} of B bins, so bin b covers
 * [b / B, (b + 1) / B) and the last bin also contains p = 1. Because {@code p * B} is rounded, a
 * prediction within one ulp of a bin boundary can land in the neighboring bin.
 */
public final class Calibration {

    private Calibration() {}

    /**
     * Builds the reliability curve with {@code binCount} equal-width bins. Every bin appears in the
     * curve, empty ones with count 0.
     *
     * @throws IllegalArgumentException if the arrays differ in length, {@code binCount < 1}, or a
     *     prediction is NaN or outside [0, 1]
     */
    public static ReliabilityCurve reliabilityCurve(double[] predictions, boolean[] labels, int binCount) {
        MetricArguments.checkSameLength("predictions", predictions.length, "labels", labels.length);
        if (binCount < 1) {
            throw new IllegalArgumentException("Invalid binCount " + binCount + ": expected a value >= 1");
        }

        long[] counts = new long[binCount];
        long[] positives = new long[binCount];
        double[] predictionSums = new double[binCount];
        for (int i = 0; i < predictions.length; i++) {
            double prediction = predictions[i];
            if (!(prediction >= 0.0 && prediction <= 1.0)) {
                throw new IllegalArgumentException(
                        "Invalid prediction " + prediction + " at index " + i + ": expected a probability in [0, 1]");
            }
            int bin = Math.min((int) (prediction * binCount), binCount - 1);
            counts[bin]++;
            predictionSums[bin] += prediction;
            if (labels[i]) {
                positives[bin]++;
            }
        }

        List<ReliabilityCurve.Bin> bins = new ArrayList<>(binCount);
        for (int bin = 0; bin < binCount; bin++) {
            OptionalDouble meanPrediction = OptionalDouble.empty();
            OptionalDouble observedRate = OptionalDouble.empty();
            if (counts[bin] > 0) {
                meanPrediction = OptionalDouble.of(predictionSums[bin] / counts[bin]);
                observedRate = OptionalDouble.of((double) positives[bin] / counts[bin]);
            }
            double lowerBound = (double) bin / binCount;
            double upperBound = (double) (bin + 1) / binCount;
            bins.add(new ReliabilityCurve.Bin(lowerBound, upperBound, counts[bin], meanPrediction, observedRate));
        }
        return new ReliabilityCurve(bins, predictions.length);
    }

    /**
     * Computes the expected calibration error with {@code binCount} equal-width bins:
     * {@code ECE = Σ_b (n_b / n) |meanPrediction_b - observedRate_b|} over the non-empty bins. The
     * result depends on the bin count, so compare only values computed with the same count.
     *
     * @return the ECE in [0, 1], or empty for empty input
     * @throws IllegalArgumentException if the arrays differ in length, {@code binCount < 1}, or a
     *     prediction is NaN or outside [0, 1]
     */
    public static OptionalDouble expectedCalibrationError(double[] predictions, boolean[] labels, int binCount) {
        return reliabilityCurve(predictions, labels, binCount).expectedCalibrationError();
    }
}
