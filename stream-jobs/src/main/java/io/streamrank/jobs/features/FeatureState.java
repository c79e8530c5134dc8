package io.streamrank.jobs.features;

import io.streamrank.features.state.FeatureOptions;

import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The keyed state of the feature functions: one value per user or item, dropped after
 * {@link FeatureOptions#stateTtl()} without a write.
 *
 * <p>Flink's state TTL runs on processing time, not event time: a key expires when the job has
 * not written it for that long by the wall clock. A fast replay of old data therefore expires
 * nothing, and a job that is stopped for longer than the TTL forgets every key at once when it
 * comes back. Expired values are never returned; they are removed by RocksDB's compaction filter
 * (checking the clock every {@value #COMPACTION_QUERIES} entries) or, on the heap backend, a few
 * at a time as state is accessed.
 */
final class FeatureState {

    /** Entries the RocksDB compaction filter processes before it reads the clock again. */
    static final long COMPACTION_QUERIES = 1000;

    /** Entries the heap backend checks for expiry per state access. */
    static final int INCREMENTAL_CLEANUP_SIZE = 10;

    private FeatureState() {}

    /** Returns the descriptor of a feature value with the TTL of {@code options}. */
    static <T> ValueStateDescriptor<T> descriptor(String name, TypeInformation<T> type, FeatureOptions options) {
        ValueStateDescriptor<T> descriptor = new ValueStateDescriptor<>(name, type);
        descriptor.enableTimeToLive(ttl(options));
        return descriptor;
    }

    static StateTtlConfig ttl(FeatureOptions options) {
        return StateTtlConfig.newBuilder(options.stateTtl())
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .cleanupIncrementally(INCREMENTAL_CLEANUP_SIZE, false)
                .cleanupInRocksdbCompactFilter(COMPACTION_QUERIES)
                .build();
    }
}
