package io.streamrank.model.embedding;

import java.util.HashMap;
import java.util.Map;

/** An {@link EmbeddingStore} in hash maps, for tests and tools. Not thread-safe. */
public final class InMemoryEmbeddingStore implements EmbeddingStore {

    private final Map<Long, float[]> rows;
    private final Map<Long, long[]> sightings = new HashMap<>();
    private final Map<Long, long[]> expiryChunks = new HashMap<>();
    private long[] tableState;

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

    @Override
    public void remove(long id) {
        rows.remove(id);
    }

    @Override
    public long[] sightings(long id) {
        return sightings.get(id);
    }

    @Override
    public void putSightings(long id, long[] record) {
        sightings.put(id, record);
    }

    @Override
    public void removeSightings(long id) {
        sightings.remove(id);
    }

    @Override
    public long[] expiryChunk(long sequence) {
        return expiryChunks.get(sequence);
    }

    @Override
    public void putExpiryChunk(long sequence, long[] chunk) {
        expiryChunks.put(sequence, chunk);
    }

    @Override
    public void removeExpiryChunk(long sequence) {
        expiryChunks.remove(sequence);
    }

    @Override
    public long[] tableState() {
        return tableState;
    }

    @Override
    public void putTableState(long[] state) {
        tableState = state;
    }

    /** Returns a deep copy: rows, sighting counts, expiry index and table state. */
    public InMemoryEmbeddingStore copy() {
        Map<Long, float[]> rowsCopy = new HashMap<>(Math.max(16, rows.size() * 2));
        rows.forEach((id, row) -> rowsCopy.put(id, row.clone()));
        InMemoryEmbeddingStore copy = new InMemoryEmbeddingStore(rowsCopy);
        sightings.forEach((id, record) -> copy.sightings.put(id, record.clone()));
        expiryChunks.forEach((sequence, chunk) -> copy.expiryChunks.put(sequence, chunk.clone()));
        copy.tableState = tableState == null ? null : tableState.clone();
        return copy;
    }

    /** Returns the stored rows by id, the default row under {@link EmbeddingTable#DEFAULT_ROW_ID} included. */
    public Map<Long, float[]> rows() {
        return rows;
    }

    /** Returns the number of rows of ids, not counting the table's default row. */
    public int size() {
        return rows.containsKey(EmbeddingTable.DEFAULT_ROW_ID) ? rows.size() - 1 : rows.size();
    }

    /** Returns the number of ids with a stored sighting count. */
    public int sightingCount() {
        return sightings.size();
    }

    /** Returns the number of stored expiry index chunks. */
    public int expiryChunkCount() {
        return expiryChunks.size();
    }
}
