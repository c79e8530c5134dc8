package io.streamrank.serving.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram of durations in seconds with fixed upper bounds. Thread-safe. */
public final class LatencyHistogram {

    private final double[] upperBounds;
    private final LongAdder[] bucketCounts;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    /** Creates a histogram whose buckets end at {@code upperBounds}, in increasing order, plus +Inf. */
    public LatencyHistogram(double... upperBounds) {
        for (int i = 1; i < upperBounds.length; i++) {
            if (!(upperBounds[i] > upperBounds[i - 1])) {
                throw new IllegalArgumentException(
                        "upper bound " + upperBounds[i] + " follows " + upperBounds[i - 1] + "; expected increasing bounds");
            }
        }
        this.upperBounds = upperBounds.clone();
        this.bucketCounts = new LongAdder[upperBounds.length];
        for (int i = 0; i < bucketCounts.length; i++) {
            bucketCounts[i] = new LongAdder();
        }
    }

    public void observe(double seconds) {
        for (int i = 0; i < upperBounds.length; i++) {
            if (seconds <= upperBounds[i]) {
                bucketCounts[i].increment();
                break;
            }
        }
        count.increment();
        sum.add(seconds);
    }

    public long count() {
        return count.sum();
    }

    /**
     * Writes the cumulative {@code _bucket} samples, {@code _sum} and {@code _count} of family
     * {@code name}, each with {@code labels} in front of {@code le}.
     */
    public void writeTo(PrometheusText text, String name, String... labels) {
        long cumulative = 0;
        String[] bucketLabels = new String[labels.length + 2];
        System.arraycopy(labels, 0, bucketLabels, 0, labels.length);
        bucketLabels[labels.length] = "le";
        for (int i = 0; i < upperBounds.length; i++) {
            cumulative += bucketCounts[i].sum();
            bucketLabels[labels.length + 1] = PrometheusText.formatValue(upperBounds[i]);
            text.sample(name + "_bucket", cumulative, bucketLabels);
        }

        // Read the total after the buckets, so that the +Inf bucket is never below a finite one.
        long total = Math.max(cumulative, count.sum());
        bucketLabels[labels.length + 1] = "+Inf";
        text.sample(name + "_bucket", total, bucketLabels);
        text.sample(name + "_sum", sum.sum(), labels);
        text.sample(name + "_count", total, labels);
    }
}
