package io.streamrank.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowedProgressiveMetricsTest {

    private static final long WINDOW_MILLIS = 60_000;
    private static final int BUCKETS = 6;
    private static final long BUCKET_MILLIS = WINDOW_MILLIS / BUCKETS;
    private static final int AUC_BINS = 1_000;

    @Test
    void windowMatchesExamplesInRange() {
        Stream stream = Stream.random(new Random(41), 4_000, 0);
        WindowedProgressiveMetrics windowed = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);

        for (int i = 0; i < stream.size(); i++) {
            windowed.add(stream.predictions[i], stream.labels[i], stream.times[i]);
            if (i % 500 == 499) {
                ProgressiveMetricsTest.assertSameMetrics(windowed.window(), stream.reference(0, i + 1));
            }
        }
    }

    @Test
    void lateExamplesDroppedAndCounted() {
        WindowedProgressiveMetrics windowed = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);
        windowed.add(0.9, true, 100_000);
        windowed.add(0.1, false, 100_000 - 49_000);

        // 100,000 ms is in bucket 10, so the window is buckets 5 to 10 and starts at 50,000 ms.
        windowed.add(0.5, true, 49_999);
        windowed.add(0.5, false, 50_000);

        assertThat(windowed.droppedLateCount()).isEqualTo(1);
        assertThat(windowed.window().count()).isEqualTo(3);
        assertThat(windowed.windowStartMillis()).hasValue(50_000);
        assertThat(windowed.windowEndMillis()).hasValue(110_000);
    }

    @Test
    void advanceToExpiresBuckets() {
        WindowedProgressiveMetrics windowed = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);
        windowed.add(0.9, true, 0);
        windowed.add(0.2, false, 15_000);

        windowed.advanceTo(69_999);
        ProgressiveMetrics afterFirstBucket = windowed.window();
        windowed.advanceTo(1_000_000);
        ProgressiveMetrics afterAll = windowed.window();

        assertThat(afterFirstBucket.count()).isEqualTo(1);
        assertThat(afterFirstBucket.positives()).isEqualTo(0.0);
        assertThat(afterAll.count()).isZero();
        assertThat(afterAll.auc()).isEmpty();
    }

    @Test
    void advanceToEarlierTimeIgnored() {
        WindowedProgressiveMetrics windowed = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);
        windowed.add(0.9, true, 500_000);

        windowed.advanceTo(0);

        assertThat(windowed.window().count()).isEqualTo(1);
        assertThat(windowed.windowEndMillis()).hasValue(510_000);
    }

    @Test
    void reusedSlotStartsEmpty() {
        WindowedProgressiveMetrics windowed = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);
        windowed.add(0.9, true, 0);

        // Bucket 6 shares the ring slot of bucket 0.
        windowed.add(0.3, false, 6 * BUCKET_MILLIS);

        assertThat(windowed.window().count()).isEqualTo(1);
        assertThat(windowed.window().positives()).isEqualTo(0.0);
    }

    @Test
    void negativeEventTimes() {
        WindowedProgressiveMetrics windowed = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);
        windowed.add(0.9, true, -1);
        windowed.add(0.1, false, -WINDOW_MILLIS - 1);

        assertThat(windowed.window().count()).isEqualTo(1);
        assertThat(windowed.droppedLateCount()).isEqualTo(1);
        assertThat(windowed.windowStartMillis()).hasValue(-WINDOW_MILLIS);
        assertThat(windowed.windowEndMillis()).hasValue(0);
    }

    @Test
    void emptyWindowIsUndefined() {
        WindowedProgressiveMetrics windowed = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);

        assertThat(windowed.window().count()).isZero();
        assertThat(windowed.window().auc()).isEmpty();
        assertThat(windowed.window().logLoss()).isEmpty();
        assertThat(windowed.windowStartMillis()).isEmpty();
        assertThat(windowed.windowEndMillis()).isEmpty();
    }

    @Test
    void invalidExampleDoesNotMoveWindow() {
        WindowedProgressiveMetrics windowed = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);
        windowed.add(0.4, true, 0);

        assertThatThrownBy(() -> windowed.add(Double.NaN, true, 1_000_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> windowed.add(0.5, true, -2.0, 1_000_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight -2.0");
        assertThat(windowed.window().count()).isEqualTo(1);
        assertThat(windowed.windowEndMillis()).hasValue(BUCKET_MILLIS);
    }

    @Test
    void invalidConfigurationRejected() {
        assertThatThrownBy(() -> new WindowedProgressiveMetrics(60_000, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucketCount 0");
        assertThatThrownBy(() -> new WindowedProgressiveMetrics(60_001, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windowMillis 60001");
        assertThatThrownBy(() -> new WindowedProgressiveMetrics(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windowMillis 0");
        assertThatThrownBy(() -> new WindowedProgressiveMetrics(60_000, 6, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aucBins 0");
    }

    @Test
    void mergeEqualsSingleInstance() {
        Stream stream = Stream.random(new Random(43), 3_000, 20_000);
        WindowedProgressiveMetrics single = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);
        WindowedProgressiveMetrics even = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);
        WindowedProgressiveMetrics odd = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);
        // The odd side stops early, so its latest event time is behind the even side's.
        int oddEnd = stream.size() - 400;
        for (int i = 0; i < stream.size(); i++) {
            if (i % 2 == 0) {
                even.add(stream.predictions[i], stream.labels[i], stream.times[i]);
                single.add(stream.predictions[i], stream.labels[i], stream.times[i]);
            } else if (i < oddEnd) {
                odd.add(stream.predictions[i], stream.labels[i], stream.times[i]);
                single.add(stream.predictions[i], stream.labels[i], stream.times[i]);
            }
        }

        WindowedProgressiveMetrics oddThenEven = odd.copy();
        oddThenEven.merge(even);
        even.merge(odd);

        ProgressiveMetricsTest.assertSameMetrics(even.window(), single.window());
        ProgressiveMetricsTest.assertSameMetrics(oddThenEven.window(), single.window());
        assertThat(oddThenEven.windowEndMillis()).isEqualTo(single.windowEndMillis());
    }

    @Test
    void mergeRejectsOtherConfiguration() {
        WindowedProgressiveMetrics windowed = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);

        assertThatThrownBy(() -> windowed.merge(new WindowedProgressiveMetrics(WINDOW_MILLIS, 3, AUC_BINS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 buckets");
        assertThatThrownBy(() -> windowed.merge(windowed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("itself");
    }

    @Test
    void copyIsIndependent() {
        WindowedProgressiveMetrics original = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);
        original.add(0.9, true, 1_000);

        WindowedProgressiveMetrics copy = original.copy();
        copy.add(0.1, false, 2_000);
        copy.advanceTo(10_000_000);

        assertThat(original.window().count()).isEqualTo(1);
        assertThat(original.windowEndMillis()).hasValue(BUCKET_MILLIS);
        assertThat(copy.window().count()).isZero();
    }

    @Test
    void serializationRoundTrip() throws IOException, ClassNotFoundException {
        Stream stream = Stream.random(new Random(47), 500, 0);
        WindowedProgressiveMetrics original = new WindowedProgressiveMetrics(WINDOW_MILLIS, BUCKETS, AUC_BINS);
        for (int i = 0; i < stream.size(); i++) {
            original.add(stream.predictions[i], stream.labels[i], stream.times[i]);
        }

        WindowedProgressiveMetrics restored = ProgressiveMetricsTest.roundTrip(original);

        ProgressiveMetricsTest.assertSameMetrics(restored.window(), original.window());
        assertThat(restored.windowEndMillis()).isEqualTo(original.windowEndMillis());
        assertThat(restored.droppedLateCount()).isEqualTo(original.droppedLateCount());
    }

    /** Seeded examples with event times that mostly increase, some arriving up to 30 s late. */
    private static final class Stream {
        final double[] predictions;
        final boolean[] labels;
        final long[] times;

        private Stream(int size) {
            predictions = new double[size];
            labels = new boolean[size];
            times = new long[size];
        }

        static Stream random(Random random, int size, long startMillis) {
            Stream stream = new Stream(size);
            long clock = startMillis;
            for (int i = 0; i < size; i++) {
                clock += random.nextInt(100);
                boolean late = random.nextInt(10) == 0;
                stream.times[i] = late ? clock - random.nextInt(30_000) : clock;
                stream.predictions[i] = random.nextDouble();
                stream.labels[i] = random.nextDouble() < stream.predictions[i];
            }
            return stream;
        }

        int size() {
            return predictions.length;
        }

        /** Returns the examples of [from, to) whose bucket lies in the window that ends at their latest bucket. */
        ProgressiveMetrics reference(int from, int to) {
            long latestBucket = Long.MIN_VALUE;
            for (int i = from; i < to; i++) {
                latestBucket = Math.max(latestBucket, Math.floorDiv(times[i], BUCKET_MILLIS));
            }
            ProgressiveMetrics metrics = new ProgressiveMetrics(AUC_BINS);
            for (int i = from; i < to; i++) {
                long bucket = Math.floorDiv(times[i], BUCKET_MILLIS);
                if (bucket > latestBucket - BUCKETS) {
                    metrics.add(predictions[i], labels[i]);
                }
            }
            return metrics;
        }
    }
}
