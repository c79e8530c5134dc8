package io.streamrank.features.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads small hand-made MovieLens 100K files. */
class MovieLensRowsTest {

    private static final ReplayOptions NO_NEGATIVES = ReplayOptions.builder().negativesPerClick(0).build();

    @TempDir
    Path tempDir;

    @Test
    void highRatingAddsPurchase() throws IOException {
        writeItems(item(10, "Heat (1995)", 1, 6));
        writeRatings("1\t10\t4\t1000", "2\t10\t3\t1001", "3\t10\t5\t1002");

        List<Event> events = replay(NO_NEGATIVES);

        assertThat(events).extracting(Event::eventId).containsExactly(
                "movielens-100k:1:click",
                "movielens-100k:1:purchase",
                "movielens-100k:2:click",
                "movielens-100k:3:click",
                "movielens-100k:3:purchase");
        assertThat(events.get(1).eventTime()).isEqualTo(events.get(0).eventTime());
        assertThat(events.get(0).eventTime()).isEqualTo(1_000_000L);
    }

    @Test
    void categoryIsFirstGenre() throws IOException {
        writeItems(item(10, "Heat (1995)", 1, 6), item(11, "Unlisted (1996)"), item(12, "Odd (1997)", 0, 18));
        writeRatings("1\t10\t3\t1000", "1\t11\t3\t1001", "1\t12\t3\t1002", "1\t13\t3\t1003");

        List<Event> events = replay(NO_NEGATIVES);

        assertThat(events).extracting(Event::categoryId).containsExactly(1L, -1L, 0L, -1L);
    }

