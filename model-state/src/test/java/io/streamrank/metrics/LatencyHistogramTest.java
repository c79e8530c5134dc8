package io.streamrank.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static final double[] PERCENTILES = {0, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 100};

    @Test
    void percentilesWithinRelativeError() {
        for (int bits : new int[] {1, 3, LatencyHistogram.DEFAULT_PRECISION_BITS, 12}) {
            long[] values = logUniformValues(new Random(bits), 5_000);
            LatencyHistogram histogram = new LatencyHistogram(bits);
            for (long value : values) {
                histogram.record(value);
            }

            for (double percentile : PERCENTILES) {
                long exact = ReferenceMetrics.nearestRankPercentile(values, percentile);
                long reported = histogram.percentile(percentile).orElseThrow();
                double upperLimit = exact * (1.0 + histogram.relativeError());

                assertThat(reported).as("bits %d, p%s", bits, percentile).isGreaterThanOrEqualTo(exact);
                assertThat((double) reported).as("bits %d, p%s", bits, percentile).isLessThanOrEqualTo(upperLimit);
            }
        }
    }

    @Test
    void smallValuesExact() {
        LatencyHistogram histogram = new LatencyHistogram(4);
        long[] values = new long[1_000];
        Random random = new Random(61);
        for (int i = 0; i < values.length; i++) {
            // Values below 2^(4 + 1) = 32 have their own bucket.
            values[i] = random.nextInt(32);
            histogram.record(values[i]);
        }

        for (double percentile : PERCENTILES) {
            assertThat(histogram.percentile(percentile).orElseThrow())
                    .as("p%s", percentile)
                    .isEqualTo(ReferenceMetrics.nearestRankPercentile(values, percentile));
        }
    }

    @Test
    void summaryStatisticsExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        long[] values = logUniformValues(new Random(67), 2_000);
        long sum = 0;
        for (long value : values) {
            histogram.record(value);
            sum += value;
        }
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);

        assertThat(histogram.count()).isEqualTo(2_000);
        assertThat(histogram.min()).hasValue(sorted[0]);
        assertThat(histogram.max()).hasValue(sorted[sorted.length - 1]);
        assertThat(histogram.percentile(100)).hasValue(sorted[sorted.length - 1]);
        assertThat(histogram.mean().orElseThrow()).isCloseTo((double) sum / values.length, within(1e-6));
    }

    @Test
    void namedPercentilesHandWorked() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long value = 1; value <= 100; value++) {
            histogram.record(value);
        }

        // Values up to 255 are exact at 7 precision bits, so nearest ranks 50, 90 and 99 come back as they are.
        assertThat(histogram.p50()).hasValue(50);
        assertThat(histogram.p90()).hasValue(90);
        assertThat(histogram.p99()).hasValue(99);
        assertThat(histogram.max()).hasValue(100);
        assertThat(histogram.percentile(0)).hasValue(1);
        assertThat(histogram.mean().orElseThrow()).isEqualTo(50.5);
    }

    @Test
    void extremeValues() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(0);
        histogram.record(Long.MAX_VALUE);

        assertThat(histogram.p50()).hasValue(0);
        assertThat(histogram.percentile(100)).hasValue(Long.MAX_VALUE);
        assertThat(histogram.min()).hasValue(0);
        assertThat(histogram.max()).hasValue(Long.MAX_VALUE);
    }

    @Test
    void singleValue() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(123_456_789);

        assertThat(histogram.p50()).hasValue(123_456_789);
        assertThat(histogram.p99()).hasValue(123_456_789);
        assertThat(histogram.percentile(0)).hasValue(123_456_789);
    }

    @Test
    void emptyIsUndefined() {
        LatencyHistogram histogram = new LatencyHistogram();

        assertThat(histogram.count()).isZero();
        assertThat(histogram.p50()).isEmpty();
        assertThat(histogram.p99()).isEmpty();
        assertThat(histogram.min()).isEmpty();
        assertThat(histogram.max()).isEmpty();
        assertThat(histogram.mean()).isEmpty();
        assertThat(histogram.toString()).isEqualTo("LatencyHistogram{count=0}");
    }

    @Test
    void badArgumentsRejected() {
        LatencyHistogram histogram = new LatencyHistogram();

        assertThatThrownBy(() -> histogram.record(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency -5");
        assertThatThrownBy(() -> histogram.percentile(100.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentile 100.5");
        assertThatThrownBy(() -> histogram.percentile(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentile NaN");
        assertThatThrownBy(() -> new LatencyHistogram(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("precisionBits 0");
        assertThatThrownBy(() -> new LatencyHistogram(LatencyHistogram.MAX_PRECISION_BITS + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("precisionBits 15");
        assertThat(histogram.count()).isZero();
    }

    @Test
    void mergeEqualsSingleHistogram() {
        long[] values = logUniformValues(new Random(71), 3_000);
        LatencyHistogram single = new LatencyHistogram();
        LatencyHistogram first = new LatencyHistogram();
        LatencyHistogram second = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            single.record(values[i]);
            (i < 1_000 ? first : second).record(values[i]);
        }

        LatencyHistogram merged = first.copy();
        merged.merge(second);
        merged.merge(new LatencyHistogram());

        assertThat(merged.count()).isEqualTo(single.count());
        assertThat(merged.min()).isEqualTo(single.min());
        assertThat(merged.max()).isEqualTo(single.max());
        assertThat(merged.mean().orElseThrow()).isCloseTo(single.mean().orElseThrow(), within(1e-6));
        for (double percentile : PERCENTILES) {
            assertThat(merged.percentile(percentile)).as("p%s", percentile).isEqualTo(single.percentile(percentile));
        }
        assertThat(first.count()).isEqualTo(1_000);
    }

    @Test
    void mergeRejectsOtherPrecision() {
        LatencyHistogram histogram = new LatencyHistogram(7);

        assertThatThrownBy(() -> histogram.merge(new LatencyHistogram(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 precision bits");
    }

    @Test
    void serializationRoundTrip() throws IOException, ClassNotFoundException {
        LatencyHistogram original = new LatencyHistogram();
        for (long value : logUniformValues(new Random(73), 500)) {
            original.record(value);
        }

        LatencyHistogram restored = ProgressiveMetricsTest.roundTrip(original);

        assertThat(restored.count()).isEqualTo(original.count());
        assertThat(restored.p99()).isEqualTo(original.p99());
        assertThat(restored.toString()).isEqualTo(original.toString());
    }

    /** Values spread evenly over the orders of magnitude from 1 to about 1e12, with some zeros and repeats. */
    private static long[] logUniformValues(Random random, int size) {
        long[] values = new long[size];
        for (int i = 0; i < size; i++) {
            if (i % 97 == 0) {
                values[i] = 0;
            } else if (i % 13 == 0 && i > 0) {
                values[i] = values[i - 1];
            } else {
                values[i] = (long) Math.pow(10.0, random.nextDouble() * 12.0);
            }
        }
        return values;
    }
}
