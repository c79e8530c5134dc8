package io.streamrank.evaluation;

import io.streamrank.evaluation.examples.ExampleGenerator;
import io.streamrank.evaluation.examples.ExampleSet;
import io.streamrank.evaluation.examples.LearningOrder;
import io.streamrank.evaluation.protocol.LearnedBatch;
import io.streamrank.evaluation.protocol.ModelConfig;
import io.streamrank.features.replay.Dataset;
import io.streamrank.features.replay.ReplayOptions;
import io.streamrank.features.state.FeatureOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The MovieLens slice the tests evaluate on: the first 3,000 ratings in time order (five days),
 * replayed through the job's stages once per test JVM.
 */
public final class TestExamples {

    public static final int ROWS = 3_000;

    private static ExampleSet examples;
    private static Path workDirectory;
    private static Evaluation evaluation;

    /**
     * The protocols' outputs on the slice, with every mini-batch they learned.
     *
     * @param result the evaluator's result
     * @param learned the batches in the order the learners received them
     */
    public record Evaluation(Evaluator.Result result, List<LearnedBatch> learned) {}

    private TestExamples() {}

    /** Returns the directory of a shared dataset: the system property streamrank.datasets, else ../../shared/datasets. */
    public static Path dataset(String name) {
        String configured = System.getProperty("streamrank.datasets");
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("..", "..", "shared", "datasets");
        Path directory = root.resolve(name).toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("test dataset " + name + " not found at " + directory
                    + "; set -Dstreamrank.datasets to the datasets folder");
        }
        return directory;
    }

    public static ExampleGenerator.Settings settings() {
        return new ExampleGenerator.Settings(
                Dataset.MOVIELENS_100K,
                dataset("movielens-100k-grouplens"),
                ReplayOptions.builder().rowLimit(ROWS).build(),
                Duration.ofMinutes(10),
                Duration.ofHours(1),
                FeatureOptions.DEFAULTS);
    }

    /** Returns the slice's examples in event-time order, built on the first call. */
    public static synchronized ExampleSet examples() throws Exception {
        if (examples == null) {
            // Under the module's build directory, so that a clean build removes it.
            Path target = Files.createDirectories(Path.of("target"));
            workDirectory = Files.createTempDirectory(target, "test-examples-");
            examples = ExampleGenerator.generate(settings(), LearningOrder.EVENT_TIME, workDirectory, ProgressListener.NONE);
        }
        return examples;
    }

    /** Runs the protocols with {@link #options} on the slice once and returns their outputs. */
    public static synchronized Evaluation evaluation() throws Exception {
        if (evaluation == null) {
            List<LearnedBatch> learned = new ArrayList<>();
            ExampleSet set = examples();
            Evaluator.Result result = Evaluator.evaluate(
                    options(workDirectory), set, 0L, ProgressListener.NONE, learned::add);
            evaluation = new Evaluation(result, List.copyOf(learned));
        }
        return evaluation;
    }

    /**
     * Returns small but complete options: the default configuration and one without distillation,
     * the last two days retrained, one epoch.
     */
    public static EvaluationOptions options(Path work) {
        return new EvaluationOptions(
                settings(),
                List.of(ModelConfig.defaults(), ModelConfig.parse("no-distillation:prerank.distillation_weight=0")),
                LearningOrder.EVENT_TIME,
                0.2,
                Duration.ofDays(1),
                2,
                1,
                7L,
                List.of(1, 3),
                10,
                Duration.ofHours(24),
                work);
    }
}
