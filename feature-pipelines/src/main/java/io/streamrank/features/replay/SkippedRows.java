package io.streamrank.features.replay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the source rows that a replay skipped and logs them at WARN, rate-limited: the first
 * {@value #LOGGED_IN_FULL} with file, line and reason, the rest only in the final count.
 */
final class SkippedRows {

    /** Number of skipped rows that are logged and kept in the statistics with their reason. */
    static final int LOGGED_IN_FULL = 10;

    private static final Logger LOG = LoggerFactory.getLogger(SkippedRows.class);

    private final List<String> firstReasons = new ArrayList<>();
    private long count;

    /** Counts one skipped row and logs it while fewer than {@value #LOGGED_IN_FULL} were logged. */
    void record(Path file, long lineNumber, String reason) {
        count++;
        if (firstReasons.size() >= LOGGED_IN_FULL) {
            return;
        }

        firstReasons.add(file.getFileName() + ":" + lineNumber + ": " + reason);
        LOG.warn("Skipped invalid row at {} line {}: {}", file, lineNumber, reason);
        if (firstReasons.size() == LOGGED_IN_FULL) {
            LOG.warn("Logged {} skipped rows; further ones are only counted", LOGGED_IN_FULL);
        }
    }

    /** Logs the total once reading is done, when more rows were skipped than logged. */
    void logTotal(Dataset dataset) {
        if (count > firstReasons.size()) {
            LOG.warn("Skipped {} invalid rows of {} in total; the first {} are logged above",
                    count, dataset.cliName(), firstReasons.size());
        }
    }

    long count() {
        return count;
    }

    /** Returns the first skipped rows as {@code file:line: reason}, in the order they were read. */
    List<String> firstReasons() {
        return List.copyOf(firstReasons);
    }
}
