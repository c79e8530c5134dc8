package io.streamrank.features.replay;

import static io.streamrank.features.replay.ReplayAssertions.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Replays the real MovieLens 100K files and checks the events against direct reads of those files. */
class MovieLensReplayTest {

    private static Path directory;
    private static List<String> ratingLines;
    private static List<Event> events;
    private static ReplayStats stats;

    @BeforeAll
    static void replayWholeDataset() throws IOException {
        directory = TestDatasets.movieLens();
        ratingLines = Files.readAllLines(directory.resolve("u.data"), StandardCharsets.ISO_8859_1);

        DatasetReplay replay = DatasetReplay.open(Dataset.MOVIELENS_100K, directory, ReplayOptions.defaults());
        events = replay.stream().toList();
        stats = replay.stats();
    }

    @Test
    void oneClickPerRating() {
        assertThat(ratingLines).hasSize(100_000);
        assertThat(count(events, EventType.CLICK)).isEqualTo(100_000);
    }

    @Test
    void purchasePerHighRating() {
        long highRatings = ratingLines.stream()
                .map(line -> line.split("\t"))
                .filter(fields -> Integer.parseInt(fields[2]) >= 4)
                .count();

        assertThat(count(events, EventType.PURCHASE)).isEqualTo(highRatings);
    }

    @Test
    void noOtherEngagementTypes() {
        assertThat(count(events, EventType.CART)).isZero();
        assertThat(count(events, EventType.FAV)).isZero();
    }

    @Test
    void purchaseFollowsItsClick() {
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event purchase = events.get(i);
            if (purchase.type() != EventType.PURCHASE) {
                continue;
            }
            Event previous = events.get(i - 1);
            boolean sameRating = previous.type() == EventType.CLICK
                    && previous.userId() == purchase.userId()
                    && previous.itemId() == purchase.itemId()
                    && previous.eventTime() == purchase.eventTime();
            if (!sameRating) {
                violations.add(previous + " precedes " + purchase);
            }
        }

        assertThat(violations).isEmpty();
    }

    @Test
    void engagementsMatchFile() throws IOException {
        Map<Long, Long> categories = firstGenreByItem();
        List<String> expected = new ArrayList<>();
        for (String line : ratingLines) {
            String[] fields = line.split("\t");
            long user = Long.parseLong(fields[0]);
            long item = Long.parseLong(fields[1]);
            long time = Long.parseLong(fields[3]) * 1000;
            long category = categories.getOrDefault(item, -1L);
            expected.add(ReplayAssertions.engagementKey(user, item, category, time, EventType.CLICK));
            if (Integer.parseInt(fields[2]) >= 4) {
                expected.add(ReplayAssertions.engagementKey(user, item, category, time, EventType.PURCHASE));
            }
        }
        expected.sort(null);

        assertThat(ReplayAssertions.engagementKeys(events)).isEqualTo(expected);
    }

    @Test
    void categoryOfToyStory() {
        // Toy Story (movie 1) is flagged Animation (3), Children's (4) and Comedy (5).
        Event click = events.stream()
                .filter(event -> event.type() == EventType.CLICK && event.itemId() == 1)
                .findFirst()
                .orElseThrow();

        assertThat(click.categoryId()).isEqualTo(3);
    }

    @Test
    void eventIdsUnique() {
        assertThat(ReplayAssertions.firstDuplicateId(events)).isEmpty();
    }

    @Test
    void eventTimesNonDecreasing() {
        assertThat(ReplayAssertions.firstTimeDecrease(events)).isEmpty();
    }

    @Test
    void statsCountRows() {
        assertThat(stats.rowsRead()).isEqualTo(100_000);
        assertThat(stats.rowsSkipped()).isZero();
        assertThat(stats.skippedRowReasons()).isEmpty();
        assertThat(stats.rowsReplayed()).isEqualTo(100_000);
        assertThat(stats.users()).isEqualTo(943);
        assertThat(stats.items()).isEqualTo(1682);
    }

    @Test
    void statsTimeRange() {
        // 1997-09-20T03:05:10Z and 1998-04-22T23:10:38Z.
        assertThat(stats.firstEventTime()).hasValue(874_724_710_000L);
        assertThat(stats.lastEventTime()).hasValue(893_286_638_000L);
    }

    @Test
    void statsCountEvents() {
        assertThat(stats.complete()).isTrue();
        assertThat(stats.totalEvents()).isEqualTo(events.size());
        for (EventType type : EventType.values()) {
            assertThat(stats.events(type)).as("events of type %s", type).isEqualTo(count(events, type));
        }
        assertThat(stats.sampledImpressions()).isEqualTo(events.stream().filter(Event::sampled).count());
    }

    @Test
    void rowLimitReplaysPrefix() throws IOException {
        ReplayOptions limited = ReplayOptions.builder().rowLimit(1000).build();
        DatasetReplay replay = DatasetReplay.open(Dataset.MOVIELENS_100K, directory, limited);
        List<Event> slice = replay.stream().toList();

        assertThat(replay.stats().rowsReplayed()).isEqualTo(1000);
        assertThat(replay.stats().rowsRead()).isEqualTo(100_000);
        assertThat(count(slice, EventType.CLICK)).isEqualTo(1000);
        assertThat(ReplayAssertions.firstDifference(events.subList(0, slice.size()), slice)).isEmpty();
    }

    /** Reads u.item independently of the reader: the category is the position of the first "1" among the last 19 fields. */
    private static Map<Long, Long> firstGenreByItem() throws IOException {
        List<String> lines = Files.readAllLines(directory.resolve("u.item"), StandardCharsets.ISO_8859_1);
        Map<Long, Long> categories = new HashMap<>();
        for (String line : lines) {
            String[] fields = line.split("\\|", -1);
            List<String> flags = List.of(fields).subList(fields.length - 19, fields.length);
            categories.put(Long.parseLong(fields[0]), (long) flags.indexOf("1"));
        }
        return categories;
    }
}
