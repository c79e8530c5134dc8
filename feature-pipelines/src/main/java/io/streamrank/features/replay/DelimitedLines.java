package io.streamrank.features.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads delimited text files without a header, line by line, and parses their fields strictly.
 *
 * <p>Files are decoded as ISO-8859-1. Every byte is a valid ISO-8859-1 character, so a stray
 * non-ASCII byte makes only its own row invalid instead of failing the whole read, and the
 * Latin-1 titles of MovieLens {@code u.item} decode correctly.
 */
final class DelimitedLines {

    /** Parses one line; a {@link RowFormatException} skips that line. */
    @FunctionalInterface
    interface LineParser {
        void parse(String line, long lineNumber) throws RowFormatException;
    }

    private DelimitedLines() {}

    /**
     * Calls {@code parser} for each line of {@code file}. A line that the parser rejects is
     * recorded in {@code skipped} with its one-based line number, and reading goes on.
     */
    static void forEachLine(Path file, SkippedRows skipped, LineParser parser) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            long lineNumber = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                try {
                    parser.parse(line, lineNumber);
                } catch (RowFormatException e) {
                    skipped.record(file, lineNumber, e.getMessage());
                }
            }
        }
    }

    /**
     * Splits {@code line} at every {@code delimiter}.
     *
     * @throws RowFormatException when the line is empty or has fewer than {@code minFields} or
     *     more than {@code maxFields} fields
     */
    static String[] split(String line, char delimiter, int minFields, int maxFields) throws RowFormatException {
        if (line.isEmpty()) {
            throw new RowFormatException("line is empty");
        }
        int fieldCount = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == delimiter) {
                fieldCount++;
            }
        }
        if (fieldCount < minFields || fieldCount > maxFields) {
            String expected;
            if (minFields == maxFields) {
                expected = String.valueOf(minFields);
            } else if (maxFields == Integer.MAX_VALUE) {
                expected = "at least " + minFields;
            } else {
                expected = minFields + " to " + maxFields;
            }
            throw new RowFormatException(
                    "expected " + expected + " fields separated by " + describe(delimiter) + ", got " + fieldCount);
        }

        String[] fields = new String[fieldCount];
        int start = 0;
        for (int field = 0; field < fieldCount - 1; field++) {
            int end = line.indexOf(delimiter, start);
            fields[field] = line.substring(start, end);
            start = end + 1;
        }
        fields[fieldCount - 1] = line.substring(start);
        return fields;
    }

    /**
     * Parses a decimal integer that must be 0 or more.
     *
     * @throws RowFormatException naming the field and the value when it is empty, not an integer
     *     or negative
     */
    static long parseNonNegativeLong(String value, String fieldName) throws RowFormatException {
        if (value.isEmpty()) {
            throw new RowFormatException(fieldName + " is empty");
        }
        long result;
        try {
            result = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new RowFormatException(fieldName + " '" + abbreviate(value) + "' is not an integer");
        }
        if (result < 0) {
            throw new RowFormatException(fieldName + " " + result + " is negative");
        }
        return result;
    }

    /**
     * Parses a Unix time in seconds and returns it in epoch milliseconds.
     *
     * @throws RowFormatException when the value is not a non-negative integer or overflows in milliseconds
     */
    static long parseEpochSecondsAsMillis(String value, String fieldName) throws RowFormatException {
        long seconds = parseNonNegativeLong(value, fieldName);
        try {
            return Math.multiplyExact(seconds, 1000L);
        } catch (ArithmeticException e) {
            throw new RowFormatException(fieldName + " " + seconds + " is too large for epoch milliseconds");
        }
    }

    /** Shortens a value for a message, so one huge field cannot flood the log. */
    static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 37) + "..." : value;
    }

    private static String describe(char delimiter) {
        return delimiter == '\t' ? "tabs" : "'" + delimiter + "'";
    }
}
