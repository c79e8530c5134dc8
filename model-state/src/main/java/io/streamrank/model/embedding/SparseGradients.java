package io.streamrank.model.embedding;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sums the gradients of one batch per embedding row, so that a row touched by several examples
 * is read and written once.
 */
public final class SparseGradients {

    private final int dimension;
    private final Map<Long, float[]> sums = new LinkedHashMap<>();

    public SparseGradients(int dimension) {
        this.dimension = dimension;
    }

    /** Adds the {@code dimension} values of {@code gradient} from {@code offset} to the row of {@code id}. */
    public void add(long id, float[] gradient, int offset) {
        float[] sum = sums.computeIfAbsent(id, ignored -> new float[dimension]);
        for (int i = 0; i < dimension; i++) {
            sum[i] += gradient[offset + i];
        }
    }

    /**
     * Applies one optimizer step per touched row, and one to the default row for all ids that
     * are not admitted; see {@link EmbeddingTable#applyGradients}.
     */
    public void applyTo(EmbeddingTable table) throws Exception {
        table.applyGradients(sums);
    }

    public int rows() {
        return sums.size();
    }
}
