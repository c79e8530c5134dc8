package io.streamrank.serving.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void writesFamiliesAndSamples() {
        PrometheusText text = new PrometheusText()
                .family("requests_total", "counter", "Requests.\nBy endpoint.")
                .sample("requests_total", 3, "endpoint", "/a\"b\\c\nd", "status", "200")
                .sample("requests_total", 0.25);

        assertThat(text.toString()).isEqualTo(
                "# HELP requests_total Requests.\\nBy endpoint.\n"
                        + "# TYPE requests_total counter\n"
                        + "requests_total{endpoint=\"/a\\\"b\\\\c\\nd\",status=\"200\"} 3\n"
                        + "requests_total 0.25\n");
    }

    @Test
    void formatsSpecialValues() {
        assertThat(PrometheusText.formatValue(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.formatValue(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(PrometheusText.formatValue(-2.0)).isEqualTo("-2");
        assertThat(PrometheusText.formatValue(1e-4)).isEqualTo("1.0E-4");
        assertThat(PrometheusText.formatValue(1e20)).isEqualTo("1.0E20");
    }

    @Test
    void oddLabelsRejected() {
        assertThatThrownBy(() -> new PrometheusText().sample("x", 1, "endpoint"))
                .hasMessageContaining("expected name and value pairs");
    }

    @Test
    void histogramCountsCumulatively() {
        LatencyHistogram histogram = new LatencyHistogram(0.1, 1.0);
        histogram.observe(0.05);
        histogram.observe(0.5);
        histogram.observe(0.7);
        histogram.observe(3.0);
        PrometheusText text = new PrometheusText();

        histogram.writeTo(text, "latency_seconds", "endpoint", "/x");

        assertThat(text.toString()).isEqualTo(
                "latency_seconds_bucket{endpoint=\"/x\",le=\"0.1\"} 1\n"
                        + "latency_seconds_bucket{endpoint=\"/x\",le=\"1\"} 3\n"
                        + "latency_seconds_bucket{endpoint=\"/x\",le=\"+Inf\"} 4\n"
                        + "latency_seconds_sum{endpoint=\"/x\"} 4.25\n"
                        + "latency_seconds_count{endpoint=\"/x\"} 4\n");
    }

    @Test
    void histogramBoundsMustIncrease() {
        assertThatThrownBy(() -> new LatencyHistogram(1.0, 0.5)).hasMessageContaining("expected increasing bounds");
    }
}
