package io.streamrank.jobs.train;

import static io.streamrank.jobs.train.TrainerTestSupport.T0;
import static io.streamrank.jobs.train.TrainerTestSupport.announcements;
import static io.streamrank.jobs.train.TrainerTestSupport.example;
import static io.streamrank.jobs.train.TrainerTestSupport.harness;
import static io.streamrank.jobs.train.TrainerTestSupport.metricsRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.jobs.runtime.EmbeddedKafkaBroker;
import io.streamrank.metrics.ClassificationMetrics;
import io.streamrank.metrics.ProgressiveMetrics;
import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.ranker.RankerModel;
import io.streamrank.model.ranker.RankerOptions;
import io.streamrank.model.replay.ExperienceReplayOptions;
import io.streamrank.model.snapshot.ModelSnapshot;
import io.streamrank.model.snapshot.SnapshotManifest;
import io.streamrank.serving.model.LoadOutcome;
import io.streamrank.serving.model.ServingRanker;
import io.streamrank.serving.model.SnapshotLoader;
import io.streamrank.serving.sink.SnapshotAnnouncement;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link RankerTrainerFunction} in Flink's keyed operator harness on the embedded RocksDB
 * state backend, with a Kafka broker on 127.0.0.1 for the snapshot announcements.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RankerTrainerFunctionTest {

    private static final int BATCH = 4;
    private static final long FLUSH_MILLIS = 500;
    private static final long SNAPSHOT_INTERVAL_MILLIS = 1_000;
    private static final long METRICS_INTERVAL_MILLIS = 1_000;
    private static final long EXPIRY_MILLIS = 3_600_000;
    private static final double SCORE_TOLERANCE = 1e-6;
    private static final RankerOptions RANKER = new RankerOptions(
            EmbeddingOptions.DEFAULTS.withLifecycle(2, EXPIRY_MILLIS, 1024), new int[] {16}, 1e-2, 7);
    /** A window of 60 s of event time in 10 s buckets, and two versions kept. */
    private static final ValidationOptions VALIDATION = new ValidationOptions(60_000, 6, 2);
    private static final long BUCKET_MILLIS = VALIDATION.windowMillis() / VALIDATION.windowBuckets();
    /** Sums over a handful of examples, added in the same order on both sides. */
    private static final double FIGURE_TOLERANCE = 1e-12;

    @TempDir
    static Path brokerDirectory;

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path snapshotRoot;

    private String topic;

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

    @BeforeEach
    void createTopic(TestInfo test) {
        topic = "snapshots-" + test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
        broker.createTopics(1, topic);
    }

    @Test
    void fullBatchTrainsAtOnce() throws Exception {
        try (var harness = open(new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS))) {
            process(harness, examples(0, BATCH - 1, T0));
            assertThat(harness.extractOutputValues()).isEmpty();

            process(harness, examples(BATCH - 1, 1, T0));

            assertThat(eventIds(harness.extractOutputValues())).containsExactly("e0", "e1", "e2", "e3");
            assertThat(harness.extractOutputValues())
                    .allSatisfy(scored -> assertThat(scored.teacherClick()).isBetween(0.0, 1.0));
        }
    }

    @Test
    void flushTimerTrainsPartialBatch() throws Exception {
        try (var harness = open(new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS))) {
            process(harness, examples(0, 2, T0));
            assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

            harness.setProcessingTime(FLUSH_MILLIS - 1);
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.setProcessingTime(FLUSH_MILLIS);

            assertThat(eventIds(harness.extractOutputValues())).containsExactly("e0", "e1");
        }
    }

    @Test
    void metricsFollowInterval() throws Exception {
        try (var harness = open(new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS))) {
            process(harness, examples(0, BATCH, T0));
            process(harness, examples(BATCH, BATCH, T0 + 10_000));
            assertThat(metricsRecords(harness)).hasSize(1);

            harness.setProcessingTime(METRICS_INTERVAL_MILLIS);
            process(harness, examples(2 * BATCH, BATCH, T0 + 20_000));

            List<JsonNode> records = metricsRecords(harness);
            assertThat(records).hasSize(2);
            JsonNode first = records.get(0);
            JsonNode second = records.get(1);
            assertThat(first.path("kind").asText()).isEqualTo(MetricsRecord.MODEL);
            assertThat(first.path("model").asText()).isEqualTo(RankerTrainerFunction.MODEL);
            assertThat(first.path("examples").asLong()).isEqualTo(BATCH);
            assertThat(first.path("outputs").path("click").path("count").asLong()).isEqualTo(BATCH);
            assertThat(second.path("examples").asLong()).isEqualTo(3 * BATCH);
            assertThat(second.path("outputs").path("purchase").path("count").asLong()).isEqualTo(3 * BATCH);
            assertThat(second.path("last_event_time").asLong()).isEqualTo(T0 + 20_000 + BATCH - 1);
            assertThat(second.path("embeddings").path("users").has("rows")).isTrue();
        }
    }

    @Test
    void restoreKeepsWeightsMetricsAndBatch() throws Exception {
        RankerTrainerFunction first = new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS);
        OperatorSubtaskState state;
        float[] weightsBefore;
        JsonNode embeddingsBefore;
        try (var harness = open(first)) {
            process(harness, repeatedExamples(0, BATCH, T0));
            process(harness, examples(BATCH, 2, T0 + 1_000));
            weightsBefore = first.networks().get(RankerTrainerFunction.MODEL).state().parameters();
            embeddingsBefore = metricsRecords(harness).get(0).path("embeddings");
            state = harness.snapshot(1, 1);
        }

        RankerTrainerFunction restored = new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS);
        try (var harness = harness(restored, RankerTrainerFunction.MODEL)) {
            harness.initializeState(state);
            harness.open();
            float[] weightsAfter = restored.networks().get(RankerTrainerFunction.MODEL).state().parameters();

            harness.setProcessingTime(FLUSH_MILLIS);

            assertThat(weightsAfter).containsExactly(weightsBefore);
            assertThat(eventIds(harness.extractOutputValues())).containsExactly("e4", "e5");
            JsonNode record = metricsRecords(harness).get(0);
            assertThat(record.path("examples").asLong()).isEqualTo(BATCH + 2);
            assertThat(record.path("outputs").path("click").path("count").asLong()).isEqualTo(BATCH + 2);
            assertThat(record.path("embeddings").path("users").path("created").asLong())
                    .isEqualTo(embeddingsBefore.path("users").path("created").asLong());
            assertThat(record.path("embeddings").path("users").path("rows").asLong()).isEqualTo(2);
        }
    }

    @Test
    void restoreKeepsReplayBuffer() throws Exception {
        ExperienceReplayOptions replay = new ExperienceReplayOptions(3 * BATCH, 1.0, 5L);
        List<TrainingExample> last = repeatedExamples(2 * BATCH, BATCH, T0 + 2_000);
        RankerTrainerFunction uninterrupted = new RankerTrainerFunction(options(replay), RANKER, FeatureOptions.DEFAULTS);
        OperatorSubtaskState state;
        float[] expected;
        try (var harness = open(uninterrupted)) {
            process(harness, repeatedExamples(0, BATCH, T0));
            process(harness, examples(BATCH, BATCH, T0 + 1_000));
            state = harness.snapshot(1, 1);
            process(harness, last);
            expected = uninterrupted.networks().get(RankerTrainerFunction.MODEL).state().parameters();
        }
        RankerTrainerFunction plain = new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS);
        float[] withoutReplay;
        try (var harness = open(plain)) {
            process(harness, repeatedExamples(0, BATCH, T0));
            process(harness, examples(BATCH, BATCH, T0 + 1_000));
            process(harness, last);
            withoutReplay = plain.networks().get(RankerTrainerFunction.MODEL).state().parameters();
        }

        RankerTrainerFunction restored = new RankerTrainerFunction(options(replay), RANKER, FeatureOptions.DEFAULTS);
        try (var harness = harness(restored, RankerTrainerFunction.MODEL)) {
            harness.initializeState(state);
            harness.open();
            process(harness, last);

            assertThat(restored.networks().get(RankerTrainerFunction.MODEL).state().parameters())
                    .containsExactly(expected);
        }
        assertThat(withoutReplay).isNotEqualTo(expected);
    }

    @Test
    void snapshotWaitsForCoveringCheckpoint() throws Exception {
        try (var harness = open(new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS))) {
            process(harness, examples(0, BATCH, T0));
            Path staging = snapshotRoot.resolve("ranker").resolve(".staging").resolve(ModelSnapshot.directoryName(1));
            Path published = publishedDirectory(1);
            assertThat(staging).isDirectory();
            assertThat(published).doesNotExist();

            harness.snapshot(7, 7);
            harness.notifyOfCompletedCheckpoint(6);
            assertThat(published).doesNotExist();
            harness.notifyOfCompletedCheckpoint(7);
            assertThat(published).isDirectory();

            harness.setProcessingTime(SNAPSHOT_INTERVAL_MILLIS);
            process(harness, examples(BATCH, BATCH, T0 + 1_000));
            harness.notifyOfCompletedCheckpoint(8);

            SnapshotManifest manifest = ModelSnapshot.readManifest(published);
            assertThat(manifest.checkpointId()).isEqualTo(7);
            assertThat(manifest.kind()).isEqualTo(SnapshotManifest.Kind.FULL);
            assertThat(manifest.examplesTrained()).isEqualTo(BATCH);
            assertThat(publishedDirectory(2)).doesNotExist();
            List<SnapshotAnnouncement> announced = announcements(broker.bootstrapServers(), topic, 1);
            assertThat(announced).hasSize(1);
            assertThat(announced.get(0).version()).isEqualTo(1);
            assertThat(announced.get(0).checkpointId()).isEqualTo(7);
        }
    }

    @Test
    void admissionNeedsTwoSightings() throws Exception {
        try (var harness = open(new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS))) {
            process(harness, List.of(
                    example("a0", 1, 100, T0, true), example("a1", 2, 100, T0, false),
                    example("a2", 3, 100, T0, false), example("a3", 4, 100, T0, true)));
            JsonNode afterFirst = metricsRecords(harness).get(0).path("embeddings");

            harness.setProcessingTime(METRICS_INTERVAL_MILLIS);
            process(harness, List.of(
                    example("b0", 1, 101, T0 + 1, true), example("b1", 2, 102, T0 + 1, false),
                    example("b2", 3, 103, T0 + 1, false), example("b3", 5, 104, T0 + 1, true)));
            JsonNode afterSecond = metricsRecords(harness).get(1).path("embeddings");

            assertThat(afterFirst.path("users").path("rows").asLong()).isZero();
            assertThat(afterFirst.path("users").path("admission_candidates").asLong()).isEqualTo(4);
            assertThat(afterFirst.path("users").path("admission_rejects").asLong()).isEqualTo(4);
            assertThat(afterFirst.path("items").path("rows").asLong()).isEqualTo(1);
            assertThat(afterFirst.path("items").path("admission_rejects").asLong()).isEqualTo(1);
            assertThat(afterSecond.path("users").path("created").asLong()).isEqualTo(3);
            assertThat(afterSecond.path("users").path("rows").asLong()).isEqualTo(3);
            assertThat(afterSecond.path("users").path("admission_candidates").asLong()).isEqualTo(2);
            assertThat(afterSecond.path("users").path("admission_rejects").asLong()).isEqualTo(5);
            assertThat(afterSecond.path("items").path("admission_rejects").asLong()).isEqualTo(5);
        }
    }

    @Test
    void tableGaugesReportCounters() throws Exception {
        Map<String, Metric> metrics = new ConcurrentHashMap<>();
        RankerTrainerFunction trainer = new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS);
        try (var harness = TrainerTestSupport.harnessWithMetrics(trainer, RankerTrainerFunction.MODEL, metrics)) {
            harness.open();

            process(harness, List.of(
                    example("a0", 1, 100, T0, true), example("a1", 1, 101, T0, false),
                    example("a2", 2, 100, T0, false), example("a3", 3, 100, T0, true)));

            assertThat(gauge(metrics, "users.rows")).isEqualTo(1L);
            assertThat(gauge(metrics, "users.created")).isEqualTo(1L);
            assertThat(gauge(metrics, "users.admissionCandidates")).isEqualTo(2L);
            assertThat(gauge(metrics, "users.admissionRejects")).isEqualTo(3L);
            assertThat(gauge(metrics, "users.expired")).isEqualTo(0L);
            assertThat(gauge(metrics, "items.rows")).isEqualTo(1L);
            assertThat(gauge(metrics, "items.admissionRejects")).isEqualTo(2L);
            assertThat(gauge(metrics, "examplesTrained")).isEqualTo(4L);
        }
    }

    @Test
    void expiredRowsLeaveServing() throws Exception {
        try (var harness = open(new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS))) {
            process(harness, repeatedExamples(0, BATCH, T0));
            harness.setProcessingTime(SNAPSHOT_INTERVAL_MILLIS);
            process(harness, List.of(
                    example("b0", 10, 200, T0 + 60_000, true), example("b1", 11, 201, T0 + 60_000, false),
                    example("b2", 12, 202, T0 + 60_000, false), example("b3", 13, 203, T0 + 60_000, true)));
            harness.setProcessingTime(2 * SNAPSHOT_INTERVAL_MILLIS);
            long later = T0 + 2 * EXPIRY_MILLIS;
            process(harness, List.of(
                    example("c0", 20, 300, later, true), example("c1", 21, 301, later, false),
                    example("c2", 22, 302, later, false), example("c3", 23, 303, later, true)));
            harness.snapshot(1, 1);
            harness.notifyOfCompletedCheckpoint(1);

            JsonNode embeddings = metricsRecords(harness).get(metricsRecords(harness).size() - 1).path("embeddings");
            assertThat(embeddings.path("users").path("expired").asLong()).isEqualTo(2);
            assertThat(embeddings.path("users").path("rows").asLong()).isZero();
            assertThat(embeddings.path("users").path("admission_candidates").asLong()).isEqualTo(4);
            ModelSnapshot delta = ModelSnapshot.readFrom(publishedDirectory(3));
            assertThat(delta.manifest().kind()).isEqualTo(SnapshotManifest.Kind.DELTA);
            assertThat(delta.deletions().get("users")).containsExactlyInAnyOrder(1L, 2L);
            assertThat(delta.deletions().get("items")).containsExactlyInAnyOrder(100L, 101L);

            List<SnapshotAnnouncement> announced = announcements(broker.bootstrapServers(), topic, 3);
            assertThat(announced).hasSize(3);
            SnapshotLoader loader = new SnapshotLoader(snapshotRoot);
            assertThat(loader.apply(announced.get(0))).isEqualTo(LoadOutcome.LOADED);
            assertThat(loader.current().ranker().users().hasRow(1)).isTrue();
            assertThat(loader.apply(announced.get(1))).isEqualTo(LoadOutcome.LOADED);
            assertThat(loader.apply(announced.get(2))).isEqualTo(LoadOutcome.LOADED);
            assertThat(loader.current().ranker().version()).isEqualTo(3);
            assertThat(loader.current().ranker().users().hasRow(1)).isFalse();
            assertThat(loader.current().ranker().users().hasRow(2)).isFalse();
            assertThat(loader.current().ranker().users().size()).isZero();
            assertThat(loader.current().ranker().items().size()).isZero();
        }
    }

    @Test
    void servingScoresColdIdsAsTrainer() throws Exception {
        try (var harness = open(new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS))) {
            process(harness, repeatedExamples(0, BATCH, T0));
            harness.setProcessingTime(SNAPSHOT_INTERVAL_MILLIS);
            process(harness, List.of(
                    example("b0", 50, 100, T0 + 1_000, true), example("b1", 51, 101, T0 + 1_000, false),
                    example("b2", 52, 100, T0 + 1_000, false), example("b3", 53, 101, T0 + 1_000, true)));
            harness.snapshot(1, 1);
            harness.notifyOfCompletedCheckpoint(1);
            List<SnapshotAnnouncement> announced = announcements(broker.bootstrapServers(), topic, 2);

            long time = T0 + 2_000;
            TrainingExample coldUser = example("c0", 999, 100, time, true);
            TrainingExample coldBoth = example("c1", 998, 5_000, time, false);
            int trained = harness.extractOutputValues().size();
            process(harness, List.of(coldUser, coldBoth, example("c2", 1, 100, time, true),
                    example("c3", 2, 101, time, false)));
            List<ScoredExample> scored = harness.extractOutputValues().subList(trained, trained + BATCH);

            SnapshotLoader loader = new SnapshotLoader(snapshotRoot);
            assertThat(announced).hasSize(2);
            assertThat(loader.apply(announced.get(0))).isEqualTo(LoadOutcome.LOADED);
            assertThat(loader.apply(announced.get(1))).isEqualTo(LoadOutcome.LOADED);
            ServingRanker ranker = loader.current().ranker();
            EmbeddingTable start = new EmbeddingTable(null, RANKER.embedding());
            assertThat(ranker.users().defaultWeights())
                    .isNotEqualTo(start.weightsOf(start.freshRow(EmbeddingTable.DEFAULT_ROW_ID)));
            assertThat(ranker.users().hasRow(999)).isFalse();
            assertThat(ranker.users().hasRow(50)).isFalse();
            assertThat(ranker.items().hasRow(100)).isTrue();
            assertThat(ranker.items().hasRow(5_000)).isFalse();
            assertThat((double) servingClick(ranker, coldUser))
                    .isCloseTo(scored.get(0).teacherClick(), within(SCORE_TOLERANCE));
            assertThat((double) servingClick(ranker, coldBoth))
                    .isCloseTo(scored.get(1).teacherClick(), within(SCORE_TOLERANCE));
            assertThat((double) servingClick(ranker, scored.get(2).example()))
                    .isCloseTo(scored.get(2).teacherClick(), within(SCORE_TOLERANCE));
        }
    }

    @Test
    void windowMatchesRecomputation() throws Exception {
        Map<String, Metric> metrics = new ConcurrentHashMap<>();
        RankerTrainerFunction trainer = new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS);
        try (var harness = TrainerTestSupport.harnessWithMetrics(trainer, RankerTrainerFunction.MODEL, metrics)) {
            harness.open();
            int batches = 6;
            for (int batch = 0; batch < batches; batch++) {
                harness.setProcessingTime(batch * METRICS_INTERVAL_MILLIS);
                process(harness, examples(batch * BATCH, BATCH, T0 + batch * 20_000L));
            }
            harness.setProcessingTime(batches * METRICS_INTERVAL_MILLIS);
            process(harness, examples(batches * BATCH, BATCH, T0 + 1));

            List<ScoredExample> scored = harness.extractOutputValues();
            long latest = scored.stream().mapToLong(example -> example.example().eventTime()).max().orElseThrow();
            long end = (Math.floorDiv(latest, BUCKET_MILLIS) + 1) * BUCKET_MILLIS;
            long start = end - VALIDATION.windowMillis();
            List<ScoredExample> inWindow = scored.stream()
                    .filter(example -> example.example().eventTime() >= start && example.example().eventTime() < end)
                    .toList();
            JsonNode window = lastRecord(harness).path("window");
            JsonNode click = window.path("outputs").path("click");

            assertThat(scored).hasSize((batches + 1) * BATCH);
            assertThat(inWindow).hasSize(3 * BATCH);
            assertThat(window.path("length_ms").asLong()).isEqualTo(VALIDATION.windowMillis());
            assertThat(window.path("buckets").asInt()).isEqualTo(VALIDATION.windowBuckets());
            assertThat(window.path("start_event_time").asLong()).isEqualTo(start);
            assertThat(window.path("end_event_time").asLong()).isEqualTo(end);
            assertThat(window.path("dropped_late").asLong()).isEqualTo(BATCH);
            assertThat(click.path("count").asLong()).isEqualTo(inWindow.size());
            assertThat(window.path("outputs").path("purchase").path("count").asLong()).isEqualTo(inWindow.size());
            assertFiguresMatch(click, inWindow);
            assertThat((Double) gauge(metrics, "clickWindowAuc"))
                    .isCloseTo(click.path("auc").asDouble(), within(FIGURE_TOLERANCE));
            assertThat((Double) gauge(metrics, "clickWindowLogLoss"))
                    .isCloseTo(click.path("logloss").asDouble(), within(FIGURE_TOLERANCE));
            assertThat(lastRecord(harness).path("outputs").path("click").path("count").asLong())
                    .isEqualTo(scored.size());
        }
    }

    @Test
    void versionFiguresSplitAtPublication() throws Exception {
        Map<String, Metric> metrics = new ConcurrentHashMap<>();
        RankerTrainerFunction trainer = new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS);
        try (var harness = TrainerTestSupport.harnessWithMetrics(trainer, RankerTrainerFunction.MODEL, metrics)) {
            harness.open();
            trainAndPublish(harness, 3);
            List<ScoredExample> scored = harness.extractOutputValues();
            JsonNode beforeEviction = lastRecord(harness);

            harness.snapshot(3, 3);
            harness.notifyOfCompletedCheckpoint(3);
            harness.setProcessingTime(3 * SNAPSHOT_INTERVAL_MILLIS);
            process(harness, examples(3 * BATCH, BATCH, T0 + 3_000));
            JsonNode afterEviction = lastRecord(harness);

            JsonNode versions = beforeEviction.path("versions");
            assertThat(beforeEviction.path("published_version").asLong()).isEqualTo(2);
            assertThat(versions).hasSize(2);
            assertThat(versions.get(0).path("version").asLong()).isEqualTo(1);
            assertThat(versions.get(1).path("version").asLong()).isEqualTo(2);
            assertFiguresMatch(versions.get(0).path("outputs").path("click"), scored.subList(BATCH, 2 * BATCH));
            assertFiguresMatch(versions.get(1).path("outputs").path("click"), scored.subList(2 * BATCH, 3 * BATCH));
            assertThat(versions.get(1).path("outputs").path("purchase").path("count").asLong()).isEqualTo(BATCH);
            assertThat(beforeEviction.path("outputs").path("click").path("count").asLong()).isEqualTo(3 * BATCH);
            assertThat(afterEviction.path("published_version").asLong()).isEqualTo(3);
            assertThat(afterEviction.path("versions")).hasSize(2);
            assertThat(afterEviction.path("versions").get(0).path("version").asLong()).isEqualTo(2);
            assertThat(afterEviction.path("versions").get(1).path("version").asLong()).isEqualTo(3);
            assertThat(afterEviction.path("versions").get(1).path("outputs").path("click").path("count").asLong())
                    .isEqualTo(BATCH);
            assertThat(gauge(metrics, "publishedVersion")).isEqualTo(3L);
        }
    }

    @Test
    void restoreKeepsWindowAndVersions() throws Exception {
        OperatorSubtaskState state;
        JsonNode before;
        try (var harness = open(new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS))) {
            trainAndPublish(harness, 3);
            before = lastRecord(harness);
            state = harness.snapshot(3, 3);
        }

        Map<String, Metric> metrics = new ConcurrentHashMap<>();
        RankerTrainerFunction restored = new RankerTrainerFunction(options(), RANKER, FeatureOptions.DEFAULTS);
        try (var harness = TrainerTestSupport.harnessWithMetrics(restored, RankerTrainerFunction.MODEL, metrics)) {
            harness.initializeState(state);
            harness.open();
            Object windowAucAfterOpen = gauge(metrics, "clickWindowAuc");
            Object cumulativeAucAfterOpen = gauge(metrics, "clickProgressiveAuc");

            process(harness, examples(3 * BATCH, BATCH, T0 + 3_000));
            JsonNode after = lastRecord(harness);

            JsonNode windowBefore = before.path("window");
            JsonNode windowAfter = after.path("window");
            assertThat(windowBefore.path("outputs").path("click").path("count").asLong()).isEqualTo(3 * BATCH);
            assertThat((Double) windowAucAfterOpen)
                    .isEqualTo(windowBefore.path("outputs").path("click").path("auc").asDouble());
            assertThat((Double) cumulativeAucAfterOpen)
                    .isEqualTo(before.path("outputs").path("click").path("auc").asDouble());
            assertThat(windowAfter.path("outputs").path("click").path("count").asLong()).isEqualTo(4 * BATCH);
            assertThat(windowAfter.path("start_event_time").asLong())
                    .isEqualTo(windowBefore.path("start_event_time").asLong());
            assertThat(after.path("outputs").path("click").path("count").asLong()).isEqualTo(4 * BATCH);
            assertThat(after.path("published_version").asLong()).isEqualTo(2);
            assertThat(after.path("versions")).hasSize(2);
            assertThat(after.path("versions").get(0)).isEqualTo(before.path("versions").get(0));
            assertThat(after.path("versions").get(1).path("version").asLong()).isEqualTo(2);
            assertThat(after.path("versions").get(1).path("outputs").path("click").path("count").asLong())
                    .isEqualTo(2 * BATCH);
        }
    }

    /**
     * Trains {@code batches} batches of {@link #examples} one second apart in processing and event
     * time, and completes a checkpoint after each but the last, so batch k (from 0) is scored while
     * version k is the newest published. Each batch stages the next version.
     */
    private void trainAndPublish(
            KeyedOneInputStreamOperatorTestHarness<String, TrainingExample, ScoredExample> harness, int batches)
            throws Exception {
        for (int batch = 0; batch < batches; batch++) {
            harness.setProcessingTime(batch * SNAPSHOT_INTERVAL_MILLIS);
            process(harness, examples(batch * BATCH, BATCH, T0 + batch * 1_000L));
            if (batch < batches - 1) {
                harness.snapshot(batch + 1, batch + 1);
                harness.notifyOfCompletedCheckpoint(batch + 1);
            }
        }
    }

    /** Checks count, positives, AUC and log loss of a figures node against a recomputation over {@code expected}. */
    private static void assertFiguresMatch(JsonNode figures, List<ScoredExample> expected) {
        double[] scores = new double[expected.size()];
        boolean[] labels = new boolean[expected.size()];
        ProgressiveMetrics histogram = new ProgressiveMetrics(ProgressiveValidation.DETAIL_AUC_BINS);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = expected.get(i).teacherClick();
            labels[i] = expected.get(i).example().click();
            histogram.add(scores[i], labels[i]);
        }
        assertThat(figures.path("count").asLong()).isEqualTo(expected.size());
        assertThat(figures.path("positives").asDouble()).isEqualTo(histogram.positives());
        assertThat(figures.path("logloss").asDouble())
                .isCloseTo(ClassificationMetrics.logLoss(scores, labels).orElseThrow(), within(FIGURE_TOLERANCE));
        assertThat(figures.path("auc").asDouble())
                .isCloseTo(histogram.auc().orElseThrow(), within(FIGURE_TOLERANCE));
        assertThat(figures.path("auc").asDouble()).isCloseTo(
                ClassificationMetrics.auc(scores, labels).orElseThrow(),
                within(histogram.aucErrorBound().orElseThrow() + FIGURE_TOLERANCE));
    }

    private static JsonNode lastRecord(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness) {
        List<JsonNode> records = metricsRecords(harness);
        assertThat(records).isNotEmpty();
        return records.get(records.size() - 1);
    }

    private static Object gauge(Map<String, Metric> metrics, String name) {
        assertThat(metrics).containsKey(name);
        return ((Gauge<?>) metrics.get(name)).getValue();
    }

    private TrainerOptions options() {
        return options(ExperienceReplayOptions.DISABLED);
    }

    private TrainerOptions options(ExperienceReplayOptions replay) {
        return new TrainerOptions(
                BATCH, FLUSH_MILLIS, SNAPSHOT_INTERVAL_MILLIS, 10, METRICS_INTERVAL_MILLIS, snapshotRoot.toString(),
                broker.bootstrapServers(), topic, VALIDATION, replay);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TrainingExample, ScoredExample> open(
            RankerTrainerFunction trainer) throws Exception {
        var harness = harness(trainer, RankerTrainerFunction.MODEL);
        harness.open();
        return harness;
    }

    private static void process(
            KeyedOneInputStreamOperatorTestHarness<String, TrainingExample, ScoredExample> harness,
            List<TrainingExample> examples) throws Exception {
        for (TrainingExample example : examples) {
            harness.processElement(new StreamRecord<>(example, example.eventTime()));
        }
    }

    /** Returns {@code count} examples from index {@code first}, each with a user and an item of its own. */
    private static List<TrainingExample> examples(int first, int count, long time) {
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            examples.add(example("e" + i, 1_000 + i, 2_000 + i, time + i - first, i % 3 == 0));
        }
        return examples;
    }

    /** Returns {@code count} examples that reference users 1 and 2 and items 100 and 101 alternately. */
    private static List<TrainingExample> repeatedExamples(int first, int count, long time) {
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            examples.add(example("e" + i, 1 + i % 2, 100 + i % 2, time, i % 2 == 0));
        }
        return examples;
    }

    private static List<String> eventIds(List<ScoredExample> scored) {
        return scored.stream().map(example -> example.example().eventId()).toList();
    }

    private Path publishedDirectory(long version) {
        return snapshotRoot.resolve("ranker").resolve(ModelSnapshot.directoryName(version));
    }

    private static float servingClick(ServingRanker ranker, TrainingExample example) {
        UserFeatures user = example.user();
        List<ItemFeatures> items = List.of(example.item());
        return ranker.predict(example.userId(), user, items, example.eventTime())[0][RankerModel.CLICK];
    }
}
