package io.streamrank.features.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.Test;

import java.time.Duration;

class UserFeaturesTest {

    private static final FeatureOptions OPTIONS = FeatureOptions.DEFAULTS;
    private static final long START = 1_700_000_000_000L;

    @Test
    void impressionSkipsSequenceAndAffinity() {
        UserFeatures user = UserFeatures.empty(1)
                .apply(Event.impression("i", 1, 10, 5, START, "r", 0, false), OPTIONS);

        assertThat(user.count(EventType.IMPRESSION)).isEqualTo(1);
        assertThat(user.lastTime(EventType.IMPRESSION)).isEqualTo(START);
        assertThat(user.lastTime(EventType.CLICK)).isEqualTo(UserFeatures.NEVER);
        assertThat(user.sequence().size()).isZero();
        assertThat(user.affinity().size()).isZero();
        assertThat(user.shortWindow().count(EventType.IMPRESSION, START)).isEqualTo(1);
        assertThat(user.longWindow().count(EventType.IMPRESSION, START)).isEqualTo(1);
    }

    @Test
    void engagementEntersEveryPart() {
        UserFeatures user = UserFeatures.empty(1)
                .apply(Event.engagement("c", EventType.CART, 1, 10, 5, START), OPTIONS);

        assertThat(user.asOf()).isEqualTo(START);
        assertThat(user.recentItems()).containsExactly(10);
        assertThat(user.sequence().type(0)).isEqualTo(EventType.CART);
        assertThat(user.affinity().score(5, START, OPTIONS.affinityTimeConstantMillis()))
                .isEqualTo(OPTIONS.affinityWeights().cart());
        assertThat(user.recentlyEngagedWith(10)).isTrue();
        assertThat(user.recentCategoryShare(5)).isEqualTo(1.0);
    }

    @Test
    void unknownCategoryOrZeroWeightSkipped() {
        FeatureOptions noFavs = OPTIONS.toBuilder()
                .affinityWeights(OPTIONS.affinityWeights().with(EventType.FAV, 0.0))
                .build();

        UserFeatures user = UserFeatures.empty(1)
                .apply(Event.engagement("a", EventType.CLICK, 1, 10, -1, START), noFavs)
                .apply(Event.engagement("b", EventType.FAV, 1, 11, 5, START), noFavs);

        assertThat(user.affinity().size()).isZero();
        assertThat(user.sequence().size()).isEqualTo(2);
    }

    @Test
    void lastTimesKeepLatest() {
        UserFeatures user = UserFeatures.empty(1)
                .apply(Event.engagement("a", EventType.CLICK, 1, 10, 5, START + 100), OPTIONS)
                .apply(Event.engagement("b", EventType.CLICK, 1, 11, 5, START), OPTIONS);

        assertThat(user.lastTime(EventType.CLICK)).isEqualTo(START + 100);
        assertThat(user.asOf()).isEqualTo(START + 100);
    }

    @Test
    void everyPartStaysBounded() {
        FeatureOptions small = OPTIONS.toBuilder()
                .recentItems(3)
                .affinityCategories(2)
                .shortWindow(new SlidingWindow(Duration.ofMinutes(10), 5))
                .longWindow(new SlidingWindow(Duration.ofHours(1), 4))
                .build();
        UserFeatures user = UserFeatures.empty(1);
        for (int i = 0; i < 500; i++) {
            EventType type = EventType.values()[i % EventType.values().length];
            long time = START + i * 61_000L;
            user = type == EventType.IMPRESSION
                    ? user.apply(Event.impression("i" + i, 1, i, i % 11, time, "r", 0, false), small)
                    : user.apply(Event.engagement("e" + i, type, 1, i, i % 11, time), small);

            assertThat(user.sequence().size()).isLessThanOrEqualTo(3);
            assertThat(user.affinity().size()).isLessThanOrEqualTo(2);
            assertThat(user.shortWindow().bucketIds().length).isLessThanOrEqualTo(5);
            assertThat(user.longWindow().bucketIds().length).isLessThanOrEqualTo(4);
        }
        assertThat(user.count(EventType.CLICK)).isEqualTo(100);
    }

    @Test
    void affinityUsesOwnTimeConstant() {
        UserFeatures user = UserFeatures.empty(1)
                .apply(Event.engagement("a", EventType.CLICK, 1, 10, 5, START), OPTIONS);

        long later = START + OPTIONS.affinityTimeConstant().toMillis();
        assertThat(user.affinity().score(5, later, OPTIONS.affinityTimeConstantMillis()))
                .isCloseTo(Math.exp(-1), within(1e-12));
    }

    @Test
    void rejectsOtherUserEvent() {
        assertThatThrownBy(() -> UserFeatures.empty(2)
                        .apply(Event.engagement("a", EventType.CLICK, 1, 10, 5, START), OPTIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to user 1, not to user 2");
    }
}
