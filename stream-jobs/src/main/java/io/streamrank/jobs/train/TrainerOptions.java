package io.streamrank.jobs.train;

import io.streamrank.model.replay.ExperienceReplayOptions;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings shared by the online trainers.
 *
 * @param batchSize examples per mini-batch
 * @param flushMillis processing time after which a partly filled batch is trained anyway
 * @param snapshotIntervalMillis minimum processing time between two staged snapshots
 * @param fullSnapshotEvery every this many versions a snapshot holds all embedding rows; the
 *     versions between hold only the rows changed since the previous version
 * @param metricsIntervalMillis minimum processing time between two metrics records
 * @param snapshotRoot directory under which snapshots are published
 * @param bootstrapServers Kafka bootstrap servers for snapshot announcements
 * @param snapshotsTopic topic of snapshot announcements
 * @param validation settings of the windowed and per-version progressive validation
 * @param replay experience replay: how many recent examples each trainer keeps and how many of
 *     them it learns again with each batch
 */
public record TrainerOptions(
        int batchSize,
        long flushMillis,
        long snapshotIntervalMillis,
        int fullSnapshotEvery,
        long metricsIntervalMillis,
        String snapshotRoot,
        String bootstrapServers,
        String snapshotsTopic,
        ValidationOptions validation,
        ExperienceReplayOptions replay)
        implements Serializable {

    public TrainerOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize is " + batchSize + "; expected at least 1");
        }
        if (flushMillis < 1 || snapshotIntervalMillis < 1 || metricsIntervalMillis < 1) {
            throw new IllegalArgumentException("flush, snapshot and metrics intervals must be positive, got "
                    + flushMillis + ", " + snapshotIntervalMillis + " and " + metricsIntervalMillis + " ms");
        }
        if (fullSnapshotEvery < 1) {
            throw new IllegalArgumentException("fullSnapshotEvery is " + fullSnapshotEvery + "; expected at least 1");
        }
        Objects.requireNonNull(validation, "validation options");
        Objects.requireNonNull(replay, "replay options");
    }
}
