package io.streamrank.evaluation.examples;

import io.streamrank.evaluation.ProgressListener;
import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventCodec;
import io.streamrank.features.event.EventType;
import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.replay.Dataset;
import io.streamrank.features.replay.DatasetReplay;
import io.streamrank.features.replay.ReplayOptions;
import io.streamrank.features.replay.ReplayStats;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.jobs.JobOptions;
import io.streamrank.jobs.StreamrankJob;
import io.streamrank.jobs.ingest.IngestedEvent;
import io.streamrank.jobs.ingest.ParseEventsFunction;
import io.streamrank.jobs.ingest.RawRecord;
import io.streamrank.jobs.runtime.LocalJobRunner;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds training examples from a dataset through the streamrank job's own stages, so that they
 * carry the point-in-time features and labels the online job would give them.
 *
 * <p>The replay's events go to a JSON-lines file in the work directory. A bounded source reads it
 * on a local MiniCluster bound to 127.0.0.1. The job's parser, {@link StreamrankJob#withEventTime},
 * {@link StreamrankJob#dropDuplicates}, {@link StreamrankJob#keepFeatures} and
 * {@link StreamrankJob#joinLabels} turn the events into examples with the job's configuration
 * (RocksDB state), and {@link ExampleCollector} hands them back with the time the join emitted
 * them. When the file ends, the final watermark fires every open label window. Everything runs
 * with parallelism 1, so each key receives its events in replay order, as it would from one Kafka
 * partition.
 */
public final class ExampleGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(ExampleGenerator.class);
    /** The job needs a bootstrap address to build its options; the stages used here never connect. */
    private static final String NO_KAFKA = "unused";
    /**
     * Prefix of the request id that a replay gives the impressions sampled for a click, followed by
     * the click's event id ({@link DatasetReplay}). An example opened by that click belongs to the
     * same request.
     */
    private static final String CLICK_REQUEST_PREFIX = "req-";
    public static final String REPLAY_PHASE = "replay";
    public static final String EXAMPLES_PHASE = "examples";

    /**
     * Settings of the replay and of the job's label join.
     *
     * @param dataset the dataset format
     * @param data directory with the dataset's files
     * @param replay replay settings: sampled impressions per click, seed, row limit
     * @param clickWindow how long after an impression a click counts
     * @param purchaseWindow how long after a click a purchase counts
     * @param features feature settings
     */
    public record Settings(
            Dataset dataset,
            Path data,
            ReplayOptions replay,
            Duration clickWindow,
            Duration purchaseWindow,
            FeatureOptions features) {

        public Settings {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(replay, "replay");
            Objects.requireNonNull(clickWindow, "clickWindow");
            Objects.requireNonNull(purchaseWindow, "purchaseWindow");
            Objects.requireNonNull(features, "features");
        }
    }

    private ExampleGenerator() {}

    /**
     * Replays the dataset through the job's stages and returns the examples in learning order.
     *
     * @param workDirectory where the events file and the job's scratch files go; the events file
     *     is deleted at the end
     */
    public static ExampleSet generate(
            Settings settings, LearningOrder order, Path workDirectory, ProgressListener progress) throws Exception {
        Files.createDirectories(workDirectory);
        Path eventsFile = workDirectory.resolve("events.jsonl");
        try {
            WrittenEvents written = writeEvents(settings, eventsFile, progress);
            List<LabeledExample> examples = runJob(settings, workDirectory, eventsFile, written, progress);
            return ExampleSet.of(examples, order, written.stats());
        } finally {
            Files.deleteIfExists(eventsFile);
        }
    }

    /** The replayed events as written to the file, with what the examples need from them. */
    private record WrittenEvents(long lines, ReplayStats stats, Map<String, String> requestByImpression) {

        /** Returns an estimate of the examples the job makes: one per impression and per clicked pair. */
        long expectedExamples() {
            return stats.events(EventType.IMPRESSION) + stats.events(EventType.CLICK);
        }
    }

    private static WrittenEvents writeEvents(Settings settings, Path eventsFile, ProgressListener progress)
            throws IOException {
        DatasetReplay replay = DatasetReplay.open(settings.dataset(), settings.data(), settings.replay());
        EventCodec codec = new EventCodec();
        Map<String, String> requestByImpression = new HashMap<>();
        long lines = 0;
        try (BufferedWriter writer = Files.newBufferedWriter(eventsFile, StandardCharsets.UTF_8)) {
            while (replay.hasNext()) {
                Event event = replay.next();
                writer.write(codec.toJson(event));
                writer.newLine();
                if (event.type() == EventType.IMPRESSION && event.requestId() != null) {
                    requestByImpression.put(event.eventId(), event.requestId());
                }
                lines++;
                if (lines % 10_000 == 0) {
                    progress.update(REPLAY_PHASE, lines, -1);
                }
            }
        }
        ReplayStats stats = replay.stats();
        progress.finish(REPLAY_PHASE, lines + " events from " + stats.rowsReplayed() + " rows, "
                + stats.users() + " users, " + stats.items() + " items");
        return new WrittenEvents(lines, stats, requestByImpression);
    }

    private static List<LabeledExample> runJob(
            Settings settings, Path workDirectory, Path eventsFile, WrittenEvents written, ProgressListener progress)
            throws Exception {
        JobOptions options = JobOptions.builder(NO_KAFKA, workDirectory.resolve("job"))
                .parallelism(1)
                .clickWindow(settings.clickWindow())
                .purchaseWindow(settings.purchaseWindow())
                .features(settings.features())
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(localConfiguration(options));
        env.setParallelism(1);

        DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(
                new EventFileFunction(eventsFile), written.lines(), TypeInformation.of(RawRecord.class));
        DataStream<IngestedEvent> parsed = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "event file")
                .process(new ParseEventsFunction())
                .name("parse events");
        DataStream<IngestedEvent> timed = StreamrankJob.withEventTime(parsed, options);
        // NOTE: late events go to a side output that nothing reads here. The replay writes events in
        // event-time order and one subtask reads them, so the watermark never passes an event first.
        DataStream<IngestedEvent> unique = StreamrankJob.dropDuplicates(timed, options);
        StreamrankJob.Features features = StreamrankJob.keepFeatures(unique, options);
        String queue = ExampleCollector.open();
        StreamrankJob.joinLabels(features.enriched(), options)
                .sinkTo(ExampleCollector.into(queue))
                .name("collect examples");

        long startNanos = System.nanoTime();
        long expected = written.expectedExamples();
        List<TimedExample> timedExamples;
        try {
            JobClient job = env.executeAsync("streamrank evaluation examples");
            CompletableFuture<JobExecutionResult> finished = job.getJobExecutionResult();
            while (true) {
                try {
                    finished.get(1, TimeUnit.SECONDS);
                    break;
                } catch (TimeoutException stillRunning) {
                    int size = ExampleCollector.size(queue);
                    progress.update(EXAMPLES_PHASE, size, Math.max(expected, size));
                }
            }
        } finally {
            timedExamples = ExampleCollector.drain(queue);
        }

        List<LabeledExample> collected = new ArrayList<>(timedExamples.size());
        for (TimedExample example : timedExamples) {
            collected.add(labeled(example, written.requestByImpression()));
        }
        long seconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
        LOG.info("Built {} examples from {} events through the job's stages in {} s",
                collected.size(), written.lines(), seconds);
        progress.finish(EXAMPLES_PHASE, collected.size() + " examples from " + written.lines() + " events");
        return collected;
    }

    private static LabeledExample labeled(TimedExample timed, Map<String, String> requestByImpression) {
        TrainingExample example = timed.example();
        String requestId = requestByImpression.get(example.eventId());
        if (requestId == null) {
            requestId = CLICK_REQUEST_PREFIX + example.eventId();
        }
        return new LabeledExample(example, timed.labelTime(), requestId);
    }

    /** Returns the job's configuration for a one-slot MiniCluster bound to 127.0.0.1. */
    private static Configuration localConfiguration(JobOptions options) {
        return LocalJobRunner.localConfiguration(options, 1);
    }
}
