package io.streamrank.features.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Taobao UserBehavior: comma-separated lines {@code user_id,item_id,category_id,
 * behavior_type,timestamp} without a header, with the timestamp in Unix seconds.
 *
 * <p>{@code pv} (an item page view) becomes a click, {@code cart} a cart, {@code fav} a fav and
 * {@code buy} a purchase. The category is taken as given. Timestamps outside the dataset's
 * official nine days are kept as they are, so they sort to either end of the replay.
 */
final class TaobaoReader {

    static final String BEHAVIOR_FILE = "UserBehavior.csv";

    private static final int FIELDS = 5;

    private TaobaoReader() {}

    /** Reads the valid rows of {@code directory} in file order and records invalid lines in {@code skipped}. */
    static List<SourceRow> read(Path directory, SkippedRows skipped) throws IOException {
        Path file = DatasetFiles.requireFile(directory, BEHAVIOR_FILE, Dataset.TAOBAO);

        List<SourceRow> rows = new ArrayList<>();
        DelimitedLines.forEachLine(file, skipped, (line, lineNumber) -> rows.add(parseRow(line, lineNumber)));
        return rows;
    }

    private static SourceRow parseRow(String line, long lineNumber) throws RowFormatException {
        String[] fields = DelimitedLines.split(line, ',', FIELDS, FIELDS);
        long userId = DelimitedLines.parseNonNegativeLong(fields[0], "user_id");
        long itemId = DelimitedLines.parseNonNegativeLong(fields[1], "item_id");
        long categoryId = DelimitedLines.parseNonNegativeLong(fields[2], "category_id");
        RowAction action = parseBehavior(fields[3]);
        long eventTime = DelimitedLines.parseEpochSecondsAsMillis(fields[4], "timestamp");
        return new SourceRow(lineNumber, userId, itemId, categoryId, eventTime, action);
    }

    private static RowAction parseBehavior(String behavior) throws RowFormatException {
        return switch (behavior) {
            case "pv" -> RowAction.CLICK;
            case "cart" -> RowAction.CART;
            case "fav" -> RowAction.FAV;
            case "buy" -> RowAction.PURCHASE;
            default -> throw new RowFormatException(
                    "behavior_type '" + DelimitedLines.abbreviate(behavior) + "' is unknown; expected pv, cart, fav or buy");
        };
    }
}
