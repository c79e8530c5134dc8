package io.streamrank.features.state;

import java.io.Serializable;
import java.time.Duration;

/**
 * The shape of a sliding event-time window of event counts: its length and the number of buckets
 * it is cut into. The resolution is one bucket, {@code length / buckets}: at time T the window
 * covers the bucket that contains T and the {@code buckets - 1} buckets before it, so between
 * {@code length - bucket} and {@code length} of history. See {@link WindowedCounts}.
 *
 * @param length the window length; a whole number of milliseconds that the bucket count divides
 * @param buckets number of buckets, from 1 to {@value #MAX_BUCKETS}
 */
public record SlidingWindow(Duration length, int buckets) implements Serializable {

    /** Upper bound of {@link #buckets()}: each bucket costs a few bytes of state per user. */
    public static final int MAX_BUCKETS = 1440;

    public SlidingWindow {
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("window length is " + length + "; expected a positive duration");
        }
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException(
                    "window of " + length + " has " + buckets + " buckets; expected 1 to " + MAX_BUCKETS);
        }
        if (length.toNanos() % 1_000_000 != 0 || length.toMillis() % buckets != 0) {
            throw new IllegalArgumentException(
                    "window of " + length + " cannot be cut into " + buckets + " buckets of whole milliseconds;"
                            + " expected a length in milliseconds that the bucket count divides");
        }
    }

    /** Width of one bucket in milliseconds: the resolution of the window. */
    public long bucketMillis() {
        return length.toMillis() / buckets;
    }
}
