package io.streamrank.serving.features;

import static io.streamrank.serving.TestFeatures.START;
import static io.streamrank.serving.TestFeatures.item;
import static io.streamrank.serving.TestFeatures.userWhoClicked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.features.state.FeatureCodec;
import io.streamrank.serving.TestFeatures;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.serving.metrics.SlidingQuantiles;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

class OnlineFeatureStoreTest {

    private static final long NOW = START + 60_000;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final double TAU = FeatureOptions.DEFAULTS.decayTimeConstantMillis();

    @TempDir
    Path directory;

    private OnlineFeatureStore store;

    @BeforeEach
    void open() throws Exception {
        store = OnlineFeatureStore.open(directory, FeatureOptions.DEFAULTS, CLOCK);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void userReadsBackAsWritten() {
        UserFeatures user = userWhoClicked(7, 100, 101);

        UpdateOutcome outcome = store.apply(FeatureCodec.userKey(7), TestFeatures.encode(user), NOW - 250);

        assertThat(outcome).isEqualTo(UpdateOutcome.APPLIED);
        FeatureReading<UserFeatures> reading = store.user(7).orElseThrow();
        assertThat(reading.value()).isEqualTo(user);
        assertThat(reading.asOf()).isEqualTo(user.asOf());
        assertThat(reading.recordTimestamp()).isEqualTo(NOW - 250);
        assertThat(reading.ageMillis()).isEqualTo(250);
        assertThat(store.userCount()).isEqualTo(1);
    }

    @Test
    void itemReadsBackAsWritten() {
        ItemFeatures item = item(42, START + 5000, 3.5);

        store.apply(FeatureCodec.itemKey(42), TestFeatures.encode(item), NOW - 10);

        FeatureReading<ItemFeatures> reading = store.item(42).orElseThrow();
        assertThat(reading.value()).isEqualTo(item);
        assertThat(reading.asOf()).isEqualTo(START + 5000);
        assertThat(reading.ageMillis()).isEqualTo(10);
        assertThat(store.items(List.of(42L, 43L))).containsOnlyKeys(42L).containsEntry(42L, item);
        assertThat(store.itemCount()).isEqualTo(1);
        assertThat(store.latestEventTime()).isEqualTo(START + 5000);
    }

    @Test
    void unknownIdsReadEmpty() {
        assertThat(store.user(1)).isEmpty();
        assertThat(store.item(1)).isEmpty();
        assertThat(store.items(List.of(1L, 2L))).isEmpty();
        assertThat(store.engagedItems(1)).isEmpty();
    }

    @Test
    void olderUpdateIsStale() {
        ItemFeatures newer = item(5, START + 2000, 4.0);
        ItemFeatures older = item(5, START + 1000, 9.0);
        store.apply(FeatureCodec.itemKey(5), TestFeatures.encode(newer), NOW);

        UpdateOutcome outcome = store.apply(FeatureCodec.itemKey(5), TestFeatures.encode(older), NOW);

        assertThat(outcome).isEqualTo(UpdateOutcome.STALE);
        assertThat(store.item(5).orElseThrow().value()).isEqualTo(newer);
        assertThat(store.updateCounts().stale()).isEqualTo(1);
        assertThat(store.updateCounts().itemsApplied()).isEqualTo(1);
        assertThat(store.popular(10, id -> false, START + 2000))
                .containsExactly(new PopularItem(5, 4.0));
    }

    @Test
    void sameAsOfReplaces() {
        ItemFeatures first = item(5, START + 2000, 4.0);
        ItemFeatures second = item(5, START + 2000, 5.0);
        store.apply(FeatureCodec.itemKey(5), TestFeatures.encode(first), NOW);

        UpdateOutcome outcome = store.apply(FeatureCodec.itemKey(5), TestFeatures.encode(second), NOW);

        assertThat(outcome).isEqualTo(UpdateOutcome.APPLIED);
        assertThat(store.item(5).orElseThrow().value()).isEqualTo(second);
        assertThat(store.itemCount()).isEqualTo(1);
    }

    @Test
    void engagedItemsAccumulate() {
        FeatureOptions shortHistory = FeatureOptions.DEFAULTS.toBuilder().recentItems(2).build();
        UserFeatures user = UserFeatures.empty(3);
        long time = START;
        for (long itemId : new long[] {10, 11, 12, 13}) {
            time += 1000;
            user = user.apply(io.streamrank.features.event.Event.engagement(
                    "e" + itemId, io.streamrank.features.event.EventType.CLICK, 3, itemId, 1, time), shortHistory);
            store.apply(FeatureCodec.userKey(3), TestFeatures.encode(user), NOW);
        }

        assertThat(user.recentItems()).containsExactly(13, 12);
        assertThat(store.engagedItems(3)).containsExactlyInAnyOrder(10L, 11L, 12L, 13L);
        assertThat(store.engagedItems(2)).isEmpty();
        assertThat(store.engagedItems(4)).isEmpty();
    }

    @Test
    void popularOrdersAtCommonTime() {
        // Item 1 has more clicks, but one time constant earlier: 10 / e = 3.68 at the later time.
        store.apply(FeatureCodec.itemKey(1), TestFeatures.encode(item(1, START, 10.0)), NOW);
        store.apply(FeatureCodec.itemKey(2), TestFeatures.encode(item(2, START + (long) TAU, 6.0)), NOW);
        store.apply(FeatureCodec.itemKey(3), TestFeatures.encode(item(3, START + (long) TAU, 0.0)), NOW);

        List<PopularItem> popular = store.popular(10, id -> false, START + (long) TAU);

        assertThat(popular).extracting(PopularItem::itemId).containsExactly(2L, 1L, 3L);
        assertThat(popular.get(0).decayedClicks()).isCloseTo(6.0, within(1e-9));
        assertThat(popular.get(1).decayedClicks()).isCloseTo(10.0 / Math.E, within(1e-9));
        assertThat(popular.get(2).decayedClicks()).isZero();
    }

    @Test
    void popularSkipsExcludedAndStopsAtCount() {
        for (long id = 1; id <= 5; id++) {
            store.apply(FeatureCodec.itemKey(id), TestFeatures.encode(item(id, START, id)), NOW);
        }

        List<PopularItem> popular = store.popular(2, Set.of(5L, 3L)::contains, START);

        assertThat(popular).extracting(PopularItem::itemId).containsExactly(4L, 2L);
    }

    @Test
    void decayChangeReordersPopular() {
        store.apply(FeatureCodec.itemKey(1), TestFeatures.encode(item(1, START, 10.0)), NOW);
        store.apply(FeatureCodec.itemKey(2), TestFeatures.encode(item(2, START + 3_600_000, 6.0)), NOW);
        assertThat(store.popular(2, id -> false, START + 3_600_000))
                .extracting(PopularItem::itemId).containsExactly(1L, 2L);

        store.useFeatureOptions(
                FeatureOptions.DEFAULTS.toBuilder().decayTimeConstant(java.time.Duration.ofMinutes(30)).build());

        assertThat(store.popular(2, id -> false, START + 3_600_000))
                .extracting(PopularItem::itemId).containsExactly(2L, 1L);
    }

    @Test
    void invalidUpdatesRejected() {
        byte[] user = TestFeatures.encode(userWhoClicked(7, 1));
        Map<String, String> invalid = new java.util.LinkedHashMap<>();
        invalid.put("users:7", "expected user:ID or item:ID");
        invalid.put("user:abc", "has an invalid id");
        invalid.put("user:-7", "has a negative id");
        invalid.put("user:8", "does not match the id 7");
        invalid.put("item:7", "expected 'item'");

        for (Map.Entry<String, String> entry : invalid.entrySet()) {
            assertThatThrownBy(() -> store.apply(entry.getKey(), user, NOW))
                    .as("key %s", entry.getKey())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(entry.getValue());
        }
        assertThatThrownBy(() -> store.apply("user:7", "{\"entity\":\"user\"}".getBytes(StandardCharsets.UTF_8), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 123; expected 1");
        assertThatThrownBy(() -> store.apply("user:7", Arrays.copyOf(user, user.length - 3), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user feature value of " + (user.length - 3) + " bytes is invalid");
        assertThatThrownBy(() -> store.apply("user:7", TestFeatures.encode(item(7, START, 1.0)), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is of entity 'item'; expected 'user'");
        assertThatThrownBy(() -> store.apply(null, user, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no key");
        assertThat(store.updateCounts().invalid()).isEqualTo(invalid.size() + 4);
        assertThat(store.userCount()).isZero();
    }

    @Test
    void freshnessRecordedPerAppliedUpdate() {
        store.apply(FeatureCodec.itemKey(1), TestFeatures.encode(item(1, START + 10, 1.0)), NOW - 100);
        store.apply(FeatureCodec.itemKey(1), TestFeatures.encode(item(1, START + 20, 1.0)), NOW - 300);
        store.apply(FeatureCodec.itemKey(1), TestFeatures.encode(item(1, START, 1.0)), NOW - 900);

        SlidingQuantiles.Snapshot freshness = store.freshnessMillis().snapshot(0.5, 1.0);

        assertThat(freshness.count()).isEqualTo(2);
        assertThat(freshness.sum()).isEqualTo(400.0);
        assertThat(freshness.values()).containsExactly(100.0, 300.0);
    }

    @Test
    void reopenRebuildsMemoryState() throws Exception {
        store.apply(FeatureCodec.userKey(7), TestFeatures.encode(userWhoClicked(7, 1, 2)), NOW);
        store.apply(FeatureCodec.itemKey(1), TestFeatures.encode(item(1, START + 500, 2.0)), NOW);
        store.apply(FeatureCodec.itemKey(2), TestFeatures.encode(item(2, START + 500, 5.0)), NOW);
        store.close();

        store = OnlineFeatureStore.open(directory, FeatureOptions.DEFAULTS, CLOCK);

        assertThat(store.userCount()).isEqualTo(1);
        assertThat(store.itemCount()).isEqualTo(2);
        assertThat(store.latestEventTime()).isEqualTo(START + 2000);
        assertThat(store.engagedItems(7)).containsExactlyInAnyOrder(1L, 2L);
        assertThat(store.popular(5, id -> false, START + 500))
                .containsExactly(new PopularItem(2, 5.0), new PopularItem(1, 2.0));
    }

    @Test
    void closedStoreRejectsCalls() {
        store.close();

        assertThatThrownBy(() -> store.user(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> store.apply(FeatureCodec.itemKey(1), TestFeatures.encode(item(1, START, 1)), NOW))
                .isInstanceOf(IllegalStateException.class);
    }
}
