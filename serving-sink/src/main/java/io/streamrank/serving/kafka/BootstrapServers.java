package io.streamrank.serving.kafka;

/** Checks a Kafka bootstrap servers option before anything connects with it. */
public final class BootstrapServers {

    private BootstrapServers() {}

    /**
     * Returns {@code value} when it is a comma-separated list of {@code HOST:PORT} entries, each with
     * a non-empty host and a port from 1 to 65535.
     *
     * @param option the option's name for the message, such as {@code --bootstrap-servers}
     * @throws IllegalArgumentException naming the option, the value and the expected form
     */
    public static String check(String option, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(option, value, "it is empty");
        }
        for (String entry : value.split(",", -1)) {
            String server = entry.strip();
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || colon == server.length() - 1) {
                throw invalid(option, value, "'" + server + "' has no HOST:PORT form");
            }
            int port;
            try {
                port = Integer.parseInt(server.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw invalid(option, value, "the port of '" + server + "' is not a number");
            }
            if (port < 1 || port > 65535) {
                throw invalid(option, value, "the port of '" + server + "' is outside 1 to 65535");
            }
        }
        return value;
    }

    private static IllegalArgumentException invalid(String option, String value, String reason) {
        return new IllegalArgumentException("option '" + option + "' is '" + value + "': " + reason
                + "; expected HOST:PORT[,HOST:PORT...], for example 127.0.0.1:9092");
    }
}
