package io.streamrank.metrics;

import java.io.Serializable;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Log-bucketed histogram of non-negative latencies with a fixed relative error, for percentiles
 * such as p50, p90 and p99 in constant memory.
 *
 * <p>Values are {@code long}s in one unit of the caller's choice, such as microseconds. With
 * {@code b = precisionBits}, values below 2^(b+1) get a bucket each and are exact. Above that,
 * each power-of-two range [2^e, 2^(e+1)) is split into 2^b buckets of equal width 2^(e-b). A bucket
 * is thus never wider than 2^-b times its lower bound, which is 1/128 (0.78%) at the default b = 7.
 * The bucket array has (64 - b) * 2^b entries, which cover every value up to
 * {@link Long#MAX_VALUE}: 7,296 longs (57 KiB) at b = 7.
 *
 * <p>Percentiles use the nearest-rank definition. The p-th percentile of n values is the value at
 * rank {@code r = max(1, ceil(p * n / 100))} in ascending order, with {@code p * n / 100} computed
 * in double precision. This class returns the upper bound of the bucket of that value, but at most
 * the recorded maximum. So for an exact percentile x the result y satisfies
 * {@code x <= y < x * (1 + 2^-b)}, and y = x when {@code x < 2^(b+1)}. Minimum, maximum and count are
 * exact. The mean is the sum of the values, accumulated in double precision, divided by the
 * count.
 *
 * <p>Not thread-safe. Concurrent recorders, such as serving threads, each keep their own instance
 * and {@link #merge} them for reporting.
 */
public final class LatencyHistogram implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Precision used by {@link #LatencyHistogram()}, a relative error below 2^-7 = 0.78%. */
    public static final int DEFAULT_PRECISION_BITS = 7;

    /** Largest precision accepted, whose bucket array has 50 * 2^14 entries (6.25 MiB). */
    public static final int MAX_PRECISION_BITS = 14;

    private final int precisionBits;
    private final long[] bucketCounts;
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private double sum;

    /** Creates an empty histogram with {@value #DEFAULT_PRECISION_BITS} precision bits. */
    public LatencyHistogram() {
        this(DEFAULT_PRECISION_BITS);
    }

    /**
     * Creates an empty histogram whose percentiles are off by less than a factor
     * {@code 1 + 2^-precisionBits}.
     *
     * @throws IllegalArgumentException if {@code precisionBits} is outside [1,
     *     {@value #MAX_PRECISION_BITS}]
     */
    public LatencyHistogram(int precisionBits) {
        if (precisionBits < 1 || precisionBits > MAX_PRECISION_BITS) {
            throw new IllegalArgumentException(
                    "Invalid precisionBits " + precisionBits + ": expected a value in [1, " + MAX_PRECISION_BITS + "]");
        }
        this.precisionBits = precisionBits;
        this.bucketCounts = new long[(64 - precisionBits) << precisionBits];
    }

    /**
     * Records one latency.
     *
     * @param value the latency, at least 0, in the unit used for every value of this histogram
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public void record(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("Invalid latency " + value + ": expected a value >= 0");
        }
        bucketCounts[bucketIndex(value)]++;
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    /** Returns the number of values recorded. */
    public long count() {
        return count;
    }

    /** Returns the smallest value recorded, or empty when no value was recorded. */
    public OptionalLong min() {
        return count == 0 ? OptionalLong.empty() : OptionalLong.of(min);
    }

    /** Returns the largest value recorded, or empty when no value was recorded. */
    public OptionalLong max() {
        return count == 0 ? OptionalLong.empty() : OptionalLong.of(max);
    }

    /** Returns the mean of the values recorded, or empty when no value was recorded. */
    public OptionalDouble mean() {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
    }

    /**
     * Returns the nearest-rank percentile, within the relative error stated in the class
     * documentation. {@code percentile(0)} returns a value at least the minimum, and
     * {@code percentile(100)} returns the exact maximum.
     *
     * @param percentile the percentile in [0, 100], such as 99 for p99
     * @return the percentile, or empty when no value was recorded
     * @throws IllegalArgumentException if {@code percentile} is NaN or outside [0, 100]
     */
    public OptionalLong percentile(double percentile) {
        if (!(percentile >= 0.0 && percentile <= 100.0)) {
            throw new IllegalArgumentException(
                    "Invalid percentile " + percentile + ": expected a value in [0, 100]");
        }
        if (count == 0) {
            return OptionalLong.empty();
        }

        long rank = (long) Math.ceil(percentile * count / 100.0);
        rank = Math.min(Math.max(rank, 1), count);
        long seen = 0;
        int index = 0;
        while (true) {
            seen += bucketCounts[index];
            if (seen >= rank) {
                break;
            }
            index++;
        }
        return OptionalLong.of(Math.min(bucketUpperBound(index), max));
    }

    /** Returns {@code percentile(50)}, the median. */
    public OptionalLong p50() {
        return percentile(50.0);
    }

    /** Returns {@code percentile(90)}. */
    public OptionalLong p90() {
        return percentile(90.0);
    }

    /** Returns {@code percentile(99)}. */
    public OptionalLong p99() {
        return percentile(99.0);
    }

    /** Returns the number of precision bits b. */
    public int precisionBits() {
        return precisionBits;
    }

    /** Returns the bound 2^-b on the relative error of percentiles. */
    public double relativeError() {
        return Math.scalb(1.0, -precisionBits);
    }

    /**
     * Adds all values of {@code other} to this histogram. Afterwards it equals one histogram that
     * recorded both sets of values, except for rounding of the sum behind {@link #mean()}.
     * {@code other} is not changed, unless it is this instance, whose values then count twice.
     *
     * @throws IllegalArgumentException if {@code other} has a different precision
     */
    public void merge(LatencyHistogram other) {
        if (other.precisionBits != precisionBits) {
            throw new IllegalArgumentException(
                    "Cannot merge a histogram with " + other.precisionBits + " precision bits into one with "
                            + precisionBits + ": expected the same precision");
        }
        for (int index = 0; index < bucketCounts.length; index++) {
            bucketCounts[index] += other.bucketCounts[index];
        }
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    /** Returns an independent copy with the same values and precision. */
    public LatencyHistogram copy() {
        LatencyHistogram copy = new LatencyHistogram(precisionBits);
        copy.merge(this);
        return copy;
    }

    /** Returns the count, p50, p90, p99 and max, for logs. */
    @Override
    public String toString() {
        if (count == 0) {
            return "LatencyHistogram{count=0}";
        }
        return String.format(
                Locale.ROOT,
                "LatencyHistogram{count=%d, p50=%d, p90=%d, p99=%d, max=%d}",
                count,
                p50().getAsLong(),
                p90().getAsLong(),
                p99().getAsLong(),
                max);
    }

    /**
     * Returns the bucket of a value. Below 2^b the index is the value itself. From there on, a value
     * whose highest set bit is e >= b keeps its top b + 1 bits as the mantissa m in
     * [2^b, 2^(b+1)), and lands at index {@code (e - b) * 2^b + m}, which continues the linear range
     * without gaps.
     */
    private int bucketIndex(long value) {
        int highestBit = 63 - Long.numberOfLeadingZeros(value);
        if (highestBit < precisionBits) {
            return (int) value;
        }
        int shift = highestBit - precisionBits;
        return (shift << precisionBits) + (int) (value >>> shift);
    }

    /** Returns the largest value that falls into the bucket at {@code index}. */
    private long bucketUpperBound(int index) {
        if (index < 2 << precisionBits) {
            return index;
        }
        int shift = (index >>> precisionBits) - 1;
        long mantissa = index - ((long) shift << precisionBits);
        return (mantissa << shift) + (1L << shift) - 1;
    }
}
