package io.streamrank.jobs.bench;

import io.streamrank.jobs.JobOptions;
import io.streamrank.jobs.StreamrankJob;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.state.rocksdb.PredefinedOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * The Flink settings that the feature benchmark can change, to compare them with the job's.
 *
 * @param bufferTimeout longest time a network buffer waits to fill before it is sent downstream;
 *     zero flushes after every record. The job's default is 10 ms, Flink's 100 ms
 * @param objectReuse whether chained operators hand records on without copying them; the
 *     pipeline's records are immutable, so reuse is safe for them
 * @param genericTypes whether a type without Flink type information may fall back to Kryo; false
 *     makes the job fail at submission on the first such type
 * @param rocksDbOptions the predefined RocksDB options of Flink's state backend
 */
public record PipelineTuning(
        Duration bufferTimeout, boolean objectReuse, boolean genericTypes, PredefinedOptions rocksDbOptions) {

    /** The settings of the streamrank job ({@link StreamrankJob#configuration}). */
    public static final PipelineTuning JOB_DEFAULTS = new PipelineTuning(
            JobOptions.DEFAULT_BUFFER_TIMEOUT,
            true,
            PipelineOptions.GENERIC_TYPES.defaultValue(),
            PredefinedOptions.DEFAULT);

    public PipelineTuning {
        if (bufferTimeout == null || bufferTimeout.isNegative()) {
            throw new IllegalArgumentException("buffer timeout is " + bufferTimeout + "; expected zero or more");
        }
        Objects.requireNonNull(rocksDbOptions, "rocksDbOptions");
    }

    /** Writes these settings into {@code configuration}. */
    public void applyTo(Configuration configuration) {
        configuration.set(ExecutionOptions.BUFFER_TIMEOUT, bufferTimeout);
        configuration.set(PipelineOptions.OBJECT_REUSE, objectReuse);
        configuration.set(PipelineOptions.GENERIC_TYPES, genericTypes);
        configuration.set(RocksDBOptions.PREDEFINED_OPTIONS, rocksDbOptions.name());
    }
}
