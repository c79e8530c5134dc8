package io.streamrank.evaluation.protocol;

import io.streamrank.metrics.LatencyHistogram;

/**
 * Latencies of scoring one request with a frozen model, in microseconds: the percentiles come from
 * a {@link LatencyHistogram}, and a coarse log-scale histogram keeps the shape for plots.
 */
public final class ScoringLatency {

    /** Plot bins per power of two: bin b covers [2^(b/4), 2^((b+1)/4)) microseconds. */
    public static final int BINS_PER_OCTAVE = 4;
    private static final int BIN_COUNT = 40 * BINS_PER_OCTAVE;

    private final LatencyHistogram histogram = new LatencyHistogram();
    private final long[] plotBins = new long[BIN_COUNT];
    private long requests;
    private long items;

    /** Records one request of {@code itemCount} items that took {@code micros} microseconds. */
    public void record(long micros, int itemCount) {
        histogram.record(micros);
        int bin = micros < 1 ? 0 : (int) Math.floor(BINS_PER_OCTAVE * Math.log(micros) / Math.log(2));
        plotBins[Math.min(BIN_COUNT - 1, Math.max(0, bin))]++;
        requests++;
        items += itemCount;
    }

    public LatencyHistogram histogram() {
        return histogram;
    }

    /** Returns the plot bins. Bin b covers [2^(b/4), 2^((b+1)/4)) microseconds, and the first also [0, 1). */
    public long[] plotBins() {
        return plotBins.clone();
    }

    public long requests() {
        return requests;
    }

    /** Returns the mean number of items per request. */
    public double meanItems() {
        return requests == 0 ? 0.0 : (double) items / requests;
    }
}
