package io.streamrank.model.embedding;

/**
 * Storage of embedding rows keyed by the raw 64-bit feature id. The trainers back it with Flink
 * keyed map state in RocksDB, serving and tests with memory. Rows are handed over by reference:
 * a caller that changes a row must {@link #put} it back.
 */
public interface EmbeddingStore {

    /** Returns the row of {@code id}, or null when the id has no row. */
    float[] get(long id) throws Exception;

    void put(long id, float[] row) throws Exception;
}
