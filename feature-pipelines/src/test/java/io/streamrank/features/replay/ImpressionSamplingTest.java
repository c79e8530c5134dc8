package io.streamrank.features.replay;

import static io.streamrank.features.replay.ReplayAssertions.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the sampled impressions on both real datasets and on small hand-made files. */
class ImpressionSamplingTest {

    private static final Map<Dataset, List<Event>> DEFAULT_REPLAYS = new EnumMap<>(Dataset.class);

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(Dataset.class)
    void neverEngagedBefore(Dataset dataset) {
        Map<Long, Set<Long>> engagedByUser = new HashMap<>();
        List<String> violations = new ArrayList<>();
        for (Event event : defaultReplay(dataset)) {
            Set<Long> engaged = engagedByUser.computeIfAbsent(event.userId(), user -> new HashSet<>());
            if (event.type() != EventType.IMPRESSION) {
                engaged.add(event.itemId());
            } else if (engaged.contains(event.itemId())) {
                violations.add(event.toString());
            }
        }

        assertThat(violations).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dataset.class)
    void requestPrecedesItsClick(Dataset dataset) {
        List<Event> events = defaultReplay(dataset);
        List<String> violations = new ArrayList<>();
        List<Event> request = new ArrayList<>();
        for (Event event : events) {
            if (event.type() == EventType.IMPRESSION) {
                request.add(event);
                continue;
            }
            for (int position = 0; position < request.size(); position++) {
                Event impression = request.get(position);
                boolean matchesClick = event.type() == EventType.CLICK
                        && impression.requestId().equals("req-" + event.eventId())
                        && impression.position() == position
                        && impression.userId() == event.userId()
                        && impression.itemId() != event.itemId()
                        && impression.eventTime() == event.eventTime()
                        && impression.sampled();
                if (!matchesClick) {
                    violations.add(impression + " before " + event);
                }
            }
            request.clear();
        }

        assertThat(violations).isEmpty();
        assertThat(request).as("impressions after the last click").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dataset.class)
    void itemsDistinctPerRequest(Dataset dataset) {
        Map<String, Set<Long>> itemsByRequest = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Event event : defaultReplay(dataset)) {
            if (event.type() == EventType.IMPRESSION
                    && !itemsByRequest.computeIfAbsent(event.requestId(), id -> new HashSet<>()).add(event.itemId())) {
                duplicates.add(event.toString());
            }
        }

        assertThat(duplicates).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dataset.class)
    void categoryIsLastKnown(Dataset dataset) {
        Map<Long, Long> lastCategory = new HashMap<>();
        List<String> violations = new ArrayList<>();
        for (Event event : defaultReplay(dataset)) {
            if (event.type() != EventType.IMPRESSION) {
                if (event.hasCategory()) {
                    lastCategory.put(event.itemId(), event.categoryId());
                }
            } else if (event.categoryId() != lastCategory.getOrDefault(event.itemId(), -1L)) {
                violations.add(event.toString());
            }
        }

        assertThat(violations).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dataset.class)
    void nearlyEveryClickGetsAllNegatives(Dataset dataset) {
        List<Event> events = defaultReplay(dataset);
        long requested = (long) ReplayOptions.DEFAULT_NEGATIVES_PER_CLICK * count(events, EventType.CLICK);

        // Only the first clicks of a replay, with few items seen yet, may get fewer.
        assertThat(count(events, EventType.IMPRESSION)).isBetween(requested * 99 / 100, requested);
    }

    @Test
    void sameSeedSameEvents() throws IOException {
        ReplayOptions options = ReplayOptions.builder().seed(7).build();
        List<Event> first = replay(Dataset.TAOBAO, TestDatasets.taobao(), options);
        List<Event> second = replay(Dataset.TAOBAO, TestDatasets.taobao(), options);

        assertThat(ReplayAssertions.firstDifference(first, second)).isEmpty();
    }

    @Test
    void otherSeedOtherItems() throws IOException {
        List<Event> seven = replay(Dataset.TAOBAO, TestDatasets.taobao(), ReplayOptions.builder().seed(7).build());
        List<Event> eight = replay(Dataset.TAOBAO, TestDatasets.taobao(), ReplayOptions.builder().seed(8).build());

        assertThat(impressionItems(eight)).isNotEqualTo(impressionItems(seven));
        assertThat(ReplayAssertions.engagementKeys(eight)).isEqualTo(ReplayAssertions.engagementKeys(seven));
    }

    @Test
    void zeroNegativesNoImpressions() throws IOException {
        ReplayOptions options = ReplayOptions.builder().negativesPerClick(0).build();
        List<Event> events = replay(Dataset.TAOBAO, TestDatasets.taobao(), options);

        assertThat(count(events, EventType.IMPRESSION)).isZero();
        assertThat(count(events, EventType.CLICK)).isEqualTo(75_872);
    }

    @Test
    void fewCandidatesEmitFewer() throws IOException {
        writeTaobao(
                "1,100,9,pv,1000",
                "2,200,9,pv,1001",
                "3,300,9,pv,1002");

        List<Event> events = replay(Dataset.TAOBAO, tempDir, ReplayOptions.defaults());

        assertThat(events).extracting(Event::eventId).containsExactly(
                "taobao:1:click",
                "taobao:2:impression:0",
                "taobao:2:click",
                "taobao:3:impression:0",
                "taobao:3:impression:1",
                "taobao:3:click");
        assertThat(events.get(1).itemId()).isEqualTo(100);
        assertThat(events.get(1).requestId()).isEqualTo("req-taobao:2:click");
        assertThat(events.get(1).categoryId()).isEqualTo(9);
        assertThat(List.of(events.get(3).itemId(), events.get(4).itemId())).containsExactlyInAnyOrder(100L, 200L);
    }

    private static List<Event> defaultReplay(Dataset dataset) {
        return DEFAULT_REPLAYS.computeIfAbsent(dataset, key -> {
            try {
                return replay(key, TestDatasets.directory(key), ReplayOptions.defaults());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static List<Event> replay(Dataset dataset, Path directory, ReplayOptions options) throws IOException {
        return DatasetReplay.open(dataset, directory, options).stream().toList();
    }

    private static List<Long> impressionItems(List<Event> events) {
        return events.stream().filter(event -> event.type() == EventType.IMPRESSION).map(Event::itemId).toList();
    }

    private void writeTaobao(String... lines) throws IOException {
        Files.writeString(tempDir.resolve("UserBehavior.csv"), String.join("\n", lines) + "\n");
    }
}
