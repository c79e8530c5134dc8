package io.streamrank.features.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImpressionSamplerTest {

    @Test
    void popularItemsSampledMore() {
        ImpressionSampler sampler = new ImpressionSampler(11);
        for (int user = 0; user < 100; user++) {
            sampler.recordEngagement(user, user < 90 ? 1 : 2, 5);
        }

        int draws = 2000;
        int itemOne = 0;
        for (int i = 0; i < draws; i++) {
            long[] items = sampler.sample(1000, 3, 1);
            assertThat(items).hasSize(1);
            if (items[0] == 1) {
                itemOne++;
            }
        }

        // Item 1 has 90% of the engagements. Five standard deviations of a binomial(2000, 0.9) count are about 67.
        assertThat(itemOne).isBetween(1800 - 67, 1800 + 67);
    }

    @Test
    void skipsEngagedAndClickedItems() {
        ImpressionSampler sampler = new ImpressionSampler(3);
        for (long item = 0; item < 10; item++) {
            sampler.recordEngagement(item, item, 0);
        }
        sampler.recordEngagement(42, 4, 0);
        sampler.recordEngagement(42, 5, 0);

        long[] items = sampler.sample(42, 6, 7);

        assertThat(items).containsExactlyInAnyOrder(0, 1, 2, 3, 7, 8, 9);
    }

    @Test
    void emptyBeforeFirstEngagement() {
        ImpressionSampler sampler = new ImpressionSampler(1);

        assertThat(sampler.sample(1, 2, 4)).isEmpty();
    }

    @Test
    void boundedWhenNothingQualifies() {
        ImpressionSampler sampler = new ImpressionSampler(1);
        sampler.recordEngagement(1, 10, 0);
        sampler.recordEngagement(1, 11, 0);

        assertThat(sampler.sample(1, 12, 4)).isEmpty();
    }

    @Test
    void zeroCountSamplesNothing() {
        ImpressionSampler sampler = new ImpressionSampler(1);
        sampler.recordEngagement(1, 10, 0);

        assertThat(sampler.sample(2, 12, 0)).isEmpty();
    }

    @Test
    void unknownCategoryKeepsLastKnown() {
        ImpressionSampler sampler = new ImpressionSampler(1);
        sampler.recordEngagement(1, 10, 3);
        sampler.recordEngagement(2, 10, 8);
        sampler.recordEngagement(3, 10, -1);

        assertThat(sampler.lastKnownCategory(10)).isEqualTo(8);
        assertThat(sampler.lastKnownCategory(99)).isEqualTo(-1);
    }
}
