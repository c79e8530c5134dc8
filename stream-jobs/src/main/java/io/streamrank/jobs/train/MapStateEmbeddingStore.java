package io.streamrank.jobs.train;

import io.streamrank.model.embedding.EmbeddingStore;

import org.apache.flink.api.common.state.MapState;

import java.util.Set;

/**
 * Embedding rows in Flink keyed map state: on the RocksDB backend each row is its own RocksDB
 * entry, so a batch reads and writes only the rows it touches. Written ids are added to
 * {@code touched}, from which delta snapshots are built.
 */
final class MapStateEmbeddingStore implements EmbeddingStore {

    private final MapState<Long, float[]> rows;
    private final Set<Long> touched;

    MapStateEmbeddingStore(MapState<Long, float[]> rows, Set<Long> touched) {
        this.rows = rows;
        this.touched = touched;
    }

    @Override
    public float[] get(long id) throws Exception {
        return rows.get(id);
    }

    @Override
    public void put(long id, float[] row) throws Exception {
        rows.put(id, row);
        touched.add(id);
    }
}
