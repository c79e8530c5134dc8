package io.streamrank.serving.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of a request, with typed reads that reject bad values with a 400
 * {@link ApiException} naming the parameter.
 */
final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Parses a raw (still URL-encoded) query string; null or empty gives no parameters. */
    static QueryParameters parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParameters(values);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return new QueryParameters(values);
    }

    /** Rejects any parameter outside {@code supported}, which is listed in the message in its order. */
    void rejectUnknown(List<String> supported) {
        Set<String> known = Set.copyOf(supported);
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                String expected = supported.isEmpty() ? "no parameters" : "only " + String.join(", ", supported);
                throw new ApiException(400, name, "unknown parameter '" + name + "'; expected " + expected);
            }
        }
    }

    /** Reads a required non-negative integer. */
    long requireNonNegativeLong(String name, String meaning) {
        String text = single(name);
        if (text == null) {
            throw new ApiException(400, name,
                    "parameter '" + name + "' is missing; expected a non-negative integer " + meaning);
        }
        long value = parseLong(name, text, "a non-negative integer " + meaning);
        if (value < 0) {
            throw new ApiException(400, name,
                    "parameter '" + name + "' is " + value + "; expected a non-negative integer " + meaning);
        }
        return value;
    }

    /** Reads an optional integer from {@code min} to {@code max}, or returns {@code defaultValue}. */
    int optionalInt(String name, int defaultValue, int min, int max) {
        String text = single(name);
        if (text == null) {
            return defaultValue;
        }
        String expected = "an integer from " + min + " to " + max;
        long value = parseLong(name, text, expected);
        if (value < min || value > max) {
            throw new ApiException(400, name, "parameter '" + name + "' is " + value + "; expected " + expected);
        }
        return (int) value;
    }

    private String single(String name) {
        List<String> occurrences = values.get(name);
        if (occurrences == null) {
            return null;
        }
        if (occurrences.size() > 1) {
            throw new ApiException(400, name,
                    "parameter '" + name + "' is given " + occurrences.size() + " times; expected it once");
        }
        return occurrences.get(0);
    }

    private static long parseLong(String name, String text, String expected) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, name,
                    "parameter '" + name + "' is '" + abbreviate(text) + "'; expected " + expected);
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, null,
                    "query string has an invalid escape in '" + abbreviate(text) + "'; expected URL encoding");
        }
    }

    static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
