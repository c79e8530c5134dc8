package io.streamrank.model.embedding;

/**
 * Counters of one embedding table. All but {@code rows} and {@code candidates} only grow; they
 * survive restarts with the table's state.
 *
 * @param rows rows of ids now stored, not counting the default row
 * @param candidates ids with a stored sighting count and no row yet
 * @param created rows created on admission
 * @param expired rows deleted after their inactivity reached the expiry
 * @param admissionRejects reads of an id that used the default row because the id was not
 *     admitted yet, one per example and table
 */
public record EmbeddingTableMetrics(long rows, long candidates, long created, long expired, long admissionRejects) {

    public static final EmbeddingTableMetrics EMPTY = new EmbeddingTableMetrics(0, 0, 0, 0, 0);
}
