package io.streamrank.metrics;

import java.io.Serializable;
import java.util.OptionalLong;

/**
 * Progressive-validation metrics over a sliding window of event time, built from a ring of
 * {@link ProgressiveMetrics} buckets.
 *
 * <p>Event time is cut into buckets of {@code bucketMillis = windowMillis / bucketCount}
 * milliseconds, aligned to multiples of {@code bucketMillis} since the epoch. The window is the
 * {@code bucketCount} most recent buckets, counting back from the bucket of the latest event time
 * seen by {@link #add} or {@link #advanceTo}. Because the window moves a whole bucket at a time, it
 * covers at least the last {@code windowMillis - bucketMillis} and at most the last
 * {@code windowMillis} milliseconds up to the latest event time.
 *
 * <p>Examples may arrive out of order. An example whose bucket has already left the window is
 * dropped and counted by {@link #droppedLateCount()}, because it could never be part of a later
 * window either.
 *
 * <p>State size: up to {@code bucketCount} {@link ProgressiveMetrics}, each allocated when its bucket
 * first receives an example (160 KiB each at the default AUC resolution). Not thread-safe.
 */
public final class WindowedProgressiveMetrics implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final long bucketMillis;
    private final int aucBins;
    private final ProgressiveMetrics[] buckets;
    /** Bucket number (event time floor-divided by bucketMillis) that each ring slot contains. */
    private final long[] bucketNumbers;
    private boolean started;
    private long latestBucketNumber;
    private long droppedLateCount;

    /**
     * Creates an empty window with the default AUC resolution of
     * {@value ProgressiveMetrics#DEFAULT_AUC_BINS} bins.
     *
     * @param windowMillis window length in milliseconds of event time
     * @param bucketCount number of ring buckets, which must divide {@code windowMillis}
     * @throws IllegalArgumentException if {@code bucketCount < 1}, if {@code windowMillis} is not a
     *     positive multiple of {@code bucketCount}
     */
    public WindowedProgressiveMetrics(long windowMillis, int bucketCount) {
        this(windowMillis, bucketCount, ProgressiveMetrics.DEFAULT_AUC_BINS);
    }

    /**
     * Creates an empty window.
     *
     * @param windowMillis window length in milliseconds of event time
     * @param bucketCount number of ring buckets, which must divide {@code windowMillis}
     * @param aucBins number of AUC histogram bins of each bucket, see {@link ProgressiveMetrics#auc()}
     * @throws IllegalArgumentException if {@code bucketCount < 1}, if {@code windowMillis} is not a
     *     positive multiple of {@code bucketCount}, or if {@code aucBins < 1}
     */
    public WindowedProgressiveMetrics(long windowMillis, int bucketCount, int aucBins) {
        if (bucketCount < 1) {
            throw new IllegalArgumentException(
                    "Invalid bucketCount " + bucketCount + ": expected a value >= 1");
        }
        if (windowMillis <= 0 || windowMillis % bucketCount != 0) {
            throw new IllegalArgumentException(
                    "Invalid windowMillis " + windowMillis + ": expected a positive multiple of bucketCount "
                            + bucketCount);
        }
        if (aucBins < 1) {
            throw new IllegalArgumentException("Invalid aucBins " + aucBins + ": expected a value >= 1");
        }
        this.windowMillis = windowMillis;
        this.bucketMillis = windowMillis / bucketCount;
        this.aucBins = aucBins;
        this.buckets = new ProgressiveMetrics[bucketCount];
        this.bucketNumbers = new long[bucketCount];
    }

    /**
     * Adds one example with weight 1 at the given event time.
     *
     * @throws IllegalArgumentException if {@code prediction} is NaN or outside [0, 1]. The window
     *     does not move in that case.
     */
    public void add(double prediction, boolean label, long eventTimeMillis) {
        add(prediction, label, 1.0, eventTimeMillis);
    }

    /**
     * Adds one weighted example at the given event time, and moves the window forward if the event
     * time is later than any seen before. Drops the example if its bucket has left the window.
     *
     * @throws IllegalArgumentException if {@code prediction} is NaN or outside [0, 1], or if
     *     {@code weight} is NaN, infinite or not greater than 0. The window does not move in that
     *     case.
     */
    public void add(double prediction, boolean label, double weight, long eventTimeMillis) {
        MetricArguments.checkProbability("prediction", prediction);
        MetricArguments.checkWeight(weight);

        long bucketNumber = Math.floorDiv(eventTimeMillis, bucketMillis);
        if (started && bucketNumber < oldestLiveBucketNumber()) {
            droppedLateCount++;
            return;
        }
        moveTo(bucketNumber);
        bucketFor(bucketNumber).add(prediction, label, weight);
    }

    /**
     * Moves the window forward so that it ends at the bucket of {@code eventTimeMillis}, as a
     * watermark would. Does nothing if that time is not later than the latest event time seen.
     */
    public void advanceTo(long eventTimeMillis) {
        moveTo(Math.floorDiv(eventTimeMillis, bucketMillis));
    }

    /**
     * Returns a new {@link ProgressiveMetrics} with the examples of the current window. Later calls
     * to {@link #add} do not change the returned instance. Costs O(bucketCount * aucBins).
     */
    public ProgressiveMetrics window() {
        ProgressiveMetrics window = new ProgressiveMetrics(aucBins);
        if (!started) {
            return window;
        }
        long oldest = oldestLiveBucketNumber();
        for (int slot = 0; slot < buckets.length; slot++) {
            if (buckets[slot] != null && bucketNumbers[slot] >= oldest) {
                window.merge(buckets[slot]);
            }
        }
        return window;
    }

    /**
     * Returns the start of the current window in epoch milliseconds, inclusive, or empty before
     * the first call to {@link #add} or {@link #advanceTo}.
     */
    public OptionalLong windowStartMillis() {
        if (!started) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(startMillis(oldestLiveBucketNumber()));
    }

    /**
     * Returns the end of the current window in epoch milliseconds, exclusive, or empty before the
     * first call to {@link #add} or {@link #advanceTo}.
     */
    public OptionalLong windowEndMillis() {
        if (!started) {
            return OptionalLong.empty();
        }
        if (latestBucketNumber == Long.MAX_VALUE) {
            return OptionalLong.of(Long.MAX_VALUE);
        }
        return OptionalLong.of(startMillis(latestBucketNumber + 1));
    }

    /** Returns the number of examples dropped because their bucket had already left the window. */
    public long droppedLateCount() {
        return droppedLateCount;
    }

    /** Returns the window length in milliseconds. */
    public long windowMillis() {
        return windowMillis;
    }

    /** Returns the number of ring buckets. */
    public int bucketCount() {
        return buckets.length;
    }

    /**
     * Adds the examples of {@code other} to this window. The merged window ends at the later of
     * the two latest event times, and examples of either side outside it are left out. The window
     * afterwards equals that of one instance that received both sets of examples, in any order.
     * Dropped counts add up. {@code other} is not changed.
     *
     * @throws IllegalArgumentException if {@code other} has a different window length, bucket count
     *     or AUC resolution, or if {@code other} is this instance
     */
    public void merge(WindowedProgressiveMetrics other) {
        if (other == this) {
            throw new IllegalArgumentException("Cannot merge a window into itself");
        }
        if (other.windowMillis != windowMillis || other.buckets.length != buckets.length
                || other.aucBins != aucBins) {
            throw new IllegalArgumentException(
                    "Cannot merge a window of " + other.windowMillis + " ms, " + other.buckets.length
                            + " buckets and " + other.aucBins + " AUC bins into a window of " + windowMillis
                            + " ms, " + buckets.length + " buckets and " + aucBins
                            + " AUC bins: expected the same configuration");
        }
        droppedLateCount += other.droppedLateCount;
        if (!other.started) {
            return;
        }

        moveTo(other.latestBucketNumber);
        long oldest = oldestLiveBucketNumber();
        for (int slot = 0; slot < other.buckets.length; slot++) {
            if (other.buckets[slot] != null && other.bucketNumbers[slot] >= oldest) {
                bucketFor(other.bucketNumbers[slot]).merge(other.buckets[slot]);
            }
        }
    }

    /** Returns an independent copy with the same configuration, examples and dropped count. */
    public WindowedProgressiveMetrics copy() {
        WindowedProgressiveMetrics copy = new WindowedProgressiveMetrics(windowMillis, buckets.length, aucBins);
        copy.merge(this);
        return copy;
    }

    private void moveTo(long bucketNumber) {
        if (!started || bucketNumber > latestBucketNumber) {
            latestBucketNumber = bucketNumber;
            started = true;
        }
    }

    /** Returns the first millisecond of a bucket, saturating at the range of {@code long}. */
    private long startMillis(long bucketNumber) {
        if (bucketNumber > Long.MAX_VALUE / bucketMillis) {
            return Long.MAX_VALUE;
        }
        if (bucketNumber < Long.MIN_VALUE / bucketMillis) {
            return Long.MIN_VALUE;
        }
        return bucketNumber * bucketMillis;
    }

    /** Returns the first bucket number inside the window, saturating at Long.MIN_VALUE. */
    private long oldestLiveBucketNumber() {
        long span = buckets.length - 1L;
        if (latestBucketNumber < Long.MIN_VALUE + span) {
            return Long.MIN_VALUE;
        }
        return latestBucketNumber - span;
    }

    /**
     * Returns the bucket of a bucket number inside the window, replacing the expired bucket that
     * shared its ring slot. Two bucket numbers inside the window never share a slot, because they
     * differ by less than the ring length.
     */
    private ProgressiveMetrics bucketFor(long bucketNumber) {
        int slot = (int) Math.floorMod(bucketNumber, (long) buckets.length);
        if (buckets[slot] == null || bucketNumbers[slot] != bucketNumber) {
            buckets[slot] = new ProgressiveMetrics(aucBins);
            bucketNumbers[slot] = bucketNumber;
        }
        return buckets[slot];
    }
}
