package io.streamrank.model.snapshot;

import java.util.Map;

/**
 * Provenance and contents of one published model snapshot, written as {@code manifest.json}.
 *
 * @param model name of the model ({@code ranker} or {@code prerank})
 * @param version version number, increasing by one per snapshot of this model
 * @param kind whether the snapshot holds every embedding row or only those touched since the
 *     previous version
 * @param baseVersion for a delta, the version it applies to; for a full snapshot, its own version
 * @param checkpointId the Flink checkpoint whose completion allowed publication, or -1 before publication
 * @param createdAtMillis wall-clock time of staging in epoch milliseconds
 * @param examplesTrained examples the model had learned from when it was staged
 * @param lastEventTime event time of the newest example learned, epoch milliseconds
 * @param embeddingDimension length of every embedding row
 * @param settings the model's settings, for provenance
 * @param metrics progressive metrics at staging time, by name
 */
public record SnapshotManifest(
        String model,
        long version,
        Kind kind,
        long baseVersion,
        long checkpointId,
        long createdAtMillis,
        long examplesTrained,
        long lastEventTime,
        int embeddingDimension,
        Map<String, String> settings,
        Map<String, Double> metrics) {

    /** Whether a snapshot is self-contained. */
    public enum Kind {
        FULL,
        DELTA
    }

    public SnapshotManifest withCheckpointId(long id) {
        return new SnapshotManifest(
                model, version, kind, baseVersion, id, createdAtMillis, examplesTrained, lastEventTime,
                embeddingDimension, settings, metrics);
    }
}
