package io.streamrank.model.embedding;

/**
 * Storage of one embedding table: rows keyed by the raw 64-bit feature id, the sighting counts
 * of ids that have no row yet, the expiry index and a small table state. The trainers back it
 * with Flink keyed state in RocksDB, tests with memory. Arrays are handed over by reference: a
 * caller that changes one must put it back.
 *
 * <p>{@link EmbeddingTable} defines what the values mean; a store only keeps them.
 */
public interface EmbeddingStore {

    /** Returns the row of {@code id}, in the layout of {@link EmbeddingRow}, or null when the id has no row. */
    float[] get(long id) throws Exception;

    void put(long id, float[] row) throws Exception;

    void remove(long id) throws Exception;

    /** Returns the sighting record of {@code id}, or null when none is stored. */
    long[] sightings(long id) throws Exception;

    void putSightings(long id, long[] sightings) throws Exception;

    void removeSightings(long id) throws Exception;

    /** Returns the expiry index chunk with sequence number {@code sequence}, or null. */
    long[] expiryChunk(long sequence) throws Exception;

    void putExpiryChunk(long sequence, long[] chunk) throws Exception;

    void removeExpiryChunk(long sequence) throws Exception;

    /** Returns the table state last put, or null when none was. */
    long[] tableState() throws Exception;

    void putTableState(long[] state) throws Exception;
}
