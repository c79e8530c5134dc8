package io.streamrank.model.embedding;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An embedding table trained with sparse Adagrad, with admission and expiry of rows: only the
 * rows that a batch touches are read and written.
 *
 * <p><b>Rows.</b> A stored row contains the weights, one Adagrad accumulator per weight (Duchi,
 * Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
 * Optimization", JMLR 2011, the diagonal variant) and the row's last-seen event time.
 * {@link EmbeddingRow} gives the layout.
 *
 * <p><b>Admission.</b> Every id without a row reads the table's shared default row, stored under
 * {@link #DEFAULT_ROW_ID}, as an out-of-vocabulary row would be; serving does the same, so both
 * score such an id alike. {@link #readWeights} counts the sightings of such an id. Once
 * {@link EmbeddingOptions#minSightings()} examples have referenced it, it is admitted: the next
 * gradient for it creates its row. Until then its gradients train the default row. An admitted
 * row starts from its own fresh row plus what the default row has learned since its own start,
 * {@code fresh(id) + (default - fresh(DEFAULT_ROW_ID))}. It thus keeps what the model has learned
 * for rare ids, the row it was scored with until then, so its score does not jump back to that of
 * an untrained row. The per-id Gaussian part keeps admitted rows apart. Its
 * accumulators start afresh at {@link EmbeddingOptions#initialAccumulator()}, so it takes
 * full-size steps, whereas the default row's accumulators have grown with every rare id. With no
 * trained default row, an admitted row starts exactly as {@link #freshRow}. A batch sums an id's
 * gradients before it applies them, so the admitting batch's whole gradient for the id, computed
 * at the default row's weights, goes to the new row.
 *
 * <p><b>Expiry.</b> The table keeps an event-time clock, the newest time passed to
 * {@link #beginBatch}. A row whose last-seen time is {@link EmbeddingOptions#expiryMillis()} or
 * more behind the clock is expired: a read treats it as missing and deletes it, and
 * {@link #sweepExpired} deletes such rows that nothing reads. Sighting counts expire the same
 * way, which bounds their number by the ids seen within one expiry period. The sweep finds
 * candidates in an expiry index, a queue of chunks of ids in the order of their last-seen time
 * bucket (an eighth of the expiry period); an id enters the queue when its last-seen bucket
 * changes, so it is queued at most once per bucket. A sweep examines at most
 * {@link EmbeddingOptions#sweepLimit()} ids and removes the chunks it has examined.
 *
 * <p><b>Batches.</b> A trainer calls {@link #beginBatch} before it reads a batch and
 * {@link #endBatch} after it applied the batch's gradients: the first loads the table state and
 * advances the clock, the second writes the expiry index, sweeps and saves the table state.
 * Without those calls the table still trains, keeps its counters in memory and never expires
 * anything. The id {@link #DEFAULT_ROW_ID} is reserved: an id equal to it reads and trains the
 * default row. Not thread-safe, except {@link #metrics}.
 */
public final class EmbeddingTable {

    /** Id under which the default row is stored and written into snapshots. */
    public static final long DEFAULT_ROW_ID = Long.MIN_VALUE;

    /** Number of expiry index buckets per expiry period. */
    private static final int EXPIRY_BUCKETS = 8;

    private static final long UNKNOWN_TIME = EmbeddingRow.UNKNOWN_TIME;

    private final EmbeddingStore store;
    private final EmbeddingOptions options;
    private final long bucketWidth;
    private final float[] defaultStart;
    private final Set<Long> pendingIndex = new LinkedHashSet<>();

    private TableState state;
    private float[] defaultRow;
    private volatile EmbeddingTableMetrics metrics = EmbeddingTableMetrics.EMPTY;

    /**
     * Creates a table on {@code store}, which may be null for a table used only for
     * {@link #freshRow}.
     */
    public EmbeddingTable(EmbeddingStore store, EmbeddingOptions options) {
        this.store = store;
        this.options = options;
        this.bucketWidth = Math.max(1, options.expiryMillis() / EXPIRY_BUCKETS);
        this.defaultStart = freshRow(DEFAULT_ROW_ID);
    }

    public int dimension() {
        return options.dimension();
    }

    public EmbeddingOptions options() {
        return options;
    }

    /** Returns the event-time clock in epoch milliseconds, or {@link EmbeddingRow#UNKNOWN_TIME}. */
    public long clock() throws Exception {
        return state().clock;
    }

    /**
     * Starts a batch: reloads the table state from the store and advances the clock to
     * {@code eventTime} unless it is already later.
     *
     * @param eventTime the newest event time of the batch, or {@link EmbeddingRow#UNKNOWN_TIME}
     */
    public void beginBatch(long eventTime) throws Exception {
        if (state != null && !pendingIndex.isEmpty()) {
            // A batch that was not ended: its index entries must not be lost with the reload.
            flushIndex();
            store.putTableState(state.toArray());
        }
        state = loadState();
        defaultRow = null;
        if (eventTime != UNKNOWN_TIME && (state.clock == UNKNOWN_TIME || eventTime > state.clock)) {
            state.clock = eventTime;
        }
    }

    /**
     * Ends a batch: writes the expiry index entries of the batch, sweeps expired rows and saves
     * the table state.
     *
     * @return the table's counters after the batch
     */
    public EmbeddingTableMetrics endBatch() throws Exception {
        flushIndex();
        sweepExpired();
        store.putTableState(state().toArray());
        metrics = state.toMetrics();
        return metrics;
    }

    /** Returns the counters as of the last {@link #endBatch}; safe to call from any thread. */
    public EmbeddingTableMetrics metrics() {
        return metrics;
    }

    /**
     * Copies the weights that {@code id} uses into {@code target} at {@code offset}: those of its
     * row, or of the default row when it has none. For an id without a row it counts the
     * sighting, and an admission reject unless this sighting admits the id. An expired row reads
     * as missing and is deleted.
     */
    public void readWeights(long id, float[] target, int offset) throws Exception {
        float[] row = id == DEFAULT_ROW_ID ? null : liveRow(id, store.get(id));
        if (row == null) {
            if (id != DEFAULT_ROW_ID && !recordSighting(id)) {
                state().rejects++;
            }
            row = defaultRow();
        }
        System.arraycopy(row, 0, target, offset, options.dimension());
    }

    /**
     * Copies the weights that {@code id} uses into {@code target} at {@code offset}, as
     * {@link #readWeights} does, but without counting a sighting or deleting an expired row:
     * for scoring without learning.
     */
    public void peekWeights(long id, float[] target, int offset) throws Exception {
        int dimension = options.dimension();
        float[] row = id == DEFAULT_ROW_ID ? null : store.get(id);
        if (row == null || isExpired(EmbeddingRow.lastSeen(EmbeddingRow.upgrade(row, dimension), dimension))) {
            row = defaultRow();
        }
        System.arraycopy(row, 0, target, offset, dimension);
    }

    /**
     * Applies one Adagrad step to the row that {@code id} uses, as {@link #applyGradients} does
     * for a single id.
     *
     * @param gradient the summed loss gradient for this row, read from {@code offset}
     */
    public void applyGradient(long id, float[] gradient, int offset) throws Exception {
        float[] copy = new float[options.dimension()];
        System.arraycopy(gradient, offset, copy, 0, copy.length);
        Map<Long, float[]> single = new LinkedHashMap<>();
        single.put(id, copy);
        applyGradients(single);
    }

    /**
     * Applies one Adagrad step per row, {@code acc += g * g; w -= learningRate * g / sqrt(acc)}
     * for each weight, and sets the row's last-seen time to the clock. An admitted id without a row
     * gets one. The gradients of ids that are not admitted are summed into one step of the
     * default row, taken after the admitted rows have copied the default row's weights.
     *
     * @param gradients per id, its summed loss gradient of {@code dimension} values
     */
    public void applyGradients(Map<Long, float[]> gradients) throws Exception {
        int dimension = options.dimension();
        float[] defaultGradient = null;
        for (Map.Entry<Long, float[]> entry : gradients.entrySet()) {
            long id = entry.getKey();
            float[] gradient = entry.getValue();
            if (id != DEFAULT_ROW_ID && applyToOwnRow(id, gradient)) {
                continue;
            }
            if (defaultGradient == null) {
                defaultGradient = new float[dimension];
            }
            for (int i = 0; i < dimension; i++) {
                defaultGradient[i] += gradient[i];
            }
        }

        if (defaultGradient != null) {
            float[] row = defaultRow();
            adagradStep(row, defaultGradient);
            EmbeddingRow.setLastSeen(row, dimension, state().clock);
            store.put(DEFAULT_ROW_ID, row);
        }
    }

    /**
     * Deletes expired rows and sighting counts found at the head of the expiry index, examining
     * at most {@link EmbeddingOptions#sweepLimit()} ids (or one whole chunk when a chunk is
     * larger). Does nothing while the clock is unknown or expiry is off.
     *
     * @return the number of ids examined
     */
    public int sweepExpired() throws Exception {
        TableState current = state();
        if (!options.expires() || current.clock == UNKNOWN_TIME) {
            return 0;
        }
        int examined = 0;
        while (current.indexHead < current.indexTail) {
            long[] chunk = store.expiryChunk(current.indexHead);
            if (chunk != null) {
                if (!isBucketExpired(chunk[0])) {
                    break;
                }
                int entries = chunk.length - 1;
                if (examined > 0 && examined + entries > options.sweepLimit()) {
                    break;
                }
                for (int i = 1; i < chunk.length; i++) {
                    expireIfIdle(chunk[i]);
                }
                examined += entries;
                store.removeExpiryChunk(current.indexHead);
            }
            current.indexHead++;
        }
        return examined;
    }

    /** Returns the weights of the default row: stored, or its fresh start when it has none. */
    public float[] defaultWeights() throws Exception {
        return EmbeddingRow.weights(defaultRow(), options.dimension());
    }

    /** Returns the weights of a stored row in this table's layout. */
    public float[] weightsOf(float[] row) {
        return EmbeddingRow.weights(row, options.dimension());
    }

    /**
     * Returns the deterministic starting row of {@code id}: Gaussian weights that depend only on
     * the seed and the id, the initial accumulators and an unknown last-seen time.
     */
    public float[] freshRow(long id) {
        int dimension = options.dimension();
        float[] row = new float[EmbeddingRow.length(dimension)];
        SplittableRandom random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L ^ id);
        for (int i = 0; i < dimension; i++) {
            row[i] = (float) (random.nextGaussian() * options.initStd());
            row[dimension + i] = (float) options.initialAccumulator();
        }
        EmbeddingRow.setLastSeen(row, dimension, UNKNOWN_TIME);
        return row;
    }

    /** Returns the row that {@code id} starts with when its row is created now; see the class comment. */
    public float[] admittedRow(long id) throws Exception {
        float[] row = freshRow(id);
        float[] learned = defaultRow();
        for (int i = 0; i < options.dimension(); i++) {
            row[i] += learned[i] - defaultStart[i];
        }
        return row;
    }

    /** Steps the row of {@code id} if it has one or is admitted now; returns false when it uses the default row. */
    private boolean applyToOwnRow(long id, float[] gradient) throws Exception {
        float[] stored = store.get(id);
        float[] row = liveRow(id, stored);
        boolean created = false;
        if (row == null) {
            if (!isAdmitted(id)) {
                return false;
            }
            row = admittedRow(id);
            created = true;
        }

        long previousLastSeen = EmbeddingRow.lastSeen(row, options.dimension());
        adagradStep(row, gradient);
        EmbeddingRow.setLastSeen(row, options.dimension(), state().clock);
        store.put(id, row);

        if (created) {
            admit(id);
        } else if (stored.length != row.length) {
            // A row of the older layout is counted once it is written in the current one.
            state.rows++;
        }
        indexIfBucketChanged(id, previousLastSeen, created);
        return true;
    }

    private void admit(long id) throws Exception {
        TableState current = state();
        current.rows++;
        current.created++;
        if (options.minSightings() > 1 && store.sightings(id) != null) {
            store.removeSightings(id);
            current.candidates--;
        }
    }

    private void adagradStep(float[] row, float[] gradient) {
        int dimension = options.dimension();
        for (int i = 0; i < dimension; i++) {
            float g = gradient[i];
            float accumulator = row[dimension + i] + g * g;
            row[dimension + i] = accumulator;
            row[i] -= (float) (options.learningRate() * g / Math.sqrt(accumulator));
        }
    }

    /** Returns {@code stored} in the current layout, or null after deleting it when it has expired. */
    private float[] liveRow(long id, float[] stored) throws Exception {
        if (stored == null) {
            return null;
        }
        float[] row = EmbeddingRow.upgrade(stored, options.dimension());
        if (isExpired(EmbeddingRow.lastSeen(row, options.dimension()))) {
            store.remove(id);
            state().rows--;
            state.expired++;
            return null;
        }
        return row;
    }

    /** Counts a sighting of {@code id}, which has no row, and returns whether the id is admitted now. */
    private boolean recordSighting(long id) throws Exception {
        if (options.minSightings() <= 1) {
            return true;
        }
        TableState current = state();
        long[] sightings = store.sightings(id);
        if (sightings != null && isExpired(sightings[1])) {
            store.removeSightings(id);
            current.candidates--;
            sightings = null;
        }
        boolean first = sightings == null;
        long count = first ? 1 : sightings[0] + 1;
        long previousLastSeen = first ? UNKNOWN_TIME : sightings[1];
        if (first) {
            current.candidates++;
        }
        store.putSightings(id, new long[] {count, current.clock});
        indexIfBucketChanged(id, previousLastSeen, first);
        return count >= options.minSightings();
    }

    private boolean isAdmitted(long id) throws Exception {
        if (options.minSightings() <= 1) {
            return true;
        }
        long[] sightings = store.sightings(id);
        return sightings != null && sightings[0] >= options.minSightings() && !isExpired(sightings[1]);
    }

    private boolean isExpired(long lastSeen) throws Exception {
        long clock = state().clock;
        return options.expires()
                && clock != UNKNOWN_TIME
                && lastSeen != UNKNOWN_TIME
                && clock - lastSeen >= options.expiryMillis();
    }

    /** Returns whether every id whose last-seen time lies in {@code bucket} has expired. */
    private boolean isBucketExpired(long bucket) {
        return (bucket + 1) * bucketWidth + options.expiryMillis() <= state.clock;
    }

    private void expireIfIdle(long id) throws Exception {
        float[] stored = store.get(id);
        if (stored != null && stored.length == EmbeddingRow.length(options.dimension())) {
            liveRow(id, stored);
        }
        long[] sightings = store.sightings(id);
        if (sightings != null && isExpired(sightings[1])) {
            store.removeSightings(id);
            state.candidates--;
        }
    }

    /** Queues {@code id} for the expiry index when its last-seen bucket is new. */
    private void indexIfBucketChanged(long id, long previousLastSeen, boolean isNew) throws Exception {
        long clock = state().clock;
        if (!options.expires() || clock == UNKNOWN_TIME) {
            return;
        }
        if (isNew || previousLastSeen == UNKNOWN_TIME
                || Math.floorDiv(previousLastSeen, bucketWidth) != Math.floorDiv(clock, bucketWidth)) {
            pendingIndex.add(id);
        }
    }

    /** Writes the queued ids as chunks of at most sweepLimit ids, tagged with the clock's bucket. */
    private void flushIndex() throws Exception {
        if (pendingIndex.isEmpty()) {
            return;
        }
        TableState current = state();
        long bucket = Math.floorDiv(current.clock, bucketWidth);
        long[] ids = pendingIndex.stream().mapToLong(Long::longValue).toArray();
        pendingIndex.clear();
        for (int start = 0; start < ids.length; start += options.sweepLimit()) {
            int size = Math.min(options.sweepLimit(), ids.length - start);
            long[] chunk = new long[size + 1];
            chunk[0] = bucket;
            System.arraycopy(ids, start, chunk, 1, size);
            store.putExpiryChunk(current.indexTail++, chunk);
        }
    }

    /** Returns the default row, cached until the next {@link #beginBatch}. */
    private float[] defaultRow() throws Exception {
        if (defaultRow == null) {
            float[] stored = store.get(DEFAULT_ROW_ID);
            defaultRow = stored == null ? freshRow(DEFAULT_ROW_ID) : EmbeddingRow.upgrade(stored, options.dimension());
        }
        return defaultRow;
    }

    private TableState state() throws Exception {
        if (state == null) {
            state = loadState();
        }
        return state;
    }

    private TableState loadState() throws Exception {
        long[] stored = store.tableState();
        return stored == null ? new TableState() : TableState.of(stored);
    }

    /** The table's clock, counters and expiry index positions, stored as a {@code long[]}. */
    private static final class TableState {

        private static final long FORMAT = 1;
        private static final int LENGTH = 9;

        long clock = UNKNOWN_TIME;
        long rows;
        long candidates;
        long created;
        long expired;
        long rejects;
        long indexHead;
        long indexTail;

        static TableState of(long[] values) {
            if (values.length != LENGTH || values[0] != FORMAT) {
                throw new IllegalStateException("stored embedding table state has " + values.length
                        + " values and format " + (values.length > 0 ? values[0] : "none") + "; expected "
                        + LENGTH + " values of format " + FORMAT);
            }
            TableState state = new TableState();
            state.clock = values[1];
            state.rows = values[2];
            state.candidates = values[3];
            state.created = values[4];
            state.expired = values[5];
            state.rejects = values[6];
            state.indexHead = values[7];
            state.indexTail = values[8];
            return state;
        }

        long[] toArray() {
            return new long[] {FORMAT, clock, rows, candidates, created, expired, rejects, indexHead, indexTail};
        }

        EmbeddingTableMetrics toMetrics() {
            return new EmbeddingTableMetrics(rows, candidates, created, expired, rejects);
        }
    }
}
