package io.streamrank.jobs.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.jobs.ingest.CapturedMetrics;
import io.streamrank.serving.model.NegativeSamplingCorrection;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.api.operators.StreamFilter;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class NegativeDownsamplerTest {

    private static final int IDS = 100_000;

    /** Five standard deviations of the kept share of {@value #IDS} ids at a keep rate of 0.25. */
    private static final double SHARE_TOLERANCE = 5 * Math.sqrt(0.25 * 0.75 / IDS);

    @Test
    void keptShareMatchesRate() {
        int keptCount = 0;
        for (int i = 0; i < IDS; i++) {
            if (NegativeDownsampler.keeps("movielens-100k:" + i + ":impression:" + (i % 4), 0.25)) {
                keptCount++;
            }
        }

        assertThat((double) keptCount / IDS).isCloseTo(0.25, within(SHARE_TOLERANCE));
    }

    @Test
    void uniformStaysInUnitInterval() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(NegativeDownsampler.uniform("id-" + i)).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
        assertThat(NegativeDownsampler.uniform("")).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    }

    @Test
    void sameIdSameAnswer() {
        assertThat(NegativeDownsampler.uniform("taobao:17:impression:2"))
                .isEqualTo(NegativeDownsampler.uniform("taobao:17:impression:2"));
        assertThat(NegativeDownsampler.uniform("taobao:17:impression:2"))
                .isNotEqualTo(NegativeDownsampler.uniform("taobao:17:impression:3"));
    }

    @Test
    void positivesAlwaysKept() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        try (MockEnvironment environment = CapturedMetrics.environment(metrics);
                var harness = new OneInputStreamOperatorTestHarness<>(
                        new StreamFilter<>(new NegativeDownsampler(0.01)), environment)) {
            harness.open();
            for (int i = 0; i < 1_000; i++) {
                harness.processElement(example("clicked-" + i, true, i % 2 == 0), i);
            }

            assertThat(harness.extractOutputValues()).hasSize(1_000);
            assertThat(metrics.count("negativesDropped")).isZero();
        }
    }

    @Test
    void negativesDroppedAndCounted() throws Exception {
        CapturedMetrics metrics = new CapturedMetrics();
        try (MockEnvironment environment = CapturedMetrics.environment(metrics);
                var harness = new OneInputStreamOperatorTestHarness<>(
                        new StreamFilter<>(new NegativeDownsampler(0.5)), environment)) {
            harness.open();
            for (int i = 0; i < 1_000; i++) {
                harness.processElement(example("negative-" + i, false, false), i);
            }

            List<TrainingExample> kept = harness.extractOutputValues();
            long expectedKept = java.util.stream.IntStream.range(0, 1_000)
                    .filter(i -> NegativeDownsampler.keeps("negative-" + i, 0.5))
                    .count();
            assertThat(kept).hasSize((int) expectedKept);
            assertThat(metrics.count("negativesDropped")).isEqualTo(1_000 - expectedKept);
        }
    }

    @Test
    void rateOneKeepsAll() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(NegativeDownsampler.keeps("id-" + i, 1.0)).isTrue();
        }
    }

    @Test
    void keepRateRecordedInJobParameters() {
        ExecutionConfig config = new ExecutionConfig();
        config.setGlobalJobParameters(org.apache.flink.util.ParameterTool.fromMap(Map.of("other", "kept")));

        NegativeDownsampler.recordKeepRate(config, 0.125);

        Map<String, String> parameters = config.getGlobalJobParameters().toMap();
        assertThat(parameters).containsEntry(NegativeSamplingCorrection.KEEP_RATE_SETTING, "0.125");
        assertThat(parameters).containsEntry("other", "kept");
    }

    @Test
    void invalidRateRejected() {
        assertThatThrownBy(() -> new NegativeDownsampler(0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative keep rate is 0.0; expected a number in (0, 1]");
        assertThatThrownBy(() -> new NegativeDownsampler(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative keep rate is 1.5");
        assertThatThrownBy(() -> new NegativeDownsampler(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative keep rate is NaN");
    }

    private static TrainingExample example(String eventId, boolean click, boolean purchase) {
        return new TrainingExample(
                eventId, 7, 42, 1_000, 0, false, UserFeatures.empty(7), ItemFeatures.empty(42), click, purchase);
    }
}
