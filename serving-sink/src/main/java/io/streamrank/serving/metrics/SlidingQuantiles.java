package io.streamrank.serving.metrics;

import java.util.Arrays;

/**
 * Quantiles over the latest {@code capacity} samples, plus the count and the sum of every sample
 * ever recorded, as a Prometheus summary reports them.
 *
 * <p>The quantiles are exact over the window: {@link #snapshot} sorts a copy of it, which costs
 * O(capacity log capacity) per scrape and nothing per sample beyond one array write.
 * Thread-safe.
 */
public final class SlidingQuantiles {

    private final double[] window;
    private int next;
    private int size;
    private long count;
    private double sum;

    public SlidingQuantiles(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity is " + capacity + "; expected a positive number");
        }
        this.window = new double[capacity];
    }

    public synchronized void record(double value) {
        window[next] = value;
        next = (next + 1) % window.length;
        size = Math.min(size + 1, window.length);
        count++;
        sum += value;
    }

    /**
     * Returns the quantiles of the window at each of {@code levels} (from 0 to 1, nearest rank),
     * with the overall count and sum. A quantile of an empty window is NaN.
     */
    public Snapshot snapshot(double... levels) {
        double[] sorted;
        long totalCount;
        double totalSum;
        synchronized (this) {
            sorted = Arrays.copyOf(window, size);
            totalCount = count;
            totalSum = sum;
        }
        Arrays.sort(sorted);

        double[] values = new double[levels.length];
        for (int i = 0; i < levels.length; i++) {
            values[i] = nearestRank(sorted, levels[i]);
        }
        return new Snapshot(levels.clone(), values, totalCount, totalSum);
    }

    private static double nearestRank(double[] sorted, double level) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(level * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    /**
     * Quantiles of the window at one moment.
     *
     * @param levels the quantile levels, from 0 to 1
     * @param values the quantile values, aligned with levels
     * @param count samples recorded since creation, including those that left the window
     * @param sum sum of those samples
     */
    public record Snapshot(double[] levels, double[] values, long count, double sum) {}
}
