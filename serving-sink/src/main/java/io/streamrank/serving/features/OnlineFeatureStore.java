package io.streamrank.serving.features;

import io.streamrank.features.state.FeatureBinaryFormat;
import io.streamrank.features.state.FeatureCodec;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.serving.metrics.SlidingQuantiles;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;

/**
 * The serving copy of the user and item features, kept in RocksDB and fed by the feature updates
 * topic.
 *
 * <p>An update is a record whose key is {@code user:ID} or {@code item:ID} and whose value is the
 * entity's features in the framed form of {@link FeatureBinaryFormat}. The store keeps, per key, the value with
 * the latest as-of event time: an update older than the stored value is dropped as
 * {@link UpdateOutcome#STALE}, and one with the same as-of time replaces it, because the topic
 * carries a key's updates in order. Beside the values it keeps:
 *
 * <ul>
 *   <li>per user, every item the user has engaged with. Each update adds all of its recent
 *       items, so an item is not missed when one update covers several events, as long as they
 *       fit in the recent list.
 *   <li>in memory, a {@link PopularityIndex} of the items by decayed clicks.
 *   <li>the freshness of each applied update: the store's clock minus the record timestamp.
 *   <li>the latest as-of time applied, which serving uses as the current event time.
 * </ul>
 *
 * <p>Column families: {@code features} maps the record key (UTF-8) to the record timestamp
 * (8 bytes), the as-of time (8 bytes) and the value; {@code engaged} holds one empty value per
 * pair of big-endian user and item ids. Opening an existing directory rebuilds the in-memory
 * parts from it.
 *
 * <p>Thread-safe: one writer at a time applies updates, and reads run concurrently with it.
 * {@link #close} waits for the calls in progress, and calls after it throw
 * {@link IllegalStateException}.
 */
public final class OnlineFeatureStore implements AutoCloseable {

    /** Number of latest updates whose freshness the quantiles cover. */
    public static final int FRESHNESS_WINDOW = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(OnlineFeatureStore.class);
    private static final byte[] FEATURES_FAMILY = "features".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ENGAGED_FAMILY = "engaged".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY = new byte[0];
    private static final int HEADER_BYTES = 16;

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final Clock clock;

    private final DBOptions dbOptions;
    private final ColumnFamilyOptions familyOptions;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final ColumnFamilyHandle defaultFamily;
    private final ColumnFamilyHandle features;
    private final ColumnFamilyHandle engaged;

    private final PopularityIndex popularity;
    private final SlidingQuantiles freshnessMillis = new SlidingQuantiles(FRESHNESS_WINDOW);
    private final AtomicLong latestEventTime = new AtomicLong(-1L);
    private final AtomicLong users = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final LongAdder userUpdatesApplied = new LongAdder();
    private final LongAdder itemUpdatesApplied = new LongAdder();
    private final LongAdder staleUpdates = new LongAdder();
    private final LongAdder invalidUpdates = new LongAdder();

    private final Object writeLock = new Object();
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();
    private boolean closed;

    private OnlineFeatureStore(
            Path directory,
            Clock clock,
            FeatureOptions options,
            DBOptions dbOptions,
            ColumnFamilyOptions familyOptions,
            RocksDB db,
            List<ColumnFamilyHandle> handles) {
        this.directory = directory;
        this.clock = clock;
        this.dbOptions = dbOptions;
        this.familyOptions = familyOptions;
        this.writeOptions = new WriteOptions();
        this.db = db;
        this.defaultFamily = handles.get(0);
        this.features = handles.get(1);
        this.engaged = handles.get(2);
        this.popularity = new PopularityIndex(options);
    }

