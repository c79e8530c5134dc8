package io.streamrank.features.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

class WindowedCountsTest {

    private static final SlidingWindow HOUR = new SlidingWindow(Duration.ofHours(1), 12);
    private static final long BUCKET = HOUR.bucketMillis();
    private static final long START = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, BUCKET);

    @Test
    void countsWindowEventsByType() {
        WindowedCounts window = WindowedCounts.NONE
                .add(START, EventType.CLICK, HOUR)
                .add(START + 1000, EventType.CLICK, HOUR)
                .add(START + 2000, EventType.PURCHASE, HOUR);

        assertThat(window.count(EventType.CLICK, START + 5000)).isEqualTo(2);
        assertThat(window.count(EventType.PURCHASE, START + 5000)).isEqualTo(1);
        assertThat(window.count(EventType.IMPRESSION, START + 5000)).isZero();
        assertThat(window.lengthMillis()).isEqualTo(Duration.ofHours(1).toMillis());
    }

    @Test
    void bucketExpiresAfterWindow() {
        WindowedCounts window = WindowedCounts.NONE.add(START + 10, EventType.CLICK, HOUR);

        // The bucket of START counts while it is one of the 12 latest buckets.
        assertThat(window.count(EventType.CLICK, START + 11 * BUCKET + BUCKET - 1)).isEqualTo(1);
        assertThat(window.count(EventType.CLICK, START + 12 * BUCKET)).isZero();
    }

    @Test
    void laterBucketsLeftOut() {
        WindowedCounts window = WindowedCounts.NONE
                .add(START, EventType.CLICK, HOUR)
                .add(START + 3 * BUCKET, EventType.CLICK, HOUR);

        assertThat(window.count(EventType.CLICK, START + 2 * BUCKET)).isEqualTo(1);
        assertThat(window.count(EventType.CLICK, START + 3 * BUCKET)).isEqualTo(2);
    }

    @Test
    void newEventsDropOldBuckets() {
        WindowedCounts window = WindowedCounts.NONE
                .add(START, EventType.CLICK, HOUR)
                .add(START + BUCKET, EventType.CART, HOUR)
                .add(START + 12 * BUCKET, EventType.FAV, HOUR);

        assertThat(window.bucketIds()).containsExactly(START / BUCKET + 1, START / BUCKET + 12);
        assertThat(window.count(EventType.CLICK, START + 12 * BUCKET)).isZero();
        assertThat(window.count(EventType.CART, START + 12 * BUCKET)).isEqualTo(1);
    }

    @Test
    void tooOldEventNotCounted() {
        WindowedCounts window = WindowedCounts.NONE.add(START + 20 * BUCKET, EventType.CLICK, HOUR);

        WindowedCounts after = window.add(START + 8 * BUCKET, EventType.CLICK, HOUR);

        assertThat(after).isSameAs(window);
    }

    @Test
    void storedBucketsStayBounded() {
        Random random = new Random(7);
        WindowedCounts window = WindowedCounts.NONE;
        for (int i = 0; i < 5000; i++) {
            long time = START + (long) (random.nextDouble() * 30 * BUCKET) + i * 1000L;
            window = window.add(time, EventType.values()[random.nextInt(5)], HOUR);
            assertThat(window.bucketIds().length).isLessThanOrEqualTo(HOUR.buckets());
            assertThat(window.counts()).hasSize(window.bucketIds().length * WindowedCounts.TYPES);
        }
    }

    @Test
    void valueIgnoresEventOrder() {
        Random random = new Random(11);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            times.add(START + (long) (random.nextDouble() * 20 * BUCKET));
        }

        WindowedCounts inOrder = addAll(times.stream().sorted().toList());
        Collections.shuffle(times, random);
        WindowedCounts shuffled = addAll(times);

        assertThat(shuffled).isEqualTo(inOrder);
    }

    @Test
    void countsMatchReference() {
        Random random = new Random(3);
        List<long[]> applied = new ArrayList<>();
        WindowedCounts window = WindowedCounts.NONE;
        for (int i = 0; i < 2000; i++) {
            long time = START + i * 20_000L + (long) (random.nextGaussian() * 600_000);
            int type = random.nextInt(5);
            window = window.add(time, EventType.values()[type], HOUR);
            applied.add(new long[] {time, type});

            long query = time + (long) (random.nextDouble() * 2 * HOUR.length().toMillis()) - BUCKET;
            for (EventType queried : EventType.values()) {
                assertThat(window.count(queried, query))
                        .as("count of %s at %d after %d events", queried, query, i + 1)
                        .isEqualTo(referenceCount(applied, queried, query));
            }
        }
    }

    @Test
    void newShapeStartsEmpty() {
        SlidingWindow day = new SlidingWindow(Duration.ofHours(24), 24);
        WindowedCounts hourly = WindowedCounts.NONE.add(START, EventType.CLICK, HOUR);

        WindowedCounts daily = hourly.add(START + 1, EventType.CART, day);

        assertThat(daily.bucketMillis()).isEqualTo(day.bucketMillis());
        assertThat(daily.count(EventType.CLICK, START + 1)).isZero();
        assertThat(daily.count(EventType.CART, START + 1)).isEqualTo(1);
    }

    /** Counts by the definition: events whose bucket is among the window's buckets at the query and within the span of the newest. */
    private static int referenceCount(List<long[]> applied, EventType type, long query) {
        long newest = Long.MIN_VALUE;
        for (long[] event : applied) {
            newest = Math.max(newest, Math.floorDiv(event[0], BUCKET));
        }
        long current = Math.floorDiv(query, BUCKET);
        int count = 0;
        for (long[] event : applied) {
            long bucket = Math.floorDiv(event[0], BUCKET);
            boolean inWindow = bucket > current - HOUR.buckets() && bucket <= current;
            boolean inSpan = bucket > newest - HOUR.buckets();
            if (event[1] == type.ordinal() && inWindow && inSpan) {
                count++;
            }
        }
        return count;
    }

    private static WindowedCounts addAll(List<Long> times) {
        WindowedCounts window = WindowedCounts.NONE;
        for (long time : times) {
            window = window.add(time, EventType.CLICK, HOUR);
        }
        return window;
    }
}
