package io.streamrank.features.state;

import io.streamrank.features.event.EventType;

import java.util.Arrays;

/**
 * Counts of events per type in a sliding event-time window, kept as a bounded ring of buckets.
 *
 * <p>Bucket {@code b} contains the events with {@code floor(time / bucketMillis) == b}. Only the
 * buckets that contain events and lie within {@code buckets} of the newest one are stored, oldest
 * first, so the value never holds more than {@code buckets} buckets. An event older than that
 * span is not counted. The count at time T sums the buckets from
 * {@code floor(T / bucketMillis) - buckets + 1} to {@code floor(T / bucketMillis)}: buckets after
 * T are left out, and so are buckets that have slid out of the window by T.
 *
 * <p>Equivalently: the count of type x at T is the number of events of type x applied so far
 * whose bucket lies in that range and within {@code buckets} of the newest bucket applied. That
 * depends only on the set of events, not on their order. Instances are immutable; the arrays must
 * not be modified. The value carries its own bucket width and count, so it is read correctly by
 * a process whose settings differ; {@link #add} starts a new window when the settings change.
 *
 * @param bucketMillis width of a bucket in milliseconds, or 0 for a window without events
 * @param buckets number of buckets in the window
 * @param bucketIds ids of the stored buckets, ascending
 * @param counts per stored bucket, the count of each {@link EventType} by ordinal:
 *     {@code counts[i * TYPES + type.ordinal()]} belongs to {@code bucketIds[i]}
 */
public record WindowedCounts(long bucketMillis, int buckets, long[] bucketIds, int[] counts) {

    /** Number of event types, the stride of {@link #counts}. */
    public static final int TYPES = EventType.values().length;

    /** A window without events and without a shape yet. */
    public static final WindowedCounts NONE = new WindowedCounts(0L, 0, new long[0], new int[0]);

    /** Returns an empty window of the given shape. */
    public static WindowedCounts empty(SlidingWindow window) {
        return new WindowedCounts(window.bucketMillis(), window.buckets(), NONE.bucketIds, NONE.counts);
    }

    /**
     * Returns the counts after one event of {@code type} at {@code time}. When this value has
     * another shape than {@code window}, the counts start again from an empty window of that shape.
     */
    public WindowedCounts add(long time, EventType type, SlidingWindow window) {
        if (bucketMillis != window.bucketMillis() || buckets != window.buckets()) {
            return empty(window).add(time, type, window);
        }
        long bucket = Math.floorDiv(time, bucketMillis);
        int stored = bucketIds.length;
        long newest = stored == 0 ? bucket : Math.max(bucketIds[stored - 1], bucket);
        long oldestKept = newest - buckets + 1;
        if (bucket < oldestKept) {
            return this;
        }

        int first = 0;
        while (first < stored && bucketIds[first] < oldestKept) {
            first++;
        }
        int found = Arrays.binarySearch(bucketIds, first, stored, bucket);
        if (found >= 0) {
            int[] newCounts = Arrays.copyOfRange(counts, first * TYPES, stored * TYPES);
            newCounts[(found - first) * TYPES + type.ordinal()]++;
            long[] ids = first == 0 ? bucketIds : Arrays.copyOfRange(bucketIds, first, stored);
            return new WindowedCounts(bucketMillis, buckets, ids, newCounts);
        }

        int insertAt = -found - 1;
        int kept = stored - first;
        long[] ids = new long[kept + 1];
        int[] newCounts = new int[(kept + 1) * TYPES];
        int before = insertAt - first;
        System.arraycopy(bucketIds, first, ids, 0, before);
        System.arraycopy(counts, first * TYPES, newCounts, 0, before * TYPES);
        ids[before] = bucket;
        newCounts[before * TYPES + type.ordinal()] = 1;
        System.arraycopy(bucketIds, insertAt, ids, before + 1, stored - insertAt);
        System.arraycopy(counts, insertAt * TYPES, newCounts, (before + 1) * TYPES, (stored - insertAt) * TYPES);
        return new WindowedCounts(bucketMillis, buckets, ids, newCounts);
    }

    /** Returns the number of events of {@code type} in the window at {@code time}. */
    public int count(EventType type, long time) {
        if (bucketIds.length == 0) {
            return 0;
        }
        long current = Math.floorDiv(time, bucketMillis);
        long oldest = current - buckets + 1;
        int total = 0;
        for (int i = 0; i < bucketIds.length; i++) {
            if (bucketIds[i] >= oldest && bucketIds[i] <= current) {
                total += counts[i * TYPES + type.ordinal()];
            }
        }
        return total;
    }

    /** Returns the window length in milliseconds, or 0 for {@link #NONE}. */
    public long lengthMillis() {
        return bucketMillis * buckets;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WindowedCounts that
                && bucketMillis == that.bucketMillis
                && buckets == that.buckets
                && Arrays.equals(bucketIds, that.bucketIds)
                && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bucketIds) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "WindowedCounts{bucketMillis=" + bucketMillis + ", buckets=" + buckets
                + ", bucketIds=" + Arrays.toString(bucketIds) + ", counts=" + Arrays.toString(counts) + "}";
    }
}
