package io.streamrank.model.embedding;

import java.util.HashMap;
import java.util.Map;

/** An {@link EmbeddingStore} in a hash map, for serving and tests. Not thread-safe. */
public final class InMemoryEmbeddingStore implements EmbeddingStore {

    private final Map<Long, float[]> rows;

    public InMemoryEmbeddingStore() {
        this(new HashMap<>());
    }

    public InMemoryEmbeddingStore(Map<Long, float[]> rows) {
        this.rows = rows;
    }

    @Override
    public float[] get(long id) {
        return rows.get(id);
    }

    @Override
    public void put(long id, float[] row) {
        rows.put(id, row);
    }

    public Map<Long, float[]> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }
}
