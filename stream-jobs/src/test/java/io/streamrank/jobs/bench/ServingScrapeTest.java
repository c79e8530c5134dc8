package io.streamrank.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

import java.io.IOException;

class ServingScrapeTest {

    private static final String PAGE = """
            # HELP streamrank_kafka_records_handled_total Kafka records handled, by topic.
            # TYPE streamrank_kafka_records_handled_total counter
            streamrank_kafka_records_handled_total{topic="features"} 1200
            streamrank_kafka_records_handled_total{topic="snapshots"} 4
            # HELP streamrank_kafka_records_failed_total Kafka records skipped.
            # TYPE streamrank_kafka_records_failed_total counter
            streamrank_kafka_records_failed_total{topic="features"} 3
            streamrank_kafka_records_failed_total{topic="snapshots"} 0
            # TYPE streamrank_feature_freshness_seconds summary
            streamrank_feature_freshness_seconds{quantile="0.5"} 0.042
            streamrank_feature_freshness_seconds{quantile="0.9"} 0.08
            streamrank_feature_freshness_seconds{quantile="0.99"} 0.25
            streamrank_feature_freshness_seconds_sum 61.5
            streamrank_feature_freshness_seconds_count 1150
            """;

    @Test
    void parseReadsFreshnessAndCounts() throws IOException {
        ServingScrape scrape = ServingScrape.parse(PAGE, "features");

        assertThat(scrape.freshnessP50Millis()).isEqualTo(42.0, offset(1e-9));
        assertThat(scrape.freshnessP90Millis()).isEqualTo(80.0, offset(1e-9));
        assertThat(scrape.freshnessP99Millis()).isEqualTo(250.0, offset(1e-9));
        assertThat(scrape.freshnessSumMillis()).isEqualTo(61_500.0, offset(1e-6));
        assertThat(scrape.freshnessCount()).isEqualTo(1150);
        assertThat(scrape.featureRecordsRead()).isEqualTo(1203);
    }

    @Test
    void emptyWindowReadsAsNaN() throws IOException {
        ServingScrape scrape = ServingScrape.parse(PAGE.replace("0.042", "NaN"), "features");

        assertThat(scrape.freshnessP50Millis()).isNaN();
    }

    @Test
    void meanCoversUpdatesBetweenScrapes() throws IOException {
        ServingScrape earlier = ServingScrape.parse(PAGE, "features");
        ServingScrape later = ServingScrape.parse(PAGE
                .replace("_sum 61.5", "_sum 71.5")
                .replace("_count 1150", "_count 1250"), "features");

        assertThat(later.meanFreshnessSince(earlier)).isEqualTo(100.0, offset(1e-6));
        assertThat(earlier.meanFreshnessSince(earlier)).isNaN();
    }

    @Test
    void missingSampleIsReported() {
        assertThatThrownBy(() -> ServingScrape.parse(PAGE, "other-topic"))
                .isInstanceOf(IOException.class)
                .hasMessage("serving's /metrics page has no sample streamrank_kafka_records_handled_total{topic=\"other-topic\"}");
    }
}
