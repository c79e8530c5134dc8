package io.streamrank.serving.model;

import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.embedding.EmbeddingTable;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The weights of one embedding table of a snapshot, immutable.
 *
 * <p>An id without a row reads as the trainer's starting row for that id,
 * {@code EmbeddingTable.weightsOf(new EmbeddingTable(null, options).freshRow(id))}, which depends
 * only on the table's seed and the id. A cold id therefore gets the same weights that the trainer
 * will use for it, and no training-serving skew arises. Returned arrays must not be modified.
 */
public final class EmbeddingRows {

    private final String table;
    private final Map<Long, float[]> rows;
    private final EmbeddingOptions options;
    private final EmbeddingTable startingRows;

    private EmbeddingRows(String table, Map<Long, float[]> rows, EmbeddingOptions options) {
        this.table = table;
        this.rows = Collections.unmodifiableMap(rows);
        this.options = options;
        this.startingRows = new EmbeddingTable(null, options);
    }

    /**
     * Wraps the rows of table {@code table}.
     *
     * @throws IllegalArgumentException naming the table and the id when a row has the wrong length
     *     or a weight that is NaN or infinite
     */
    static EmbeddingRows of(String table, Map<Long, float[]> rows, EmbeddingOptions options) {
        requireValidRows(table, rows, options);
        return new EmbeddingRows(table, new HashMap<>(rows), options);
    }

    /**
     * Returns a copy in which the rows of {@code changed} replace or add to these.
     *
     * <p>NOTE: this copies the whole map (not the rows), so replaying many deltas at start-up costs
     * their number times the table size. A layered map would avoid that if it becomes slow.
     */
    EmbeddingRows withChanges(Map<Long, float[]> changed) {
        requireValidRows(table, changed, options);
        Map<Long, float[]> merged = new HashMap<>(Math.max(16, (rows.size() + changed.size()) * 4 / 3));
        merged.putAll(rows);
        merged.putAll(changed);
        return new EmbeddingRows(table, merged, options);
    }

    /** Returns the weights of {@code id}: its row, or the trainer's starting row when it has none. */
    public float[] weights(long id) {
        float[] row = rows.get(id);
        return row != null ? row : EmbeddingTable.weightsOf(startingRows.freshRow(id));
    }

    public boolean hasRow(long id) {
        return rows.containsKey(id);
    }

    public int size() {
        return rows.size();
    }

    public int dimension() {
        return options.dimension();
    }

    public EmbeddingOptions options() {
        return options;
    }

    /** Returns the stored rows by id, unmodifiable. */
    public Map<Long, float[]> rows() {
        return rows;
    }

    private static void requireValidRows(String table, Map<Long, float[]> rows, EmbeddingOptions options) {
        for (Map.Entry<Long, float[]> row : rows.entrySet()) {
            float[] weights = row.getValue();
            if (weights.length != options.dimension()) {
                throw new IllegalArgumentException(
                        "table '" + table + "' row " + row.getKey() + " has " + weights.length
                                + " weights; expected embedding.dimension = " + options.dimension());
            }
            for (float weight : weights) {
                if (!Float.isFinite(weight)) {
                    throw new IllegalArgumentException(
                            "table '" + table + "' row " + row.getKey() + " has the weight " + weight
                                    + "; expected finite numbers");
                }
            }
        }
    }
}
