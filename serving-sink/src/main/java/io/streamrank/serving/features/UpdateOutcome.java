package io.streamrank.serving.features;

/** Result of {@link OnlineFeatureStore#apply} for one feature update. */
public enum UpdateOutcome {
    /** The update was stored. */
    APPLIED,
    /** The update was dropped, because the stored value has a later as-of time. */
    STALE
}
