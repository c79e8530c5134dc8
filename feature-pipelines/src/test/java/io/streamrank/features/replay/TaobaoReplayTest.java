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
import java.util.List;
import java.util.Map;

/** Replays the real Taobao UserBehavior extract and checks the events against a direct read of the file. */
class TaobaoReplayTest {

    private static final Map<String, EventType> TYPE_BY_BEHAVIOR = Map.of(
            "pv", EventType.CLICK,
            "cart", EventType.CART,
            "fav", EventType.FAV,
            "buy", EventType.PURCHASE);

    private static List<String> lines;
    private static List<String[]> completeRows;
    private static List<Event> events;
    private static ReplayStats stats;

    @BeforeAll
    static void replayWholeDataset() throws IOException {
        Path directory = TestDatasets.taobao();
        lines = Files.readAllLines(directory.resolve("UserBehavior.csv"), StandardCharsets.ISO_8859_1);
        completeRows = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            if (fields.length == 5) {
                completeRows.add(fields);
            }
        }

        DatasetReplay replay = DatasetReplay.open(Dataset.TAOBAO, directory, ReplayOptions.defaults());
        events = replay.stream().toList();
        stats = replay.stats();
    }

    @Test
    void validRowsCounted() {
        assertThat(completeRows).hasSize(84_475);
        assertThat(stats.rowsRead()).isEqualTo(84_475);
        assertThat(stats.rowsReplayed()).isEqualTo(84_475);
    }

    @Test
    void truncatedLastLineSkipped() {
        String lastLineNumber = String.valueOf(lines.size());

        assertThat(stats.rowsSkipped()).isEqualTo(1);
        assertThat(stats.skippedRowReasons()).hasSize(1);
        assertThat(stats.skippedRowReasons().get(0)).startsWith("UserBehavior.csv:" + lastLineNumber + ": ");
        assertThat(stats.skippedRowReasons().get(0)).contains("expected 5 fields");
    }

    @Test
    void eventsPerTypeMatchFile() {
        for (Map.Entry<String, EventType> mapping : TYPE_BY_BEHAVIOR.entrySet()) {
            long rowsOfBehavior = completeRows.stream().filter(fields -> fields[3].equals(mapping.getKey())).count();

            assertThat(count(events, mapping.getValue()))
                    .as("%s events for behavior %s", mapping.getValue(), mapping.getKey())
                    .isEqualTo(rowsOfBehavior);
            assertThat(stats.events(mapping.getValue()))
                    .as("%s count in stats", mapping.getValue())
                    .isEqualTo(rowsOfBehavior);
        }
    }

    @Test
    void engagementsMatchFile() {
        List<String> expected = new ArrayList<>();
        for (String[] fields : completeRows) {
            expected.add(ReplayAssertions.engagementKey(
                    Long.parseLong(fields[0]),
                    Long.parseLong(fields[1]),
                    Long.parseLong(fields[2]),
                    Long.parseLong(fields[4]) * 1000,
                    TYPE_BY_BEHAVIOR.get(fields[3])));
        }
        expected.sort(null);

        assertThat(ReplayAssertions.engagementKeys(events)).isEqualTo(expected);
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
    void equalTimesKeepFileOrder() {
        // Engagement ids are "taobao:<line>:<type>", so the line number shows the file order.
        List<String> violations = new ArrayList<>();
        Event previous = null;
        for (Event event : events) {
            if (event.type() == EventType.IMPRESSION) {
                continue;
            }
            if (previous != null && previous.eventTime() == event.eventTime() && lineOf(previous) > lineOf(event)) {
                violations.add(previous.eventId() + " before " + event.eventId());
            }
            previous = event;
        }

        assertThat(violations).isEmpty();
    }

    @Test
    void statsCountUsersAndItems() {
        assertThat(stats.users()).isEqualTo(completeRows.stream().map(fields -> fields[0]).distinct().count());
        assertThat(stats.items()).isEqualTo(completeRows.stream().map(fields -> fields[1]).distinct().count());
    }

    @Test
    void statsTimeRange() {
        long earliest = completeRows.stream().mapToLong(fields -> Long.parseLong(fields[4])).min().orElseThrow();
        long latest = completeRows.stream().mapToLong(fields -> Long.parseLong(fields[4])).max().orElseThrow();

        assertThat(stats.firstEventTime()).hasValue(earliest * 1000);
        assertThat(stats.lastEventTime()).hasValue(latest * 1000);
    }

    private static long lineOf(Event event) {
        return Long.parseLong(event.eventId().split(":")[1]);
    }
}
