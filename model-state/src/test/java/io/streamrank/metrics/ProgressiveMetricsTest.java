package io.streamrank.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProgressiveMetricsTest {

    /** Rounding allowed between sums taken in different orders. */
    private static final double ROUNDING = 1e-12;

    /** Error allowed for log losses of predictions clipped at 1e-7, about 1e-7 nats. */
    private static final double CLIP_LOSS = 2e-7;

    /** Error allowed at the upper clip bound, because 1 - 1e-7 is not exact in binary. */
    private static final double CLIP_ROUNDING = 1e-9;

    private static final double WORST_LOSS = -Math.log(1e-7);

    @Test
    void aucWithinBoundOfExact() {
        Examples examples = Examples.random(new Random(11), 3_000, false);
        ProgressiveMetrics metrics = examples.toMetrics(ProgressiveMetrics.DEFAULT_AUC_BINS);

        double exact = ReferenceMetrics.pairwiseAuc(examples.predictions, examples.labels, examples.weights);
        double bound = metrics.aucErrorBound().orElseThrow();

        assertThat(metrics.auc().orElseThrow()).isCloseTo(exact, within(bound + ROUNDING));
        assertThat(bound).isLessThan(1e-3);
    }

    @Test
    void aucWithinBoundCoarseBins() {
        for (int seed = 0; seed < 20; seed++) {
            Examples examples = Examples.random(new Random(seed), 500, seed % 2 == 0);
            ProgressiveMetrics metrics = examples.toMetrics(8);

            double exact = ReferenceMetrics.pairwiseAuc(examples.predictions, examples.labels, examples.weights);
            double bound = metrics.aucErrorBound().orElseThrow();

            assertThat(metrics.auc().orElseThrow()).as("seed %d", seed).isCloseTo(exact, within(bound + ROUNDING));
        }
    }

    @Test
    void aucExactForPredictionsOnBinStarts() {
        // Predictions k / 64 with 64 bins put equal predictions, and only those, in one bin.
        // Powers of two keep k / 64 * 64 exact, unlike k / 100 * 100.
        Random random = new Random(5);
        ProgressiveMetrics metrics = new ProgressiveMetrics(64);
        double[] predictions = new double[400];
        boolean[] labels = new boolean[400];
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = random.nextInt(65) / 64.0;
            labels[i] = random.nextDouble() < predictions[i];
            metrics.add(predictions[i], labels[i]);
        }

        double exact = ReferenceMetrics.pairwiseAuc(predictions, labels);

        assertThat(metrics.auc().orElseThrow()).isCloseTo(exact, within(ROUNDING));
    }

    @Test
    void aucHandWorkedWithTie() {
        ProgressiveMetrics metrics = new ProgressiveMetrics();
        metrics.add(0.9, true);
        metrics.add(0.4, true);
        metrics.add(0.4, false);
        metrics.add(0.1, false);

        // Pairs (0.9, 0.4) and (0.9, 0.1) and (0.4, 0.1) count 1, the tie (0.4, 0.4) counts 1/2.
        assertThat(metrics.auc().orElseThrow()).isEqualTo(3.5 / 4.0);
        assertThat(metrics.aucErrorBound().orElseThrow()).isEqualTo(0.5 / 4.0);
    }

    @Test
    void aucPerfectAndReversed() {
        ProgressiveMetrics perfect = new ProgressiveMetrics();
        perfect.add(1.0, true);
        perfect.add(0.0, false);
        ProgressiveMetrics reversed = new ProgressiveMetrics();
        reversed.add(0.0, true);
        reversed.add(1.0, false);

        assertThat(perfect.auc().orElseThrow()).isEqualTo(1.0);
        assertThat(reversed.auc().orElseThrow()).isEqualTo(0.0);
    }

    @Test
    void aucAllEqualPredictionsIsHalf() {
        ProgressiveMetrics metrics = new ProgressiveMetrics();
        for (int i = 0; i < 10; i++) {
            metrics.add(0.3, i % 3 == 0);
        }

        assertThat(metrics.auc().orElseThrow()).isEqualTo(0.5);
    }

    @Test
    void metricsMatchReference() {
        Examples examples = Examples.random(new Random(23), 2_000, true);
        ProgressiveMetrics metrics = examples.toMetrics(ProgressiveMetrics.DEFAULT_AUC_BINS);
        double[] w = examples.weights;

        assertThat(metrics.count()).isEqualTo(2_000);
        assertThat(metrics.totalWeight()).isCloseTo(totalWeight(w), within(ROUNDING * 2_000));
        assertThat(metrics.positives()).isCloseTo(positiveWeight(w, examples.labels), within(ROUNDING * 2_000));
        assertThat(metrics.logLoss().orElseThrow())
                .isCloseTo(ReferenceMetrics.logLoss(examples.predictions, examples.labels, w), within(ROUNDING));
        assertThat(metrics.normalizedEntropy().orElseThrow())
                .isCloseTo(
                        ReferenceMetrics.normalizedEntropy(examples.predictions, examples.labels, w),
                        within(ROUNDING));
        assertThat(metrics.meanPrediction().orElseThrow())
                .isCloseTo(weightedMean(examples.predictions, w), within(ROUNDING));
        assertThat(metrics.positiveRate().orElseThrow())
                .isCloseTo(positiveWeight(w, examples.labels) / totalWeight(w), within(ROUNDING));
    }

    @Test
    void weightTwoEqualsTwoAdds() {
        ProgressiveMetrics weighted = new ProgressiveMetrics();
        weighted.add(0.8, true, 2.0);
        weighted.add(0.3, false, 1.0);
        ProgressiveMetrics repeated = new ProgressiveMetrics();
        repeated.add(0.8, true);
        repeated.add(0.8, true);
        repeated.add(0.3, false);

        assertThat(weighted.count()).isEqualTo(2);
        assertThat(repeated.count()).isEqualTo(3);
        assertThat(weighted.positives()).isEqualTo(repeated.positives());
        assertThat(weighted.logLoss().orElseThrow()).isCloseTo(repeated.logLoss().orElseThrow(), within(ROUNDING));
        assertThat(weighted.meanPrediction().orElseThrow())
                .isCloseTo(repeated.meanPrediction().orElseThrow(), within(ROUNDING));
        assertThat(weighted.auc().orElseThrow()).isEqualTo(repeated.auc().orElseThrow());
    }

    @Test
    void logLossClipsExtremePredictions() {
        ProgressiveMetrics right = new ProgressiveMetrics();
        right.add(1.0, true);
        right.add(0.0, false);
        ProgressiveMetrics wrong = new ProgressiveMetrics();
        wrong.add(0.0, true);
        wrong.add(1.0, false);

        assertThat(right.logLoss().orElseThrow()).isCloseTo(1e-7, within(CLIP_LOSS));
        assertThat(right.logLoss().orElseThrow()).isPositive();
        assertThat(wrong.logLoss().orElseThrow()).isCloseTo(WORST_LOSS, within(CLIP_ROUNDING));
        assertThat(wrong.normalizedEntropy().orElseThrow())
                .isCloseTo(WORST_LOSS / Math.log(2.0), within(CLIP_ROUNDING));
    }

    @Test
    void normalizedEntropyOfBaseRateIsOne() {
        ProgressiveMetrics metrics = new ProgressiveMetrics();
        for (int i = 0; i < 100; i++) {
            metrics.add(0.25, i % 4 == 0);
        }

        assertThat(metrics.normalizedEntropy().orElseThrow()).isCloseTo(1.0, within(ROUNDING));
    }

    @Test
    void emptyIsUndefined() {
        ProgressiveMetrics metrics = new ProgressiveMetrics();

        assertThat(metrics.count()).isZero();
        assertThat(metrics.positives()).isZero();
        assertThat(metrics.auc()).isEmpty();
        assertThat(metrics.aucErrorBound()).isEmpty();
        assertThat(metrics.logLoss()).isEmpty();
        assertThat(metrics.normalizedEntropy()).isEmpty();
        assertThat(metrics.meanPrediction()).isEmpty();
        assertThat(metrics.positiveRate()).isEmpty();
    }

    @Test
    void oneClassLeavesAucUndefined() {
        ProgressiveMetrics positivesOnly = new ProgressiveMetrics();
        positivesOnly.add(0.7, true);
        positivesOnly.add(0.2, true);
        ProgressiveMetrics negativesOnly = new ProgressiveMetrics();
        negativesOnly.add(0.7, false);

        assertThat(positivesOnly.auc()).isEmpty();
        assertThat(positivesOnly.normalizedEntropy()).isEmpty();
        assertThat(positivesOnly.logLoss()).isPresent();
        assertThat(positivesOnly.positiveRate().orElseThrow()).isEqualTo(1.0);
        assertThat(negativesOnly.auc()).isEmpty();
        assertThat(negativesOnly.normalizedEntropy()).isEmpty();
        assertThat(negativesOnly.positiveRate().orElseThrow()).isEqualTo(0.0);
    }

    @Test
    void invalidPredictionRejected() {
        ProgressiveMetrics metrics = new ProgressiveMetrics();

        assertThatThrownBy(() -> metrics.add(Double.NaN, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN")
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> metrics.add(-0.01, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.01");
        assertThatThrownBy(() -> metrics.add(1.5, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThat(metrics.count()).isZero();
    }

    @Test
    void invalidWeightRejected() {
        ProgressiveMetrics metrics = new ProgressiveMetrics();

        assertThatThrownBy(() -> metrics.add(0.5, true, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 0.0");
        assertThatThrownBy(() -> metrics.add(0.5, true, -1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight -1.0");
        assertThatThrownBy(() -> metrics.add(0.5, true, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> metrics.add(0.5, true, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight NaN");
        assertThat(metrics.count()).isZero();
    }

    @Test
    void invalidBinCountRejected() {
        assertThatThrownBy(() -> new ProgressiveMetrics(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aucBins 0");
    }

    @Test
    void mergeEqualsSingleInstance() {
        Examples examples = Examples.random(new Random(31), 3_000, true);
        ProgressiveMetrics single = examples.toMetrics(ProgressiveMetrics.DEFAULT_AUC_BINS);
        ProgressiveMetrics[] parts = {new ProgressiveMetrics(), new ProgressiveMetrics(), new ProgressiveMetrics()};
        for (int i = 0; i < examples.size(); i++) {
            parts[i % 3].add(examples.predictions[i], examples.labels[i], examples.weights[i]);
        }

        ProgressiveMetrics merged = new ProgressiveMetrics();
        for (ProgressiveMetrics part : parts) {
            merged.merge(part);
        }

        assertSameMetrics(merged, single);
    }

    @Test
    void mergeRejectsOtherResolution() {
        ProgressiveMetrics metrics = new ProgressiveMetrics(100);

        assertThatThrownBy(() -> metrics.merge(new ProgressiveMetrics(200)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("200 AUC bins")
                .hasMessageContaining("100 AUC bins");
    }

    @Test
    void copyIsIndependent() {
        ProgressiveMetrics original = new ProgressiveMetrics();
        original.add(0.9, true);
        original.add(0.2, false);

        ProgressiveMetrics copy = original.copy();
        copy.add(0.95, false);

        assertThat(original.count()).isEqualTo(2);
        assertThat(original.auc().orElseThrow()).isEqualTo(1.0);
        assertThat(copy.count()).isEqualTo(3);
        assertThat(copy.auc().orElseThrow()).isEqualTo(0.5);
    }

    @Test
    void serializationRoundTrip() throws IOException, ClassNotFoundException {
        Examples examples = Examples.random(new Random(3), 200, true);
        ProgressiveMetrics original = examples.toMetrics(ProgressiveMetrics.DEFAULT_AUC_BINS);

        ProgressiveMetrics restored = roundTrip(original);

        assertSameMetrics(restored, original);
    }

    @Test
    void toStringNamesUndefined() {
        ProgressiveMetrics metrics = new ProgressiveMetrics();

        assertThat(metrics.toString()).contains("count=0").contains("auc=undefined");
    }

    static void assertSameMetrics(ProgressiveMetrics actual, ProgressiveMetrics expected) {
        assertThat(actual.count()).isEqualTo(expected.count());
        assertThat(actual.totalWeight()).isCloseTo(expected.totalWeight(), within(ROUNDING * expected.count()));
        assertThat(actual.positives()).isCloseTo(expected.positives(), within(ROUNDING * expected.count()));
        assertThat(actual.auc().orElseThrow()).isCloseTo(expected.auc().orElseThrow(), within(ROUNDING));
        assertThat(actual.aucErrorBound().orElseThrow())
                .isCloseTo(expected.aucErrorBound().orElseThrow(), within(ROUNDING));
        assertThat(actual.logLoss().orElseThrow()).isCloseTo(expected.logLoss().orElseThrow(), within(ROUNDING));
        assertThat(actual.normalizedEntropy().orElseThrow())
                .isCloseTo(expected.normalizedEntropy().orElseThrow(), within(ROUNDING));
        assertThat(actual.meanPrediction().orElseThrow())
                .isCloseTo(expected.meanPrediction().orElseThrow(), within(ROUNDING));
        assertThat(actual.positiveRate().orElseThrow())
                .isCloseTo(expected.positiveRate().orElseThrow(), within(ROUNDING));
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
            output.writeObject(value);
        }
        try (ObjectInputStream input = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) input.readObject();
        }
    }

    private static double totalWeight(double[] weights) {
        double total = 0.0;
        for (double weight : weights) {
            total += weight;
        }
        return total;
    }

    private static double positiveWeight(double[] weights, boolean[] labels) {
        double total = 0.0;
        for (int i = 0; i < weights.length; i++) {
            if (labels[i]) {
                total += weights[i];
            }
        }
        return total;
    }

    private static double weightedMean(double[] values, double[] weights) {
        double sum = 0.0;
        double total = 0.0;
        for (int i = 0; i < values.length; i++) {
            sum += weights[i] * values[i];
            total += weights[i];
        }
        return sum / total;
    }

    /** Seeded examples that look like a click model's output: labels follow the prediction plus noise. */
    static final class Examples {
        final double[] predictions;
        final boolean[] labels;
        final double[] weights;

        private Examples(int size) {
            predictions = new double[size];
            labels = new boolean[size];
            weights = new double[size];
        }

        static Examples random(Random random, int size, boolean weighted) {
            Examples examples = new Examples(size);
            for (int i = 0; i < size; i++) {
                double logit = random.nextGaussian() * 2.0 - 1.0;
                double prediction = 1.0 / (1.0 + Math.exp(-logit));
                // Every 50th prediction is exactly 0 or 1 and every 7th is rounded, to create ties.
                if (i % 50 == 0) {
                    prediction = random.nextBoolean() ? 0.0 : 1.0;
                } else if (i % 7 == 0) {
                    prediction = Math.round(prediction * 20.0) / 20.0;
                }
                double truth = 1.0 / (1.0 + Math.exp(-(logit + random.nextGaussian())));
                examples.predictions[i] = prediction;
                examples.labels[i] = random.nextDouble() < truth;
                examples.weights[i] = weighted ? 0.25 + random.nextInt(8) * 0.5 : 1.0;
            }
            return examples;
        }

        int size() {
            return predictions.length;
        }

        ProgressiveMetrics toMetrics(int aucBins) {
            ProgressiveMetrics metrics = new ProgressiveMetrics(aucBins);
            for (int i = 0; i < size(); i++) {
                metrics.add(predictions[i], labels[i], weights[i]);
            }
            return metrics;
        }
    }
}
