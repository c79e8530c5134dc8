package io.streamrank.features.replay;

import io.streamrank.features.event.Event;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads MovieLens 100K in the original GroupLens layout.
 *
 * <p>{@code u.data} contains one rating per line: {@code user_id, item_id, rating, timestamp},
 * separated by tabs, with the timestamp in Unix seconds. Every rating becomes a click. A rating
 * of {@value #PURCHASE_MIN_RATING} or more also becomes a purchase at the same time, emitted
 * right after its click, because a high rating is the closest thing to a conversion here.
 *
 * <p>{@code u.item} ({@code |}-separated, ISO-8859-1) ends with 19 genre flags in the order of
 * {@code u.genre}. The category of an item is the zero-based index of its first set flag, so 0
 * is the genre "unknown" of that list. An item without any set flag, or missing from
 * {@code u.item}, has category -1. {@code u.user} is not read, because events carry no user
 * features.
 */
final class MovieLensReader {

    static final String RATINGS_FILE = "u.data";
    static final String ITEMS_FILE = "u.item";

    /** Lowest rating that also counts as a purchase. */
    static final int PURCHASE_MIN_RATING = 4;

    private static final int RATING_FIELDS = 4;
    private static final int GENRE_FLAGS = 19;

    /** Movie id, title, release date, video release date and IMDb URL precede the genre flags. */
    private static final int ITEM_FIELDS = 5 + GENRE_FLAGS;

    private MovieLensReader() {}

    /** Reads the valid ratings of {@code directory} in file order and records invalid lines in {@code skipped}. */
    static List<SourceRow> read(Path directory, SkippedRows skipped) throws IOException {
        Path ratingsFile = DatasetFiles.requireFile(directory, RATINGS_FILE, Dataset.MOVIELENS_100K);
        Path itemsFile = DatasetFiles.requireFile(directory, ITEMS_FILE, Dataset.MOVIELENS_100K);

        Map<Long, Long> categoryByItem = readCategories(itemsFile, skipped);

        List<SourceRow> rows = new ArrayList<>();
        DelimitedLines.forEachLine(
                ratingsFile, skipped, (line, lineNumber) -> rows.add(parseRating(line, lineNumber, categoryByItem)));
        return rows;
    }

    private static Map<Long, Long> readCategories(Path itemsFile, SkippedRows skipped) throws IOException {
        Map<Long, Long> categoryByItem = new HashMap<>();
        Map<Long, Long> lineByItem = new HashMap<>();
        DelimitedLines.forEachLine(itemsFile, skipped, (line, lineNumber) -> {
            // A title that contains '|' adds fields, so the flags are counted from the end.
            String[] fields = DelimitedLines.split(line, '|', ITEM_FIELDS, Integer.MAX_VALUE);
            long itemId = DelimitedLines.parseNonNegativeLong(fields[0], "movie_id");
            long category = firstGenre(fields, fields.length - GENRE_FLAGS);

            Long firstLine = lineByItem.putIfAbsent(itemId, lineNumber);
            if (firstLine != null) {
                throw new RowFormatException("movie_id " + itemId + " is already defined on line " + firstLine);
            }
            categoryByItem.put(itemId, category);
        });
        return categoryByItem;
    }

    private static long firstGenre(String[] fields, int firstFlag) throws RowFormatException {
        long category = Event.UNKNOWN_CATEGORY;
        for (int genre = 0; genre < GENRE_FLAGS; genre++) {
            String flag = fields[firstFlag + genre];
            if (!flag.equals("0") && !flag.equals("1")) {
                throw new RowFormatException(
                        "genre flag " + genre + " is '" + DelimitedLines.abbreviate(flag) + "'; expected 0 or 1");
            }
            if (category == Event.UNKNOWN_CATEGORY && flag.equals("1")) {
                category = genre;
            }
        }
        return category;
    }

    private static SourceRow parseRating(String line, long lineNumber, Map<Long, Long> categoryByItem)
            throws RowFormatException {
        String[] fields = DelimitedLines.split(line, '\t', RATING_FIELDS, RATING_FIELDS);
        long userId = DelimitedLines.parseNonNegativeLong(fields[0], "user_id");
        long itemId = DelimitedLines.parseNonNegativeLong(fields[1], "item_id");
        long rating = DelimitedLines.parseNonNegativeLong(fields[2], "rating");
        long eventTime = DelimitedLines.parseEpochSecondsAsMillis(fields[3], "timestamp");

        if (rating < 1 || rating > 5) {
            throw new RowFormatException("rating " + rating + " is outside 1 to 5");
        }
        RowAction action = rating >= PURCHASE_MIN_RATING ? RowAction.CLICK_AND_PURCHASE : RowAction.CLICK;
        long categoryId = categoryByItem.getOrDefault(itemId, Event.UNKNOWN_CATEGORY);
        return new SourceRow(lineNumber, userId, itemId, categoryId, eventTime, action);
    }
}
