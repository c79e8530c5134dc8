package io.streamrank.jobs.train;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of a trainer's progressive validation over a sliding window of event time and per
 * published model version ({@link ProgressiveValidation}).
 *
 * @param windowMillis length of the sliding window, in milliseconds of event time
 * @param windowBuckets number of buckets the window is cut into; it moves forward a bucket at a
 *     time, so it covers between {@code windowMillis - windowMillis / windowBuckets} and
 *     {@code windowMillis} of event time. Must divide {@code windowMillis}
 * @param versionsKept number of most recent published versions whose figures are kept
 */
public record ValidationOptions(long windowMillis, int windowBuckets, int versionsKept) implements Serializable {

    /** One hour of event time in twelve 5-minute buckets, and the last 8 versions. */
    public static final ValidationOptions DEFAULTS = new ValidationOptions(Duration.ofHours(1).toMillis(), 12, 8);

    /** Maximum bucket count, which bounds the state of each output's window. */
    public static final int MAX_WINDOW_BUCKETS = 1_000;

    /** Maximum number of versions kept, which bounds the per-version state. */
    public static final int MAX_VERSIONS_KEPT = 1_000;

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range or the bucket count does not
     *     divide the window length
     */
    public ValidationOptions {
        if (windowBuckets < 1 || windowBuckets > MAX_WINDOW_BUCKETS) {
            throw new IllegalArgumentException("validation window bucket count is " + windowBuckets
                    + "; expected 1 to " + MAX_WINDOW_BUCKETS);
        }
        if (windowMillis <= 0 || windowMillis % windowBuckets != 0) {
            throw new IllegalArgumentException("validation window is " + windowMillis
                    + " ms; expected a positive multiple of the bucket count " + windowBuckets);
        }
        if (versionsKept < 1 || versionsKept > MAX_VERSIONS_KEPT) {
            throw new IllegalArgumentException("validation versions kept is " + versionsKept
                    + "; expected 1 to " + MAX_VERSIONS_KEPT);
        }
    }

    /** Returns whether windows built with {@code other} have the same length and buckets as with these. */
    boolean sameWindow(ValidationOptions other) {
        return windowMillis == other.windowMillis && windowBuckets == other.windowBuckets;
    }
}
