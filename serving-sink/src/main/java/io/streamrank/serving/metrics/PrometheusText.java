package io.streamrank.serving.metrics;

/**
 * Writes metrics in the Prometheus text exposition format, version 0.0.4: per metric family a
 * {@code # HELP} and a {@code # TYPE} line, then one line per sample, {@code name{labels} value}.
 * Not thread-safe.
 */
public final class PrometheusText {

    /** The content type that a scrape endpoint sends with this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    /**
     * Starts a metric family.
     *
     * @param type {@code counter}, {@code gauge}, {@code summary} or {@code histogram}
     */
    public PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /**
     * Writes one sample.
     *
     * @param labels label names and values, alternating: {@code "endpoint", "/health", "status", "200"}
     */
    public PrometheusText sample(String name, double value, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "labels has " + labels.length + " strings; expected name and value pairs");
        }
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escapeLabelValue(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(formatValue(value)).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Formats a sample value: integers without a fraction, NaN and infinities as Prometheus spells them. */
    static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
