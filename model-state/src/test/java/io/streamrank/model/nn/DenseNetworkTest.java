package io.streamrank.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

class DenseNetworkTest {

    /** Finite differences in float arithmetic: a step large enough to rise above rounding. */
    private static final double STEP = 1e-2;
    private static final double GRADIENT_TOLERANCE = 2e-3;

    @Test
    void predictEqualsElementwiseCopy() {
        DenseNetwork network = Networks.mlp(9, new int[] {8}, 2, 0, 1e-3, 5);
        for (int rows : new int[] {1, 3, 257}) {
            float[][] inputs = randomRows(rows, 9, new SplittableRandom(rows));

            float[][] expected = network.network().output(Nd4j.create(inputs), false).toFloatMatrix();

            assertThat(network.predict(inputs)).isDeepEqualTo(expected);
        }
    }

    @Test
    void fitBatchReturnsInputGradient() {
        DenseNetwork network = Networks.mlp(6, new int[] {5}, 2, 0, 1e-3, 3);
        SplittableRandom random = new SplittableRandom(11);
        float[][] inputs = randomRows(4, 6, random);
        float[][] labels = {{1, 0}, {0, 0}, {1, 1}, {0, 1}};
        DenseNetwork before = new DenseNetwork(network.network().clone());

        float[][] gradient = network.fitBatch(inputs, labels);

        for (int row = 0; row < inputs.length; row++) {
            for (int column = 0; column < inputs[row].length; column++) {
                double numeric = numericGradient(before, inputs[row], labels[row], column);
                assertThat((double) gradient[row][column])
                        .as("d loss / d input[%d][%d]", row, column)
                        .isCloseTo(numeric, within(GRADIENT_TOLERANCE + 0.02 * Math.abs(numeric)));
            }
        }
    }

    @Test
    void backwardReturnsInputGradient() {
        DenseNetwork tower = Networks.mlp(5, new int[] {4}, 0, 3, 1e-3, 9);
        SplittableRandom random = new SplittableRandom(13);
        float[][] inputs = randomRows(3, 5, random);
        float[][] outputGradient = randomRows(3, 3, random);
        DenseNetwork before = new DenseNetwork(tower.network().clone());

        tower.forward(inputs);
        float[][] gradient = tower.backward(outputGradient);

        // With loss = sum(outputGradient * output), d loss / d output is outputGradient.
        for (int row = 0; row < inputs.length; row++) {
            for (int column = 0; column < inputs[row].length; column++) {
                float[] plus = inputs[row].clone();
                float[] minus = inputs[row].clone();
                plus[column] += (float) STEP;
                minus[column] -= (float) STEP;
                double numeric = (dot(before.predict(new float[][] {plus})[0], outputGradient[row])
                        - dot(before.predict(new float[][] {minus})[0], outputGradient[row])) / (2 * STEP);
                assertThat((double) gradient[row][column])
                        .as("d loss / d input[%d][%d]", row, column)
                        .isCloseTo(numeric, within(GRADIENT_TOLERANCE + 0.02 * Math.abs(numeric)));
            }
        }
    }

    @Test
    void stateRestoresParametersAndUpdater() {
        DenseNetwork network = Networks.mlp(4, new int[] {3}, 1, 0, 1e-2, 1);
        float[][] inputs = randomRows(8, 4, new SplittableRandom(2));
        float[][] labels = new float[8][1];
        labels[3][0] = 1;
        network.fitBatch(inputs, labels);
        DenseState state = network.state();
        DenseNetwork copy = Networks.mlp(4, new int[] {3}, 1, 0, 1e-2, 99);

        copy.restore(state);
        network.fitBatch(inputs, labels);
        copy.fitBatch(inputs, labels);

        assertThat(copy.state().iteration()).isEqualTo(2);
        assertThat(copy.predict(inputs)).isDeepEqualTo(network.predict(inputs));
    }

    /** Binary cross-entropy summed over the outputs, as DL4J's XENT loss defines it per example. */
    private static double numericGradient(DenseNetwork network, float[] input, float[] label, int column) {
        float[] plus = input.clone();
        float[] minus = input.clone();
        plus[column] += (float) STEP;
        minus[column] -= (float) STEP;
        return (crossEntropy(network.predict(new float[][] {plus})[0], label)
                - crossEntropy(network.predict(new float[][] {minus})[0], label)) / (2 * STEP);
    }

    private static double crossEntropy(float[] predicted, float[] label) {
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            sum -= label[i] * Math.log(predicted[i]) + (1 - label[i]) * Math.log(1 - predicted[i]);
        }
        return sum;
    }

    private static double dot(float[] left, float[] right) {
        double sum = 0;
        for (int i = 0; i < left.length; i++) {
            sum += left[i] * right[i];
        }
        return sum;
    }

    private static float[][] randomRows(int rows, int width, SplittableRandom random) {
        float[][] values = new float[rows][width];
        for (float[] row : values) {
            for (int i = 0; i < width; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        return values;
    }
}
