package io.streamrank.serving.model;

import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.embedding.EmbeddingTable;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The weights of one embedding table of a snapshot, immutable.
 *
 * <p>An id without a row reads as the table's shared default row, the row that the trainer
 * reads and trains for every id it has not admitted (or whose row expired). The snapshot stores
 * it under {@link EmbeddingTable#DEFAULT_ROW_ID}. A snapshot without one gets the default row's
 * start, {@code new EmbeddingTable(null, options).freshRow(DEFAULT_ROW_ID)}, which is what the
 * trainer reads before the default row is first trained. A cold id therefore gets the weights
 * that the trainer uses for it, and no training-serving skew arises. The default row is not one
 * of the {@link #rows()}. Returned arrays must not be modified.
 */
public final class EmbeddingRows {

    private final String table;
    private final Map<Long, float[]> rows;
    private final float[] defaultWeights;
    private final EmbeddingOptions options;

    private EmbeddingRows(String table, Map<Long, float[]> rows, float[] defaultWeights, EmbeddingOptions options) {
        this.table = table;
        this.rows = Collections.unmodifiableMap(rows);
        this.defaultWeights = defaultWeights;
        this.options = options;
    }

    /**
     * Wraps the rows of table {@code table}, the default row under
     * {@link EmbeddingTable#DEFAULT_ROW_ID} included when present.
     *
     * @throws IllegalArgumentException naming the table and the id when a row has the wrong length
     *     or a weight that is NaN or infinite
     */
    static EmbeddingRows of(String table, Map<Long, float[]> rows, EmbeddingOptions options) {
        requireValidRows(table, rows, options);
        Map<Long, float[]> copy = new HashMap<>(rows);
        float[] defaultWeights = copy.remove(EmbeddingTable.DEFAULT_ROW_ID);
        if (defaultWeights == null) {
            EmbeddingTable start = new EmbeddingTable(null, options);
            defaultWeights = start.weightsOf(start.freshRow(EmbeddingTable.DEFAULT_ROW_ID));
        }
        return new EmbeddingRows(table, copy, defaultWeights, options);
    }

    /**
     * Returns a copy in which the rows of {@code changed} replace or add to these, and the rows of
     * {@code deleted} are removed.
     *
     * <p>NOTE: this copies the whole map (not the rows), so replaying many deltas at start-up costs
     * their number times the table size. A layered map would avoid that if it becomes slow.
     *
     * @throws IllegalArgumentException when a changed row is invalid or {@code deleted} contains
     *     the default row's id
     */
    EmbeddingRows withChanges(Map<Long, float[]> changed, Set<Long> deleted) {
        requireValidRows(table, changed, options);
        if (deleted.contains(EmbeddingTable.DEFAULT_ROW_ID)) {
            throw new IllegalArgumentException("table '" + table + "' delta deletes the default row (id "
                    + EmbeddingTable.DEFAULT_ROW_ID + "); expected only ids of rows");
        }
        Map<Long, float[]> merged = new HashMap<>(Math.max(16, (rows.size() + changed.size()) * 4 / 3));
        merged.putAll(rows);
        merged.putAll(changed);
        merged.keySet().removeAll(deleted);
        float[] changedDefault = merged.remove(EmbeddingTable.DEFAULT_ROW_ID);
        return new EmbeddingRows(table, merged, changedDefault != null ? changedDefault : defaultWeights, options);
    }

    /** Returns the weights of {@code id}: its row, or the default row when it has none. */
    public float[] weights(long id) {
        float[] row = rows.get(id);
        return row != null ? row : defaultWeights;
    }

    /** Returns the weights of the table's default row. */
    public float[] defaultWeights() {
        return defaultWeights;
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

    /** Returns the rows of ids, without the default row, unmodifiable. */
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
