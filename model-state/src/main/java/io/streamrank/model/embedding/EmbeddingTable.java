package io.streamrank.model.embedding;

import java.util.SplittableRandom;

/**
 * An embedding table trained with sparse Adagrad: only the rows that a batch touches are read
 * and written.
 *
 * <p>A stored row holds {@code 2 * dimension} floats: the weights, then one Adagrad accumulator
 * per weight (Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR 2011, the diagonal variant). A missing row reads as a fresh one
 * whose start depends only on the seed and the id, so a row that was never written costs no
 * storage and every replica starts it the same way.
 */
public final class EmbeddingTable {

    private final EmbeddingStore store;
    private final EmbeddingOptions options;

    public EmbeddingTable(EmbeddingStore store, EmbeddingOptions options) {
        this.store = store;
        this.options = options;
    }

    public int dimension() {
        return options.dimension();
    }

    /** Copies the weights of {@code id} into {@code target} at {@code offset}. */
    public void readWeights(long id, float[] target, int offset) throws Exception {
        float[] row = store.get(id);
        if (row == null) {
            row = freshRow(id);
        }
        System.arraycopy(row, 0, target, offset, options.dimension());
    }

    /**
     * Applies one Adagrad step to the row of {@code id}: for each weight,
     * {@code acc += g * g; w -= learningRate * g / sqrt(acc)}.
     *
     * @param gradient the summed loss gradient for this row, read from {@code offset}
     */
    public void applyGradient(long id, float[] gradient, int offset) throws Exception {
        int dimension = options.dimension();
        float[] row = store.get(id);
        if (row == null) {
            row = freshRow(id);
        }
        for (int i = 0; i < dimension; i++) {
            float g = gradient[offset + i];
            float accumulator = row[dimension + i] + g * g;
            row[dimension + i] = accumulator;
            row[i] -= (float) (options.learningRate() * g / Math.sqrt(accumulator));
        }
        store.put(id, row);
    }

    /** Returns the starting row of {@code id}: Gaussian weights and the initial accumulators. */
    public float[] freshRow(long id) {
        int dimension = options.dimension();
        float[] row = new float[2 * dimension];
        SplittableRandom random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L ^ id);
        for (int i = 0; i < dimension; i++) {
            row[i] = (float) (random.nextGaussian() * options.initStd());
            row[dimension + i] = (float) options.initialAccumulator();
        }
        return row;
    }

    /** Returns the weights of a stored row, without its optimizer state. */
    public static float[] weightsOf(float[] row) {
        float[] weights = new float[row.length / 2];
        System.arraycopy(row, 0, weights, 0, weights.length);
        return weights;
    }
}
