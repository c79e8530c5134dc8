package io.streamrank.serving.model;

/** One loaded version of a model, immutable and safe to use from many request threads at once. */
public interface ServingModel {

    /** Returns the model name of the snapshots, {@code ranker} or {@code prerank}. */
    default String name() {
        return contents().model();
    }

    default long version() {
        return contents().version();
    }

    /** The state this version was built from, which the next delta applies to. */
    SnapshotContents contents();
}
