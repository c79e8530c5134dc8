package io.streamrank.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    /** Rounding allowed between sums taken in different orders. */
    private static final double ROUNDING = 1e-12;

    @Test
    void eceMatchesReference() {
        for (int seed = 0; seed < 10; seed++) {
            Random random = new Random(seed);
            double[] predictions = new double[1_000];
            boolean[] labels = new boolean[1_000];
            for (int i = 0; i < predictions.length; i++) {
                predictions[i] = random.nextDouble();
                // The labels follow a distorted probability, so the model is miscalibrated.
                labels[i] = random.nextDouble() < predictions[i] * predictions[i];
            }
            int binCount = 5 + seed;

            double expected = ReferenceMetrics.expectedCalibrationError(predictions, labels, binCount);

            assertThat(Calibration.expectedCalibrationError(predictions, labels, binCount).orElseThrow())
                    .as("seed %d", seed)
                    .isCloseTo(expected, within(ROUNDING));
        }
    }

    @Test
    void curveHandWorked() {
        double[] predictions = {0.1, 0.2, 0.3, 0.9, 1.0, 0.0};
        boolean[] labels = {false, true, false, true, true, false};

        ReliabilityCurve curve = Calibration.reliabilityCurve(predictions, labels, 2);
        ReliabilityCurve.Bin low = curve.bins().get(0);
        ReliabilityCurve.Bin high = curve.bins().get(1);

        assertThat(curve.count()).isEqualTo(6);
        assertThat(curve.bins()).hasSize(2);
        assertThat(low.lowerBound()).isEqualTo(0.0);
        assertThat(low.upperBound()).isEqualTo(0.5);
        assertThat(low.count()).isEqualTo(4);
        assertThat(low.meanPrediction().orElseThrow()).isCloseTo(0.15, within(ROUNDING));
        assertThat(low.observedRate().orElseThrow()).isEqualTo(0.25);
        assertThat(high.upperBound()).isEqualTo(1.0);
        assertThat(high.count()).isEqualTo(2);
        assertThat(high.meanPrediction().orElseThrow()).isCloseTo(0.95, within(ROUNDING));
        assertThat(high.observedRate().orElseThrow()).isEqualTo(1.0);
        // (4 * |0.15 - 0.25| + 2 * |0.95 - 1|) / 6
        assertThat(curve.expectedCalibrationError().orElseThrow()).isCloseTo(0.5 / 6.0, within(ROUNDING));
    }

    @Test
    void emptyBinsHaveNoMeans() {
        ReliabilityCurve curve = Calibration.reliabilityCurve(new double[] {0.05}, new boolean[] {true}, 10);

        assertThat(curve.bins()).hasSize(10);
        assertThat(curve.bins().get(3).count()).isZero();
        assertThat(curve.bins().get(3).meanPrediction()).isEmpty();
        assertThat(curve.bins().get(3).observedRate()).isEmpty();
        assertThat(curve.expectedCalibrationError().orElseThrow()).isCloseTo(0.95, within(ROUNDING));
    }

    @Test
    void eceExtremes() {
        double[] certain = {1.0, 1.0, 0.0, 0.0};

        assertThat(Calibration.expectedCalibrationError(certain, new boolean[] {true, true, false, false}, 10)
                        .orElseThrow())
                .isEqualTo(0.0);
        assertThat(Calibration.expectedCalibrationError(certain, new boolean[] {false, false, true, true}, 10)
                        .orElseThrow())
                .isEqualTo(1.0);
    }

    @Test
    void eceOneBinIsMeanGap() {
        double[] predictions = {0.2, 0.4, 0.9};
        boolean[] labels = {true, false, false};

        assertThat(Calibration.expectedCalibrationError(predictions, labels, 1).orElseThrow())
                .isCloseTo(Math.abs(0.5 - 1.0 / 3.0), within(ROUNDING));
    }

    @Test
    void emptyInputIsUndefined() {
        ReliabilityCurve curve = Calibration.reliabilityCurve(new double[0], new boolean[0], 4);

        assertThat(curve.count()).isZero();
        assertThat(curve.bins()).hasSize(4);
        assertThat(curve.expectedCalibrationError()).isEmpty();
        assertThat(Calibration.expectedCalibrationError(new double[0], new boolean[0], 4)).isEmpty();
    }

    @Test
    void badArgumentsRejected() {
        assertThatThrownBy(() -> Calibration.reliabilityCurve(new double[] {0.5}, new boolean[] {true}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("binCount 0");
        assertThatThrownBy(() -> Calibration.reliabilityCurve(new double[] {0.5, Double.NaN}, new boolean[2], 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prediction NaN at index 1");
        assertThatThrownBy(() -> Calibration.expectedCalibrationError(new double[] {2.0}, new boolean[1], 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prediction 2.0");
        assertThatThrownBy(() -> Calibration.reliabilityCurve(new double[2], new boolean[1], 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("predictions has 2");
    }
}
