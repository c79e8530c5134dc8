package io.streamrank.jobs.train;

import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.embedding.EmbeddingTableMetrics;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One embedding table of a trainer: the {@link EmbeddingTable} over its keyed state, under the
 * name that snapshots and metrics use ({@code users} or {@code items}).
 */
final class TrainerTable {

    private final String name;
    private final MapStateEmbeddingStore store;
    private final EmbeddingTable table;

    private TrainerTable(String name, MapStateEmbeddingStore store, EmbeddingTable table) {
        this.name = name;
        this.store = store;
        this.table = table;
    }

    /**
     * Opens table {@code name} on the keyed state named after {@code stateName}; see
     * {@link MapStateEmbeddingStore}.
     */
    static TrainerTable open(RuntimeContext context, String name, String stateName, EmbeddingOptions options) {
        MapStateEmbeddingStore store = MapStateEmbeddingStore.open(context, stateName);
        return new TrainerTable(name, store, new EmbeddingTable(store, options));
    }

    String name() {
        return name;
    }

    EmbeddingTable table() {
        return table;
    }

    EmbeddingTableMetrics metrics() {
        return table.metrics();
    }

    /** Registers the table's counters as gauges in a subgroup {@code table=<name>} of {@code group}. */
    void registerGauges(MetricGroup group) {
        MetricGroup tableGroup = group.addGroup("table", name);
        tableGroup.gauge("rows", () -> table.metrics().rows());
        tableGroup.gauge("admissionCandidates", () -> table.metrics().candidates());
        tableGroup.gauge("created", () -> table.metrics().created());
        tableGroup.gauge("expired", () -> table.metrics().expired());
        tableGroup.gauge("admissionRejects", () -> table.metrics().admissionRejects());
    }

    /**
     * Returns the weights for a snapshot by id: every row and the default row for a full one, or
     * the rows written since the previous snapshot for a delta. The default row is among those
     * when it was trained.
     */
    Map<Long, float[]> snapshotRows(boolean full) throws Exception {
        Map<Long, float[]> weights = new HashMap<>();
        if (full) {
            for (Map.Entry<Long, float[]> row : store.allRows()) {
                weights.put(row.getKey(), table.weightsOf(row.getValue()));
            }
            weights.putIfAbsent(EmbeddingTable.DEFAULT_ROW_ID, table.defaultWeights());
            return weights;
        }
        for (Long id : store.writtenIds()) {
            float[] row = store.get(id);
            if (row != null) {
                weights.put(id, table.weightsOf(row));
            }
        }
        return weights;
    }

    /** Returns the ids whose rows a snapshot deletes: none for a full one, those deleted since the previous one for a delta. */
    Set<Long> snapshotDeletions(boolean full) {
        return full ? Set.of() : new HashSet<>(store.deletedIds());
    }

    /** Forgets the rows written and deleted so far; called once a snapshot has taken them. */
    void clearChanges() {
        store.clearChanges();
    }
}
