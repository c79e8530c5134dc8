package io.streamrank.jobs.train;

import io.streamrank.model.embedding.EmbeddingStore;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One embedding table in Flink keyed state of the trainer's key. On the RocksDB backend each
 * row, sighting count and expiry index chunk is its own RocksDB entry, so a batch reads and
 * writes only what it touches.
 *
 * <p>State names, for example for table {@code user}: {@code user-embeddings} (rows),
 * {@code user-sightings}, {@code user-expiry-index} and {@code user-table-state}. The ids of rows
 * written or deleted since {@link #clearChanges} are kept in memory, for delta snapshots.
 */
final class MapStateEmbeddingStore implements EmbeddingStore {

    private final MapState<Long, float[]> rows;
    private final MapState<Long, long[]> sightings;
    private final MapState<Long, long[]> expiryIndex;
    private final ValueState<long[]> tableState;
    private final Set<Long> writtenIds = new HashSet<>();
    private final Set<Long> deletedIds = new HashSet<>();

    private MapStateEmbeddingStore(
            MapState<Long, float[]> rows,
            MapState<Long, long[]> sightings,
            MapState<Long, long[]> expiryIndex,
            ValueState<long[]> tableState) {
        this.rows = rows;
        this.sightings = sightings;
        this.expiryIndex = expiryIndex;
        this.tableState = tableState;
    }

    /** Registers the keyed state of table {@code table} ({@code user} or {@code item}) and wraps it. */
    static MapStateEmbeddingStore open(RuntimeContext context, String table) {
        return new MapStateEmbeddingStore(
                context.getMapState(new MapStateDescriptor<>(
                        table + "-embeddings", Types.LONG, PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO)),
                context.getMapState(new MapStateDescriptor<>(
                        table + "-sightings", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO)),
                context.getMapState(new MapStateDescriptor<>(
                        table + "-expiry-index", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO)),
                context.getState(new ValueStateDescriptor<>(
                        table + "-table-state", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO)));
    }

    @Override
    public float[] get(long id) throws Exception {
        return rows.get(id);
    }

    @Override
    public void put(long id, float[] row) throws Exception {
        rows.put(id, row);
        writtenIds.add(id);
        deletedIds.remove(id);
    }

    @Override
    public void remove(long id) throws Exception {
        rows.remove(id);
        writtenIds.remove(id);
        deletedIds.add(id);
    }

    @Override
    public long[] sightings(long id) throws Exception {
        return sightings.get(id);
    }

    @Override
    public void putSightings(long id, long[] record) throws Exception {
        sightings.put(id, record);
    }

    @Override
    public void removeSightings(long id) throws Exception {
        sightings.remove(id);
    }

    @Override
    public long[] expiryChunk(long sequence) throws Exception {
        return expiryIndex.get(sequence);
    }

    @Override
    public void putExpiryChunk(long sequence, long[] chunk) throws Exception {
        expiryIndex.put(sequence, chunk);
    }

    @Override
    public void removeExpiryChunk(long sequence) throws Exception {
        expiryIndex.remove(sequence);
    }

    @Override
    public long[] tableState() throws Exception {
        return tableState.value();
    }

    @Override
    public void putTableState(long[] state) throws Exception {
        tableState.update(state);
    }

    /** Returns every stored row, the default row included, of the current key. */
    Iterable<Map.Entry<Long, float[]>> allRows() throws Exception {
        return rows.entries();
    }

    /** Returns the ids of the rows written since {@link #clearChanges} that still exist. */
    Set<Long> writtenIds() {
        return writtenIds;
    }

    /** Returns the ids of the rows deleted since {@link #clearChanges} and not written again. */
    Set<Long> deletedIds() {
        return deletedIds;
    }

    void clearChanges() {
        writtenIds.clear();
        deletedIds.clear();
    }
}
