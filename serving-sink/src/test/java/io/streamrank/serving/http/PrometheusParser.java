package io.streamrank.serving.http;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4 for tests: every line must be a HELP, a
 * TYPE or a sample of a declared family, or the parse fails with the line number.
 */
final class PrometheusParser {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\"\\\\n])*\"";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .+");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|summary|histogram|untyped)");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(\\{" + LABEL + "(?:," + LABEL + ")*\\})? (-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|NaN|\\+Inf|-Inf)");

    private PrometheusParser() {}

    /** Parses {@code text} and returns each sample's value by its series, {@code name{labels}}. */
    static Map<String, Double> parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() && i == lines.length - 1) {
                break;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            if (HELP.matcher(line).matches()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not Prometheus text: " + line);
            }
            String name = sample.group(1);
            if (familyOf(name, types) == null) {
                throw new IllegalArgumentException("line " + (i + 1) + " has a sample of undeclared family: " + line);
            }
            String series = name + (sample.group(2) == null ? "" : sample.group(2));
            if (samples.put(series, parseValue(sample.group(3))) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + " repeats series " + series);
            }
        }
        return samples;
    }

    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                String family = name.substring(0, name.length() - suffix.length());
                String type = types.get(family);
                if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                    return family;
                }
            }
        }
        return null;
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
