package io.streamrank.jobs.bench;

import io.streamrank.jobs.demo.ServingClient;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * The serving figures that the feature benchmark reads from one scrape of serving's
 * {@code /metrics} page.
 *
 * @param freshnessP50Millis median freshness of the latest applied feature updates (the summary's
 *     window), in milliseconds; NaN before the first update
 * @param freshnessP90Millis 90th percentile of the same window
 * @param freshnessP99Millis 99th percentile of the same window
 * @param freshnessSumMillis sum of the freshness of every update applied since serving started
 * @param freshnessCount number of updates applied since serving started
 * @param featureRecordsRead records of the features topic that serving has read, handled or skipped
 */
record ServingScrape(
        double freshnessP50Millis,
        double freshnessP90Millis,
        double freshnessP99Millis,
        double freshnessSumMillis,
        long freshnessCount,
        long featureRecordsRead) {

    static final String FRESHNESS = "streamrank_feature_freshness_seconds";
    static final String RECORDS_HANDLED = "streamrank_kafka_records_handled_total";
    static final String RECORDS_FAILED = "streamrank_kafka_records_failed_total";

    /**
     * Reads the figures from serving.
     *
     * @param featuresTopic the topic whose records count as feature records
     * @throws IOException when the request fails or the page lacks one of the figures
     */
    static ServingScrape read(ServingClient client, String featuresTopic) throws IOException, InterruptedException {
        HttpResponse<String> response = client.get("/metrics");
        if (response.statusCode() != 200) {
            throw new IOException("serving answered /metrics with HTTP " + response.statusCode() + "; expected 200");
        }
        return parse(response.body(), featuresTopic);
    }

    /** Reads the figures from a page in the Prometheus text format. */
    static ServingScrape parse(String page, String featuresTopic) throws IOException {
        Map<String, Double> samples = samples(page);
        String topicLabel = "{topic=\"" + featuresTopic + "\"}";
        return new ServingScrape(
                1000 * require(samples, FRESHNESS + "{quantile=\"0.5\"}"),
                1000 * require(samples, FRESHNESS + "{quantile=\"0.9\"}"),
                1000 * require(samples, FRESHNESS + "{quantile=\"0.99\"}"),
                1000 * require(samples, FRESHNESS + "_sum"),
                (long) require(samples, FRESHNESS + "_count"),
                (long) (require(samples, RECORDS_HANDLED + topicLabel) + require(samples, RECORDS_FAILED + topicLabel)));
    }

    /** Mean freshness in milliseconds of the updates applied after {@code earlier} and up to this scrape. */
    double meanFreshnessSince(ServingScrape earlier) {
        long updates = freshnessCount - earlier.freshnessCount;
        return updates > 0 ? (freshnessSumMillis - earlier.freshnessSumMillis) / updates : Double.NaN;
    }

    /** Returns each sample line's value by its name and labels as written, such as {@code name{label="v"}}. */
    private static Map<String, Double> samples(String page) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : page.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                samples.put(line.substring(0, space), parseValue(line.substring(space + 1)));
            }
        }
        return samples;
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static double require(Map<String, Double> samples, String sample) throws IOException {
        Double value = samples.get(sample);
        if (value == null) {
            throw new IOException("serving's /metrics page has no sample " + sample);
        }
        return value;
    }
}
