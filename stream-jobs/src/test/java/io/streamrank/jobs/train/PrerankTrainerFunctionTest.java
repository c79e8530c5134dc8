package io.streamrank.jobs.train;

import static io.streamrank.jobs.train.TrainerTestSupport.T0;
import static io.streamrank.jobs.train.TrainerTestSupport.example;
import static io.streamrank.jobs.train.TrainerTestSupport.harness;
import static io.streamrank.jobs.train.TrainerTestSupport.metricsRecords;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.streamrank.features.state.FeatureOptions;
import io.streamrank.jobs.runtime.EmbeddedKafkaBroker;
import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.prerank.PrerankOptions;
import io.streamrank.model.replay.ExperienceReplayOptions;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Runs {@link PrerankTrainerFunction} in Flink's keyed operator harness on the embedded RocksDB
 * state backend, with a Kafka broker on 127.0.0.1 for the trainer's snapshot publisher.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PrerankTrainerFunctionTest {

    private static final int BATCH = 4;
    private static final long FLUSH_MILLIS = 500;
    private static final PrerankOptions PRERANK =
            new PrerankOptions(EmbeddingOptions.DEFAULTS, 8, 4, 1e-2, 0.5, 11);

    @TempDir
    static Path brokerDirectory;

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path snapshotRoot;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(brokerDirectory);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void batchReportsClickMetrics() throws Exception {
        try (var harness = open(new PrerankTrainerFunction(options(), PRERANK, FeatureOptions.DEFAULTS))) {
            process(harness, scoredExamples(0, BATCH));

            List<JsonNode> records = metricsRecords(harness);
            assertThat(records).hasSize(1);
            JsonNode record = records.get(0);
            assertThat(record.path("model").asText()).isEqualTo(PrerankTrainerFunction.MODEL);
            assertThat(record.path("examples").asLong()).isEqualTo(BATCH);
            assertThat(record.path("outputs").path("click").path("count").asLong()).isEqualTo(BATCH);
            assertThat(record.path("outputs").has("purchase")).isFalse();
            assertThat(record.path("embeddings").path("users").path("admission_rejects").asLong()).isEqualTo(3);
            assertThat(record.path("embeddings").path("users").path("rows").asLong()).isEqualTo(1);
            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void restoreKeepsTowersAndBatch() throws Exception {
        PrerankTrainerFunction first = new PrerankTrainerFunction(options(), PRERANK, FeatureOptions.DEFAULTS);
        OperatorSubtaskState state;
        float[] userTowerBefore;
        float[] itemTowerBefore;
        try (var harness = open(first)) {
            process(harness, scoredExamples(0, BATCH + 2));
            userTowerBefore = first.networks().get(PrerankTrainerFunction.USER_TOWER).state().parameters();
            itemTowerBefore = first.networks().get(PrerankTrainerFunction.ITEM_TOWER).state().parameters();
            state = harness.snapshot(1, 1);
        }

        PrerankTrainerFunction restored = new PrerankTrainerFunction(options(), PRERANK, FeatureOptions.DEFAULTS);
        try (var harness = harness(restored, PrerankTrainerFunction.MODEL)) {
            harness.initializeState(state);
            harness.open();

            assertThat(restored.networks().get(PrerankTrainerFunction.USER_TOWER).state().parameters())
                    .containsExactly(userTowerBefore);
            assertThat(restored.networks().get(PrerankTrainerFunction.ITEM_TOWER).state().parameters())
                    .containsExactly(itemTowerBefore);
            harness.setProcessingTime(FLUSH_MILLIS);
            JsonNode record = metricsRecords(harness).get(0);
            assertThat(record.path("examples").asLong()).isEqualTo(BATCH + 2);
            assertThat(record.path("outputs").path("click").path("count").asLong()).isEqualTo(BATCH + 2);
        }
    }

    private TrainerOptions options() {
        return new TrainerOptions(
                BATCH, FLUSH_MILLIS, 3_600_000, 10, 1_000, snapshotRoot.toString(), broker.bootstrapServers(),
                "snapshots", ValidationOptions.DEFAULTS, ExperienceReplayOptions.DISABLED);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ScoredExample, Void> open(
            PrerankTrainerFunction trainer) throws Exception {
        var harness = harness(trainer, PrerankTrainerFunction.MODEL);
        harness.open();
        return harness;
    }

    private static void process(
            KeyedOneInputStreamOperatorTestHarness<String, ScoredExample, Void> harness, List<ScoredExample> examples)
            throws Exception {
        for (ScoredExample example : examples) {
            harness.processElement(new StreamRecord<>(example, example.example().eventTime()));
        }
    }

    /** Returns examples of users 1 (twice per batch), 2 and 3, with the ranker's click probability 0.7. */
    private static List<ScoredExample> scoredExamples(int first, int count) {
        long[] users = {1, 2, 1, 3};
        return IntStream.range(first, first + count)
                .mapToObj(i -> new ScoredExample(
                        example("e" + i, users[i % users.length], 100 + i, T0 + i, i % 2 == 0), 0.7))
                .toList();
    }
}