    /**
     * Opens the store in {@code directory}, creating it when missing, and rebuilds the popularity
     * index, the counts and the latest event time from what it holds.
     *
     * @param options the feature settings whose decay time constant orders the popularity index
     *     until {@link #useFeatureOptions} replaces them
     */
    public static OnlineFeatureStore open(Path directory, FeatureOptions options, Clock clock) throws IOException {
        Files.createDirectories(directory);
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions),
                new ColumnFamilyDescriptor(FEATURES_FAMILY, familyOptions),
                new ColumnFamilyDescriptor(ENGAGED_FAMILY, familyOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            familyOptions.close();
            dbOptions.close();
            throw new IOException("failed to open the feature store in " + directory + ": " + e.getMessage(), e);
        }

        OnlineFeatureStore store = new OnlineFeatureStore(
                directory, clock, options, dbOptions, familyOptions, db, handles);
        store.rebuildMemoryState();
        LOG.info("Opened feature store in {} with {} users and {} items",
                directory, store.users.get(), store.items.get());
        return store;
    }

    /**
     * Applies one record of the feature updates topic.
     *
     * @param key {@code user:ID} or {@code item:ID}
     * @param value the features in the framed form of {@link FeatureBinaryFormat}, for the same
     *     entity and id
     * @param recordTimestamp the record's timestamp, epoch milliseconds
     * @throws IllegalArgumentException naming the problem when the key or the value is invalid
     */
    public UpdateOutcome apply(String key, byte[] value, long recordTimestamp) {
        closeLock.readLock().lock();
        try {
            requireOpen();
            UpdateOutcome outcome;
            try {
                outcome = applyParsed(FeatureKey.parse(key), key, value, recordTimestamp);
            } catch (IllegalArgumentException e) {
                invalidUpdates.increment();
                throw e;
            }
            if (outcome == UpdateOutcome.APPLIED) {
                freshnessMillis.record(Math.max(0L, clock.millis() - recordTimestamp));
            } else {
                staleUpdates.increment();
            }
            return outcome;
        } catch (RocksDBException e) {
            throw new IllegalStateException("failed to write feature update " + key + " to " + directory, e);
        } finally {
            closeLock.readLock().unlock();
        }
    }

    private UpdateOutcome applyParsed(FeatureKey key, String rawKey, byte[] value, long recordTimestamp)
            throws RocksDBException {
        if (value == null) {
            throw new IllegalArgumentException("feature update " + rawKey + " has no value");
        }
        byte[] keyBytes = rawKey.getBytes(StandardCharsets.UTF_8);

        if (key.isUser()) {
            UserFeatures user = FeatureBinaryFormat.decodeUser(value);
            key.requireSameId(user.userId());
            synchronized (writeLock) {
                byte[] previous = db.get(features, keyBytes);
                if (previous != null && asOfOf(previous) > user.asOf()) {
                    return UpdateOutcome.STALE;
                }
                try (WriteBatch batch = new WriteBatch()) {
                    batch.put(features, keyBytes, encode(recordTimestamp, user.asOf(), value));
                    for (long item : user.recentItems()) {
                        batch.put(engaged, engagedKey(user.userId(), item), EMPTY);
                    }
                    db.write(writeOptions, batch);
                }
                if (previous == null) {
                    users.incrementAndGet();
                }
            }
            userUpdatesApplied.increment();
            latestEventTime.accumulateAndGet(user.asOf(), Math::max);
            return UpdateOutcome.APPLIED;
        }

        ItemFeatures item = FeatureBinaryFormat.decodeItem(value);
        key.requireSameId(item.itemId());
        synchronized (writeLock) {
            byte[] previous = db.get(features, keyBytes);
            if (previous != null && asOfOf(previous) > item.asOf()) {
                return UpdateOutcome.STALE;
            }
            db.put(features, writeOptions, keyBytes, encode(recordTimestamp, item.asOf(), value));
            popularity.update(item);
            if (previous == null) {
                items.incrementAndGet();
            }
        }
        itemUpdatesApplied.increment();
        latestEventTime.accumulateAndGet(item.asOf(), Math::max);
        return UpdateOutcome.APPLIED;
    }

    /** Reads the features of {@code userId}, or empty when the store has none. */
    public Optional<FeatureReading<UserFeatures>> user(long userId) {
        return read(FeatureCodec.userKey(userId)).map(stored -> stored.reading(FeatureBinaryFormat.decodeUser(stored.value())));
    }

    /** Reads the features of {@code itemId}, or empty when the store has none. */
    public Optional<FeatureReading<ItemFeatures>> item(long itemId) {
        return read(FeatureCodec.itemKey(itemId)).map(stored -> stored.reading(FeatureBinaryFormat.decodeItem(stored.value())));
    }

    /** Reads the features of several items in one call; ids without features are left out. */
    public Map<Long, ItemFeatures> items(Collection<Long> itemIds) {
        List<Long> ids = new ArrayList<>(itemIds);
        List<byte[]> keys = new ArrayList<>(ids.size());
        List<ColumnFamilyHandle> families = new ArrayList<>(ids.size());
        for (long id : ids) {
            keys.add(FeatureCodec.itemKey(id).getBytes(StandardCharsets.UTF_8));
            families.add(features);
        }

        List<byte[]> values;
        closeLock.readLock().lock();
        try {
            requireOpen();
            values = ids.isEmpty() ? List.of() : db.multiGetAsList(families, keys);
        } catch (RocksDBException e) {
            throw new IllegalStateException("failed to read " + ids.size() + " items from " + directory, e);
        } finally {
            closeLock.readLock().unlock();
        }

        Map<Long, ItemFeatures> result = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            byte[] stored = values.get(i);
            if (stored != null) {
                result.put(ids.get(i), FeatureBinaryFormat.decodeItem(valueOf(stored)));
            }
        }
        return result;
    }

    /** Returns every item that {@code userId} has engaged with, according to the updates applied so far. */
    public Set<Long> engagedItems(long userId) {
        byte[] prefix = ByteBuffer.allocate(Long.BYTES).putLong(userId).array();
        Set<Long> result = new HashSet<>();
        closeLock.readLock().lock();
        try {
            requireOpen();
            try (RocksIterator iterator = db.newIterator(engaged)) {
                for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
                    ByteBuffer key = ByteBuffer.wrap(iterator.key());
                    if (key.getLong() != userId) {
                        break;
                    }
                    result.add(key.getLong());
                }
            }
        } finally {
            closeLock.readLock().unlock();
        }
        return result;
    }

    /**
     * Returns up to {@code count} items with the most decayed clicks at {@code time}, most first,
     * skipping those that {@code excluded} matches.
     */
    public List<PopularItem> popular(int count, LongPredicate excluded, long time) {
        return popularity.top(count, excluded, time);
    }

    /**
     * Sets the feature settings whose decay time constant orders the popularity index. Serving
     * calls this with the settings of each loaded snapshot, so that items are compared as the
     * trainers decay them.
     */
    public void useFeatureOptions(FeatureOptions options) {
        if (!options.equals(popularity.options())) {
            LOG.info("Feature store now decays item clicks with time constant {}", options.decayTimeConstant());
        }
        popularity.useOptions(options);
    }

    /** Returns the latest as-of event time of any applied update, or -1 before the first one. */
    public long latestEventTime() {
        return latestEventTime.get();
    }

    public long userCount() {
        return users.get();
    }

    public long itemCount() {
        return items.get();
    }

    /** Counts of applied, stale and invalid updates since the store was opened. */
    public UpdateCounts updateCounts() {
        return new UpdateCounts(
                userUpdatesApplied.sum(), itemUpdatesApplied.sum(), staleUpdates.sum(), invalidUpdates.sum());
    }

    /** Freshness of the applied updates in milliseconds: the clock at apply time minus the record timestamp. */
    public SlidingQuantiles freshnessMillis() {
        return freshnessMillis;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            features.close();
            engaged.close();
            defaultFamily.close();
            db.close();
            writeOptions.close();
            familyOptions.close();
            dbOptions.close();
            LOG.info("Closed feature store in {}", directory);
        } finally {
            closeLock.writeLock().unlock();
        }
    }

    private Optional<StoredValue> read(String key) {
        byte[] stored;
        closeLock.readLock().lock();
        try {
            requireOpen();
            stored = db.get(features, key.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw new IllegalStateException("failed to read " + key + " from " + directory, e);
        } finally {
            closeLock.readLock().unlock();
        }
        if (stored == null) {
            return Optional.empty();
        }
        long recordTimestamp = ByteBuffer.wrap(stored).getLong(0);
        return Optional.of(new StoredValue(valueOf(stored), asOfOf(stored), recordTimestamp, clock.millis()));
    }

    private void rebuildMemoryState() {
        try (RocksIterator iterator = db.newIterator(features)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                FeatureKey key = FeatureKey.parse(new String(iterator.key(), StandardCharsets.UTF_8));
                byte[] stored = iterator.value();
                latestEventTime.accumulateAndGet(asOfOf(stored), Math::max);
                if (key.isUser()) {
                    users.incrementAndGet();
                } else {
                    items.incrementAndGet();
                    popularity.update(FeatureBinaryFormat.decodeItem(valueOf(stored)));
                }
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("feature store in " + directory + " is closed");
        }
    }

    private static byte[] encode(long recordTimestamp, long asOf, byte[] value) {
        return ByteBuffer.allocate(HEADER_BYTES + value.length)
                .putLong(recordTimestamp)
                .putLong(asOf)
                .put(value)
                .array();
    }

    private static long asOfOf(byte[] stored) {
        return ByteBuffer.wrap(stored).getLong(Long.BYTES);
    }

    private static byte[] valueOf(byte[] stored) {
        return Arrays.copyOfRange(stored, HEADER_BYTES, stored.length);
    }

    private static byte[] engagedKey(long userId, long itemId) {
        return ByteBuffer.allocate(2 * Long.BYTES).putLong(userId).putLong(itemId).array();
    }

    /**
     * Counts of feature updates since the store was opened.
     *
     * @param usersApplied user updates stored
     * @param itemsApplied item updates stored
     * @param stale updates dropped because the stored value was newer
     * @param invalid updates rejected because the key or the value was invalid
     */
    public record UpdateCounts(long usersApplied, long itemsApplied, long stale, long invalid) {}

    private record StoredValue(byte[] value, long asOf, long recordTimestamp, long readAt) {

        <T> FeatureReading<T> reading(T features) {
            return new FeatureReading<>(features, asOf, recordTimestamp, readAt - recordTimestamp);
        }
    }

    /** A parsed record key: the entity and its id. */
    private record FeatureKey(boolean isUser, long id, String text) {

        static FeatureKey parse(String key) {
            if (key == null) {
                throw new IllegalArgumentException(
                        "feature update has no key; expected user:ID or item:ID");
            }
            int colon = key.indexOf(':');
            String entity = colon < 0 ? "" : key.substring(0, colon);
            if (!entity.equals(FeatureCodec.USER) && !entity.equals(FeatureCodec.ITEM)) {
                throw new IllegalArgumentException(
                        "feature update key '" + key + "' is invalid; expected user:ID or item:ID");
            }
            long id;
            try {
                id = Long.parseLong(key.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "feature update key '" + key + "' has an invalid id; expected a non-negative integer", e);
            }
            if (id < 0) {
                throw new IllegalArgumentException(
                        "feature update key '" + key + "' has a negative id; expected a non-negative integer");
            }
            return new FeatureKey(entity.equals(FeatureCodec.USER), id, key);
        }

        void requireSameId(long valueId) {
            if (valueId != id) {
                throw new IllegalArgumentException(
                        "feature update key '" + text + "' does not match the id " + valueId + " in its value");
            }
        }
    }
}
