package io.streamrank.evaluation.protocol;

import java.time.Instant;

/**
 * A range of event time, [start, end) in epoch milliseconds.
 *
 * @param start the first millisecond of the period
 * @param end the first millisecond after it
 */
public record Period(long start, long end) {

    public Period {
        if (end <= start) {
            throw new IllegalArgumentException("period ends at " + end + ", not after its start " + start);
        }
    }

    /** Returns the period of length {@code lengthMillis}, aligned to the epoch, that contains {@code time}. */
    public static Period containing(long time, long lengthMillis) {
        long start = Math.floorDiv(time, lengthMillis) * lengthMillis;
        return new Period(start, start + lengthMillis);
    }

    @Override
    public String toString() {
        return Instant.ofEpochMilli(start) + "/" + Instant.ofEpochMilli(end);
    }
}
