package io.streamrank.jobs.demo;

import io.streamrank.features.replay.Dataset;
import io.streamrank.features.replay.ReplayOptions;
import io.streamrank.jobs.train.ValidationOptions;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of one demo run.
 *
 * @param dataset which dataset format to replay
 * @param dataDirectory directory of the dataset's files
 * @param replay replay settings: sampled impressions per click, seed, row limit
 * @param speedFactor event time per wall-clock time, or 0 for as fast as possible
 * @param duration how long to run before stopping, or null to run until interrupted (or, with
 *     {@code stopWhenCaughtUp}, until the job has caught up)
 * @param stopWhenCaughtUp stop once the replay is done, every valid event is consumed, the
 *     trainers have stopped moving and serving has loaded {@code minSnapshotsLoaded} snapshots
 * @param minSnapshotsLoaded snapshots serving must have loaded before a caught-up stop
 * @param invalidRecords how many deliberately invalid records to write among the events, to
 *     show the dead-letter path
 * @param parallelism parallelism of the source and the feature functions
 * @param checkpointInterval time between checkpoints
 * @param snapshotInterval minimum time between model snapshots
 * @param validation the trainers' window of event time and number of versions for progressive
 *     validation
 * @param workDirectory where Kafka, checkpoints, snapshots and logs go
 * @param latencyProbeRequests recommendation requests sent at the end to measure latency
 */
public record DemoOptions(
        Dataset dataset,
        Path dataDirectory,
        ReplayOptions replay,
        double speedFactor,
        Duration duration,
        boolean stopWhenCaughtUp,
        int minSnapshotsLoaded,
        int invalidRecords,
        int parallelism,
        Duration checkpointInterval,
        Duration snapshotInterval,
        ValidationOptions validation,
        Path workDirectory,
        int latencyProbeRequests) {

    public DemoOptions {
        if (speedFactor < 0 || Double.isNaN(speedFactor)) {
            throw new IllegalArgumentException("speed factor is " + speedFactor + "; expected 0 (as fast as possible) or more");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration is " + duration + "; expected a positive duration");
        }
        if (invalidRecords < 0) {
            throw new IllegalArgumentException("invalid record count is " + invalidRecords + "; expected zero or more");
        }
        if (latencyProbeRequests < 0) {
            throw new IllegalArgumentException(
                    "latency probe request count is " + latencyProbeRequests + "; expected zero or more");
        }
    }
}
