package io.streamrank.serving.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

class SlidingQuantilesTest {

    @Test
    void emptyWindowGivesNaN() {
        SlidingQuantiles.Snapshot snapshot = new SlidingQuantiles(8).snapshot(0.5);

        assertThat(snapshot.values()[0]).isNaN();
        assertThat(snapshot.count()).isZero();
        assertThat(snapshot.sum()).isZero();
    }

    @Test
    void matchesNearestRankReference() {
        SplittableRandom random = new SplittableRandom(5);
        SlidingQuantiles quantiles = new SlidingQuantiles(100);
        double[] all = new double[250];
        for (int i = 0; i < all.length; i++) {
            all[i] = random.nextDouble() * 1000;
            quantiles.record(all[i]);
        }
        double[] window = Arrays.copyOfRange(all, 150, 250);
        Arrays.sort(window);

        SlidingQuantiles.Snapshot snapshot = quantiles.snapshot(0.0, 0.5, 0.9, 0.99, 1.0);

        assertThat(snapshot.values()).containsExactly(window[0], window[49], window[89], window[98], window[99]);
        assertThat(snapshot.count()).isEqualTo(250);
        assertThat(snapshot.sum()).isCloseTo(Arrays.stream(all).sum(), org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void capacityValidated() {
        assertThatThrownBy(() -> new SlidingQuantiles(0)).hasMessageContaining("capacity is 0");
    }
}
