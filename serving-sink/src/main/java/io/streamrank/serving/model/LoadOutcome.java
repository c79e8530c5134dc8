package io.streamrank.serving.model;

/** Result of {@link SnapshotLoader#apply} for one announcement. */
public enum LoadOutcome {
    /** The announced version now serves requests. */
    LOADED,
    /** The announced version is not newer than the one serving, so nothing changed. */
    ALREADY_LOADED,
    /** The announcement names a model that this process does not serve. */
    UNKNOWN_MODEL,
    /** The announcement or its snapshot was invalid or unreadable, so the previous version keeps serving. */
    FAILED
}
