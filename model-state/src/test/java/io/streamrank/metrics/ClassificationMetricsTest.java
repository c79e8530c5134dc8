package io.streamrank.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    /** Rounding allowed between sums taken in different orders. */
    private static final double ROUNDING = 1e-12;

    /** Error allowed at the upper clip bound, because 1 - 1e-7 is not exact in binary. */
    private static final double CLIP_ROUNDING = 1e-9;

    @Test
    void aucMatchesPairwiseReference() {
        for (int seed = 0; seed < 30; seed++) {
            Random random = new Random(seed);
            int size = 1 + random.nextInt(300);
            double[] scores = new double[size];
            boolean[] labels = new boolean[size];
            for (int i = 0; i < size; i++) {
                // Rounded scores create many ties. Some are negative, because AUC only needs an order.
                scores[i] = Math.round(random.nextGaussian() * 4.0) / 2.0;
                labels[i] = random.nextDouble() < 1.0 / (1.0 + Math.exp(-scores[i]));
            }

            double expected = ReferenceMetrics.pairwiseAuc(scores, labels);

            if (Double.isNaN(expected)) {
                assertThat(ClassificationMetrics.auc(scores, labels)).as("seed %d", seed).isEmpty();
            } else {
                assertThat(ClassificationMetrics.auc(scores, labels).orElseThrow())
                        .as("seed %d", seed)
                        .isCloseTo(expected, within(ROUNDING));
            }
        }
    }

    @Test
    void weightedAucMatchesReference() {
        Random random = new Random(17);
        double[] scores = new double[400];
        boolean[] labels = new boolean[400];
        double[] weights = new double[400];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextInt(40);
            labels[i] = random.nextDouble() < scores[i] / 40.0;
            weights[i] = 0.1 + random.nextDouble() * 5.0;
        }

        double expected = ReferenceMetrics.pairwiseAuc(scores, labels, weights);

        assertThat(ClassificationMetrics.auc(scores, labels, weights).orElseThrow())
                .isCloseTo(expected, within(ROUNDING));
    }

    @Test
    void aucHandWorkedWithTies() {
        double[] scores = {0.1, 0.4, 0.35, 0.8, 0.4};
        boolean[] labels = {false, false, true, true, true};

        // Positives 0.35, 0.8, 0.4 against negatives 0.1, 0.4:
        // 0.35 beats 0.1 only (1), 0.8 beats both (2), 0.4 beats 0.1 and ties 0.4 (1.5).
        assertThat(ClassificationMetrics.auc(scores, labels).orElseThrow()).isEqualTo(4.5 / 6.0);
    }

    @Test
    void aucExtremeScores() {
        double[] scores = {Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.POSITIVE_INFINITY};
        boolean[] labels = {false, true, false, true};

        // -0.0 and 0.0 are equal, so that pair counts one half.
        assertThat(ClassificationMetrics.auc(scores, labels).orElseThrow()).isEqualTo(3.5 / 4.0);
    }

    @Test
    void aucEdgeCasesUndefined() {
        assertThat(ClassificationMetrics.auc(new double[0], new boolean[0])).isEmpty();
        assertThat(ClassificationMetrics.auc(new double[] {0.3}, new boolean[] {true})).isEmpty();
        assertThat(ClassificationMetrics.auc(new double[] {0.3, 0.6}, new boolean[] {true, true})).isEmpty();
        assertThat(ClassificationMetrics.auc(new double[] {0.3, 0.6}, new boolean[] {false, false})).isEmpty();
        assertThat(ClassificationMetrics.auc(new double[] {0.3, Double.NaN}, new boolean[] {true, false})).isEmpty();
    }

    @Test
    void aucAllEqualScoresIsHalf() {
        assertThat(ClassificationMetrics.auc(new double[] {2, 2, 2}, new boolean[] {true, false, false}).orElseThrow())
                .isEqualTo(0.5);
    }

    @Test
    void aucRejectsBadArguments() {
        assertThatThrownBy(() -> ClassificationMetrics.auc(new double[2], new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scores has 2")
                .hasMessageContaining("labels has 3");
        assertThatThrownBy(() -> ClassificationMetrics.auc(new double[2], new boolean[2], new double[] {1.0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weights has 1");
        assertThatThrownBy(() -> ClassificationMetrics.auc(new double[2], new boolean[2], new double[] {1.0, 0.0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 0.0");
    }

    @Test
    void groupAucMatchesReference() {
        Random random = new Random(29);
        int size = 2_000;
        long[] users = new long[size];
        double[] scores = new double[size];
        boolean[] labels = new boolean[size];
        for (int i = 0; i < size; i++) {
            users[i] = random.nextInt(150) - 75L;
            scores[i] = Math.round(random.nextDouble() * 50.0) / 50.0;
            // Users below -60 only ever see negatives, so their groups are skipped.
            labels[i] = users[i] >= -60 && random.nextDouble() < scores[i];
        }

        double expected = ReferenceMetrics.groupAuc(users, scores, labels);

        assertThat(ClassificationMetrics.groupAuc(users, scores, labels).orElseThrow())
                .isCloseTo(expected, within(ROUNDING));
    }

    @Test
    void groupAucHandWorked() {
        long[] users = {7, 7, 7, 7, 3, 3, 9};
        double[] scores = {0.9, 0.2, 0.5, 0.5, 0.1, 0.8, 0.4};
        boolean[] labels = {true, false, true, false, true, false, true};

        // User 7 has 4 impressions and AUC (1 + 1 + 1 + 0.5) / 4 = 0.875. User 3 has 2 and AUC 0.
        // User 9 has only a positive and is skipped.
        double expected = (4 * 0.875 + 2 * 0.0) / 6.0;

        assertThat(ClassificationMetrics.groupAuc(users, scores, labels).orElseThrow())
                .isCloseTo(expected, within(ROUNDING));
    }

    @Test
    void groupAucEdgeCasesUndefined() {
        assertThat(ClassificationMetrics.groupAuc(new long[0], new double[0], new boolean[0])).isEmpty();
        assertThat(ClassificationMetrics.groupAuc(new long[] {1, 2}, new double[] {0.2, 0.7}, new boolean[] {true, false}))
                .isEmpty();
        assertThat(ClassificationMetrics.groupAuc(
                        new long[] {1, 1}, new double[] {0.2, Double.NaN}, new boolean[] {true, false}))
                .isEmpty();
    }

    @Test
    void groupAucRejectsMismatchedLengths() {
        assertThatThrownBy(() -> ClassificationMetrics.groupAuc(new long[3], new double[2], new boolean[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groupIds has 3");
    }

    @Test
    void logLossMatchesReference() {
        Random random = new Random(37);
        double[] predictions = new double[1_000];
        boolean[] labels = new boolean[1_000];
        for (int i = 0; i < predictions.length; i++) {
            // Every 100th prediction is 0 or 1, so clipping is exercised.
            if (i % 200 == 0) {
                predictions[i] = 0.0;
            } else if (i % 100 == 0) {
                predictions[i] = 1.0;
            } else {
                predictions[i] = random.nextDouble();
            }
            labels[i] = random.nextDouble() < predictions[i];
        }
        double[] ones = ReferenceMetrics.ones(predictions.length);

        assertThat(ClassificationMetrics.logLoss(predictions, labels).orElseThrow())
                .isCloseTo(ReferenceMetrics.logLoss(predictions, labels, ones), within(ROUNDING));
        assertThat(ClassificationMetrics.normalizedEntropy(predictions, labels).orElseThrow())
                .isCloseTo(ReferenceMetrics.normalizedEntropy(predictions, labels, ones), within(ROUNDING));
    }

    @Test
    void logLossHandWorked() {
        double[] predictions = {0.5, 0.25};
        boolean[] labels = {true, false};

        double expected = (Math.log(2.0) + Math.log(4.0 / 3.0)) / 2.0;

        assertThat(ClassificationMetrics.logLoss(predictions, labels).orElseThrow()).isCloseTo(expected, within(ROUNDING));
        assertThat(ClassificationMetrics.normalizedEntropy(predictions, labels).orElseThrow())
                .isCloseTo(expected / Math.log(2.0), within(ROUNDING));
    }

    @Test
    void logLossClipsExtremes() {
        double worst = -Math.log(ClassificationMetrics.PROBABILITY_CLIP);

        assertThat(ClassificationMetrics.logLoss(new double[] {0.0}, new boolean[] {true}).orElseThrow())
                .isCloseTo(worst, within(ROUNDING));
        assertThat(ClassificationMetrics.logLoss(new double[] {1.0}, new boolean[] {false}).orElseThrow())
                .isCloseTo(worst, within(CLIP_ROUNDING));
        assertThat(ClassificationMetrics.logLoss(new double[] {1.0}, new boolean[] {true}).orElseThrow())
                .isCloseTo(ClassificationMetrics.PROBABILITY_CLIP, within(CLIP_ROUNDING));
    }

    @Test
    void logLossEdgeCases() {
        assertThat(ClassificationMetrics.logLoss(new double[0], new boolean[0])).isEmpty();
        assertThat(ClassificationMetrics.normalizedEntropy(new double[0], new boolean[0])).isEmpty();
        assertThat(ClassificationMetrics.normalizedEntropy(new double[] {0.2, 0.9}, new boolean[] {true, true}))
                .isEmpty();
        assertThat(ClassificationMetrics.logLoss(new double[] {0.2, 0.9}, new boolean[] {true, true})).isPresent();
    }

    @Test
    void logLossRejectsBadPredictions() {
        assertThatThrownBy(() -> ClassificationMetrics.logLoss(new double[] {0.5, Double.NaN}, new boolean[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prediction NaN at index 1");
        assertThatThrownBy(() -> ClassificationMetrics.logLoss(new double[] {1.01}, new boolean[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prediction 1.01 at index 0");
        assertThatThrownBy(() -> ClassificationMetrics.normalizedEntropy(new double[] {-1e-9}, new boolean[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1.0E-9");
        assertThatThrownBy(() -> ClassificationMetrics.logLoss(new double[1], new boolean[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("predictions has 1");
    }
}