    @Test
    void latinOneTitleRead() throws IOException {
        String line = item(10, "Misérables, Les (1995)", 8);
        Files.write(tempDir.resolve("u.item"), (line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        writeRatings("1\t10\t3\t1000");

        DatasetReplay replay = DatasetReplay.open(Dataset.MOVIELENS_100K, tempDir, NO_NEGATIVES);
        List<Event> events = replay.stream().toList();

        assertThat(replay.stats().rowsSkipped()).isZero();
        assertThat(events.get(0).categoryId()).isEqualTo(8);
    }

    @Test
    void pipeInTitleTolerated() throws IOException {
        writeItems(item(10, "Left|Right (1995)", 2));
        writeRatings("1\t10\t3\t1000");

        DatasetReplay replay = DatasetReplay.open(Dataset.MOVIELENS_100K, tempDir, NO_NEGATIVES);
        List<Event> events = replay.stream().toList();

        assertThat(replay.stats().rowsSkipped()).isZero();
        assertThat(events.get(0).categoryId()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1\t10\t3|expected 4 fields separated by tabs, got 3",
        "1\t10\t3\t1000\t7|expected 4 fields separated by tabs, got 5",
        "1 10 3 1000|expected 4 fields separated by tabs, got 1",
        "one\t10\t3\t1000|user_id 'one' is not an integer",
        "-1\t10\t3\t1000|user_id -1 is negative",
        "1\t-10\t3\t1000|item_id -10 is negative",
        "1\t10\tfour\t1000|rating 'four' is not an integer",
        "1\t10\t3.5\t1000|rating '3.5' is not an integer",
        "1\t10\t0\t1000|rating 0 is outside 1 to 5",
        "1\t10\t6\t1000|rating 6 is outside 1 to 5",
        "1\t10\t3\tnever|timestamp 'never' is not an integer",
        "1\t10\t3\t-5|timestamp -5 is negative",
    })
    void invalidRatingSkipped(String invalidLine, String expectedReason) throws IOException {
        writeItems(item(10, "Heat (1995)", 1));
        writeRatings("1\t10\t3\t1000", invalidLine, "2\t10\t5\t2000");

        DatasetReplay replay = DatasetReplay.open(Dataset.MOVIELENS_100K, tempDir, NO_NEGATIVES);
        List<Event> events = replay.stream().toList();
        ReplayStats stats = replay.stats();

        assertThat(events).hasSize(3);
        assertThat(stats.rowsRead()).isEqualTo(2);
        assertThat(stats.rowsSkipped()).isEqualTo(1);
        assertThat(stats.skippedRowReasons()).containsExactly("u.data:2: " + expectedReason);
    }

    @Test
    void invalidItemRowSkipped() throws IOException {
        String badFlag = item(11, "Broken (1996)", 3).replace("|1|", "|yes|");
        writeItems(item(10, "Heat (1995)", 1), badFlag, "12|Short (1997)|0|1", item(10, "Heat again (1995)", 2));
        writeRatings("1\t10\t3\t1000", "1\t11\t3\t1001");

        DatasetReplay replay = DatasetReplay.open(Dataset.MOVIELENS_100K, tempDir, NO_NEGATIVES);
        List<Event> events = replay.stream().toList();
        ReplayStats stats = replay.stats();

        assertThat(stats.rowsSkipped()).isEqualTo(3);
        assertThat(stats.skippedRowReasons()).containsExactly(
                "u.item:2: genre flag 3 is 'yes'; expected 0 or 1",
                "u.item:3: expected at least 24 fields separated by '|', got 4",
                "u.item:4: movie_id 10 is already defined on line 1");
        assertThat(stats.rowsRead()).isEqualTo(2);
        assertThat(events).extracting(Event::categoryId).containsExactly(1L, -1L);
    }

    @Test
    void missingRatingsNamed() throws IOException {
        writeItems(item(10, "Heat (1995)", 1));

        assertThatThrownBy(() -> DatasetReplay.open(Dataset.MOVIELENS_100K, tempDir, NO_NEGATIVES))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(tempDir.resolve("u.data").toString())
                .hasMessageContaining("movielens-100k expects a directory containing the GroupLens MovieLens 100K files u.data and u.item");
    }

    @Test
    void missingItemsNamed() throws IOException {
        writeRatings("1\t10\t3\t1000");

        assertThatThrownBy(() -> DatasetReplay.open(Dataset.MOVIELENS_100K, tempDir, NO_NEGATIVES))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(tempDir.resolve("u.item").toString())
                .hasMessageContaining("file not found");
    }

    @Test
    void missingDirectoryNamed() {
        Path directory = tempDir.resolve("ml-100k");

        assertThatThrownBy(() -> DatasetReplay.open(Dataset.MOVIELENS_100K, directory, NO_NEGATIVES))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(directory.toString())
                .hasMessageContaining("dataset directory not found");
    }

    @Test
    void impressionsCarryGenre() throws IOException {
        writeItems(item(10, "Heat (1995)", 1), item(11, "Babe (1995)", 4));
        writeRatings("1\t10\t2\t1000", "2\t11\t2\t1001");

        List<Event> events = replay(ReplayOptions.defaults());

        assertThat(events).extracting(Event::type).containsExactly(EventType.CLICK, EventType.IMPRESSION, EventType.CLICK);
        assertThat(events.get(1).itemId()).isEqualTo(10);
        assertThat(events.get(1).categoryId()).isEqualTo(1);
        assertThat(events.get(1).userId()).isEqualTo(2);
        assertThat(events.get(1).requestId()).isEqualTo("req-movielens-100k:2:click");
    }

    private List<Event> replay(ReplayOptions options) throws IOException {
        return DatasetReplay.open(Dataset.MOVIELENS_100K, tempDir, options).stream().toList();
    }

    /** Returns a u.item line with the given genre flags set. */
    private static String item(long id, String title, int... genres) {
        List<String> fields = new ArrayList<>(List.of(String.valueOf(id), title, "01-Jan-1995", "", "http://example.org/"));
        for (int genre = 0; genre < 19; genre++) {
            int flag = genre;
            fields.add(Arrays.stream(genres).anyMatch(set -> set == flag) ? "1" : "0");
        }
        return String.join("|", fields);
    }

    private void writeItems(String... lines) throws IOException {
        Files.writeString(tempDir.resolve("u.item"), String.join("\n", lines) + "\n", StandardCharsets.ISO_8859_1);
    }

    private void writeRatings(String... lines) throws IOException {
        Files.writeString(tempDir.resolve("u.data"), String.join("\n", lines) + "\n");
    }
}
