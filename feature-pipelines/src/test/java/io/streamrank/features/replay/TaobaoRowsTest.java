package io.streamrank.features.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads small hand-made Taobao UserBehavior files. */
class TaobaoRowsTest {

    private static final ReplayOptions NO_NEGATIVES = ReplayOptions.builder().negativesPerClick(0).build();

    @TempDir
    Path tempDir;

    static Stream<Arguments> invalidRows() {
        return Stream.of(
                Arguments.of("7,8,9,pv", "expected 5 fields separated by ',', got 4"),
                Arguments.of("7,8,9,pv,1000,extra", "expected 5 fields separated by ',', got 6"),
                Arguments.of("", "line is empty"),
                Arguments.of("x7,8,9,pv,1000", "user_id 'x7' is not an integer"),
                Arguments.of("7,,9,pv,1000", "item_id is empty"),
                Arguments.of("7,-8,9,pv,1000", "item_id -8 is negative"),
                Arguments.of("7,8,-9,pv,1000", "category_id -9 is negative"),
                Arguments.of("7,8,9,like,1000", "behavior_type 'like' is unknown; expected pv, cart, fav or buy"),
                Arguments.of("7,8,9,PV,1000", "behavior_type 'PV' is unknown"),
                Arguments.of("7,8,9,pv,1.5", "timestamp '1.5' is not an integer"),
                Arguments.of("7,8,9,pv,-1000", "timestamp -1000 is negative"),
                Arguments.of("7,8,9,pv,9223372036854775807", "is too large for epoch milliseconds"),
                Arguments.of("7,99999999999999999999,9,pv,1000", "is not an integer"));
    }

    @ParameterizedTest
    @MethodSource("invalidRows")
    void invalidRowSkipped(String invalidLine, String expectedReason) throws IOException {
        write("1,10,100,pv,1000", invalidLine, "2,20,200,buy,2000");

        DatasetReplay replay = open(NO_NEGATIVES);
        List<Event> events = replay.stream().toList();
        ReplayStats stats = replay.stats();

        assertThat(events).hasSize(2);
        assertThat(stats.rowsRead()).isEqualTo(2);
        assertThat(stats.rowsSkipped()).isEqualTo(1);
        assertThat(stats.skippedRowReasons()).hasSize(1);
        assertThat(stats.skippedRowReasons().get(0)).startsWith("UserBehavior.csv:2: ");
        assertThat(stats.skippedRowReasons().get(0)).contains(expectedReason);
    }

    @Test
    void truncatedLastLineSkipped() throws IOException {
        Files.writeString(tempDir.resolve("UserBehavior.csv"), "1,10,100,pv,1000\n2,20,200,pv,2000\n3,30,3");

        ReplayStats stats = drain(open(NO_NEGATIVES));

        assertThat(stats.rowsRead()).isEqualTo(2);
        assertThat(stats.rowsSkipped()).isEqualTo(1);
        assertThat(stats.skippedRowReasons()).containsExactly(
                "UserBehavior.csv:3: expected 5 fields separated by ',', got 3");
    }

    @Test
    void behaviorsMapToTypes() throws IOException {
        write("1,10,100,pv,1000", "1,10,100,cart,1001", "1,10,100,fav,1002", "1,10,100,buy,1003");

        List<Event> events = open(NO_NEGATIVES).stream().toList();

        assertThat(events).extracting(Event::type).containsExactly(
                EventType.CLICK, EventType.CART, EventType.FAV, EventType.PURCHASE);
        assertThat(events).extracting(Event::categoryId).containsOnly(100L);
        assertThat(events).extracting(Event::eventTime).containsExactly(1_000_000L, 1_001_000L, 1_002_000L, 1_003_000L);
        assertThat(events).extracting(Event::sampled).containsOnly(false);
    }

    @Test
    void equalTimesKeepFileOrder() throws IOException {
        write("1,10,100,pv,2000", "2,20,200,pv,1000", "3,30,300,cart,2000", "4,40,400,pv,1000", "5,50,500,buy,2000");

        List<Event> events = open(NO_NEGATIVES).stream().toList();

        assertThat(events).extracting(Event::eventId).containsExactly(
                "taobao:2:click", "taobao:4:click", "taobao:1:click", "taobao:3:cart", "taobao:5:purchase");
    }

