package io.streamrank.serving.metrics;

/** A component that adds its own metric families to a scrape. */
@FunctionalInterface
public interface MetricsSource {

    void writeTo(PrometheusText text);
}
