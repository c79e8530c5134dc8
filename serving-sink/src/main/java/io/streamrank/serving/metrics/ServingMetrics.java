package io.streamrank.serving.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request metrics of the HTTP API: counts by endpoint and status, latency histograms by
 * endpoint, and counts of recommendations by kind. Endpoint labels must come from a fixed set
 * (route names, not raw paths), so that the number of series stays bounded. Thread-safe.
 */
public final class ServingMetrics {

    /** Upper bounds of the request latency buckets, in seconds. */
    static final double[] LATENCY_BUCKETS_SECONDS =
            {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0};

    private final ConcurrentMap<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LatencyHistogram> latencies = new ConcurrentHashMap<>();
    private final LongAdder personalized = new LongAdder();
    private final LongAdder nonPersonalized = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();

    /** Counts one finished request and its duration. */
    public void recordRequest(String endpoint, int status, long durationNanos) {
        requests.computeIfAbsent(new RequestKey(endpoint, status), key -> new LongAdder()).increment();
        latencies.computeIfAbsent(endpoint, key -> new LatencyHistogram(LATENCY_BUCKETS_SECONDS))
                .observe(durationNanos / 1e9);
    }

    /**
     * Counts one recommendation response.
     *
     * @param fallback true when a model stage was skipped because its snapshot was not loaded
     */
    public void recordRecommendation(boolean isPersonalized, boolean fallback) {
        (isPersonalized ? personalized : nonPersonalized).increment();
        if (fallback) {
            fallbacks.increment();
        }
    }

    public long requestCount(String endpoint, int status) {
        LongAdder count = requests.get(new RequestKey(endpoint, status));
        return count == null ? 0 : count.sum();
    }

    public void writeTo(PrometheusText text) {
        text.family("streamrank_http_requests_total", "counter", "HTTP requests by endpoint and status code.");
        Map<RequestKey, LongAdder> sortedRequests = new TreeMap<>(requests);
        sortedRequests.forEach((key, count) -> text.sample(
                "streamrank_http_requests_total", count.sum(),
                "endpoint", key.endpoint(), "status", Integer.toString(key.status())));

        text.family("streamrank_http_request_duration_seconds", "histogram",
                "Time from receiving a request to sending its response, in seconds.");
        new TreeMap<>(latencies).forEach((endpoint, histogram) ->
                histogram.writeTo(text, "streamrank_http_request_duration_seconds", "endpoint", endpoint));

        text.family("streamrank_recommendations_total", "counter",
                "Recommendation responses, by whether they used the user's features and embeddings.");
        text.sample("streamrank_recommendations_total", personalized.sum(), "personalized", "true");
        text.sample("streamrank_recommendations_total", nonPersonalized.sum(), "personalized", "false");

        text.family("streamrank_recommendation_fallbacks_total", "counter",
                "Recommendation responses that skipped a model stage because its snapshot was not loaded.");
        text.sample("streamrank_recommendation_fallbacks_total", fallbacks.sum());
    }

    private record RequestKey(String endpoint, int status) implements Comparable<RequestKey> {

        @Override
        public int compareTo(RequestKey other) {
            int byEndpoint = endpoint.compareTo(other.endpoint);
            return byEndpoint != 0 ? byEndpoint : Integer.compare(status, other.status);
        }
    }
}