    @Test
    void idsRepeatAcrossReplays() throws IOException {
        write("1,10,100,pv,1000", "2,20,200,pv,1001", "3,30,300,pv,1002", "1,30,300,pv,1003");

        List<Event> first = open(ReplayOptions.defaults()).stream().toList();
        List<Event> second = open(ReplayOptions.defaults()).stream().toList();

        assertThat(second).extracting(Event::eventId).isEqualTo(first.stream().map(Event::eventId).toList());
    }

    @Test
    void rowLimitTakesEarliestRows() throws IOException {
        write("1,10,100,pv,3000", "2,20,200,pv,1000", "3,30,300,pv,2000");

        DatasetReplay replay = open(ReplayOptions.builder().negativesPerClick(0).rowLimit(2).build());
        List<Event> events = replay.stream().toList();

        assertThat(events).extracting(Event::eventId).containsExactly("taobao:2:click", "taobao:3:click");
        assertThat(replay.stats().rowsRead()).isEqualTo(3);
        assertThat(replay.stats().rowsReplayed()).isEqualTo(2);
        assertThat(replay.stats().lastEventTime()).hasValue(2_000_000L);
    }

    @Test
    void rowLimitAboveRowCount() throws IOException {
        write("1,10,100,pv,1000");

        ReplayStats stats = drain(open(ReplayOptions.builder().rowLimit(50).build()));

        assertThat(stats.rowsReplayed()).isEqualTo(1);
    }

    @Test
    void reasonsKeptForFirstTen() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            lines.add("bad row " + i);
        }
        lines.add("1,10,100,pv,1000");
        write(lines.toArray(String[]::new));

        ReplayStats stats = drain(open(NO_NEGATIVES));

        assertThat(stats.rowsSkipped()).isEqualTo(15);
        assertThat(stats.skippedRowReasons()).hasSize(SkippedRows.LOGGED_IN_FULL);
        assertThat(stats.skippedRowReasons().get(0)).startsWith("UserBehavior.csv:1: ");
        assertThat(stats.skippedRowReasons().get(9)).startsWith("UserBehavior.csv:10: ");
        assertThat(stats.rowsRead()).isEqualTo(1);
    }

    @Test
    void onlyInvalidRows() throws IOException {
        write("bad", "worse");

        DatasetReplay replay = open(ReplayOptions.defaults());
        ReplayStats stats = replay.stats();

        assertThat(replay.hasNext()).isFalse();
        assertThat(stats.rowsSkipped()).isEqualTo(2);
        assertThat(stats.firstEventTime()).isEmpty();
        assertThat(stats.lastEventTime()).isEmpty();
        assertThat(stats.complete()).isTrue();
    }

    @Test
    void missingFileNamed() {
        Path file = tempDir.resolve("UserBehavior.csv");

        assertThatThrownBy(() -> open(ReplayOptions.defaults()))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("file not found")
                .hasMessageContaining("taobao expects a directory containing the Taobao UserBehavior file UserBehavior.csv");
    }

    @Test
    void missingDirectoryNamed() {
        Path directory = tempDir.resolve("absent");

        assertThatThrownBy(() -> DatasetReplay.open(Dataset.TAOBAO, directory, ReplayOptions.defaults()))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(directory.toString())
                .hasMessageContaining("dataset directory not found");
    }

    @Test
    void fileGivenAsDirectory() throws IOException {
        write("1,10,100,pv,1000");
        Path file = tempDir.resolve("UserBehavior.csv");

        assertThatThrownBy(() -> DatasetReplay.open(Dataset.TAOBAO, file, ReplayOptions.defaults()))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a directory");
    }

    private DatasetReplay open(ReplayOptions options) throws IOException {
        return DatasetReplay.open(Dataset.TAOBAO, tempDir, options);
    }

    private static ReplayStats drain(DatasetReplay replay) {
        replay.forEachRemaining(event -> { });
        return replay.stats();
    }

    private void write(String... lines) throws IOException {
        Files.writeString(tempDir.resolve("UserBehavior.csv"), String.join("\n", lines) + "\n");
    }
}
