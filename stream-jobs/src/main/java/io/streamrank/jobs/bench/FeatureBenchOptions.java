package io.streamrank.jobs.bench;

import io.streamrank.features.replay.Dataset;
import io.streamrank.features.replay.ReplayOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of one feature pipeline benchmark run. The pipeline settings default to those of the
 * streamrank job, so that a run without options measures the job as it is configured.
 *
 * @param dataset which dataset format to replay
 * @param dataDirectory directory of the dataset's files
 * @param replay replay settings: sampled impressions per click, seed, row limit
 * @param passes how often the throughput phase replays the dataset; each pass after the first is
 *     shifted in event time past the previous one and gets new event ids, from 1 to 100
 * @param parallelism parallelism of the source, the parser and the feature functions
 * @param checkpointInterval time between checkpoints
 * @param warmupFraction share of the throughput phase's events processed before the rate is
 *     measured, from 0 (inclusive) to 1 (exclusive)
 * @param freshnessRate events per second that the freshness phase writes
 * @param freshnessDuration how long the freshness phase writes; zero skips the phase
 * @param freshnessWarmup how long the freshness phase writes before its first freshness reading
 * @param tuning the Flink settings that the benchmark can change
 * @param workDirectory where Kafka, checkpoints, serving state and logs go
 */
public record FeatureBenchOptions(
        Dataset dataset,
        Path dataDirectory,
        ReplayOptions replay,
        int passes,
        int parallelism,
        Duration checkpointInterval,
        double warmupFraction,
        double freshnessRate,
        Duration freshnessDuration,
        Duration freshnessWarmup,
        PipelineTuning tuning,
        Path workDirectory) {

    /** Upper bound of {@link #passes()}: each pass adds the whole dataset to the preloaded topic. */
    public static final int MAX_PASSES = 100;

    /** Upper bound of {@link #freshnessRate()}, far above what one machine's pipeline sustains. */
    public static final double MAX_FRESHNESS_RATE = 1_000_000;

    public FeatureBenchOptions {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(tuning, "tuning");
        Objects.requireNonNull(workDirectory, "workDirectory");
        if (passes < 1 || passes > MAX_PASSES) {
            throw new IllegalArgumentException("passes is " + passes + "; expected 1 to " + MAX_PASSES);
        }
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("parallelism is " + parallelism + "; expected 1 to 64");
        }
        requirePositive("checkpoint interval", checkpointInterval);
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException(
                    "warm-up fraction is " + warmupFraction + "; expected a number from 0 (inclusive) to 1 (exclusive)");
        }
        if (!(freshnessRate > 0 && freshnessRate <= MAX_FRESHNESS_RATE)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "freshness rate is %s events/s; expected more than 0 and at most %.0f", freshnessRate,
                    MAX_FRESHNESS_RATE));
        }
        if (freshnessDuration == null || freshnessDuration.isNegative()) {
            throw new IllegalArgumentException(
                    "freshness duration is " + freshnessDuration + "; expected zero (skip the phase) or more");
        }
        if (freshnessWarmup == null || freshnessWarmup.isNegative()) {
            throw new IllegalArgumentException("freshness warm-up is " + freshnessWarmup + "; expected zero or more");
        }
        if (!freshnessDuration.isZero() && freshnessWarmup.compareTo(freshnessDuration) >= 0) {
            throw new IllegalArgumentException("freshness warm-up is " + freshnessWarmup
                    + " but the freshness phase lasts " + freshnessDuration + "; expected a shorter warm-up");
        }
    }

    /** Returns whether the run has a freshness phase. */
    public boolean measuresFreshness() {
        return !freshnessDuration.isZero();
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " is " + value + "; expected a positive duration");
        }
    }
}
