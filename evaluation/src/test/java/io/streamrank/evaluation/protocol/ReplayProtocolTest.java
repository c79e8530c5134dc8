package io.streamrank.evaluation.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.evaluation.EvaluationOptions;
import io.streamrank.evaluation.Evaluator;
import io.streamrank.evaluation.ProgressListener;
import io.streamrank.evaluation.TestExamples;
import io.streamrank.evaluation.examples.ExampleSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The online protocol with experience replay, on the test slice, next to the default configuration. */
class ReplayProtocolTest {

    private static final ModelConfig REPLAY = ModelConfig.parse("replay:experience_replay.capacity=2048,experience_replay.ratio=1");

    private static Evaluator.Result result;
    private static List<LearnedBatch> learned;

    @BeforeAll
    static void evaluate() throws Exception {
        ExampleSet set = TestExamples.examples();
        EvaluationOptions defaults = TestExamples.options(Files.createDirectories(Path.of("target")));
        EvaluationOptions options = new EvaluationOptions(
                defaults.examples(),
                List.of(ModelConfig.defaults(), REPLAY),
                defaults.order(),
                defaults.testFraction(),
                defaults.retrainPeriod(),
                defaults.days(),
                defaults.epochs(),
                defaults.shuffleSeed(),
                defaults.cutoffs(),
                defaults.calibrationBins(),
                defaults.window(),
                defaults.workDirectory());
        learned = new ArrayList<>();
        result = Evaluator.evaluate(options, set, 0L, ProgressListener.NONE, learned::add);
    }

    @Test
    void replayConfigSharesDailyRetrain() {
        Evaluator.ConfigOutcome plain = result.outcomes().get(0);
        Evaluator.ConfigOutcome replay = result.outcomes().get(1);

        assertThat(plain.dailyRetrainOf()).isEqualTo(ModelConfig.DEFAULT_NAME);
        assertThat(replay.dailyRetrainOf()).isEqualTo(ModelConfig.DEFAULT_NAME);
        assertThat(replay.daily()).isSameAs(plain.daily());
        assertThat(learned).noneMatch(batch -> batch.config().equals(REPLAY.name()) && !batch.run().equals(OnlineProtocol.RUN));
    }

    @Test
    void replayKeepsScoresOfFirstBatch() {
        ScoreTable plain = result.outcomes().get(0).online().online();
        ScoreTable replay = result.outcomes().get(1).online().online();
        int batch = REPLAY.batchSize();

        for (Head head : Head.values()) {
            double firstBatchDifference = 0;
            double laterDifference = 0;
            for (int i = 0; i < plain.size(); i++) {
                double difference = Math.abs(plain.get(head, i) - replay.get(head, i));
                if (i < batch) {
                    firstBatchDifference += difference;
                } else {
                    laterDifference += difference;
                }
            }

            assertThat(firstBatchDifference).as("first batch, %s", head.id()).isZero();
            assertThat(laterDifference).as("later batches, %s", head.id()).isPositive();
        }
    }

    @Test
    void replayScoresEachExampleOnce() {
        List<String> scored = learned.stream()
                .filter(batch -> batch.config().equals(REPLAY.name()) && batch.run().equals(OnlineProtocol.RUN))
                .flatMap(batch -> batch.examples().stream())
                .map(example -> example.example().eventId())
                .toList();

        assertThat(scored).hasSize(result.examples().size());
        assertThat(Set.copyOf(scored)).hasSize(result.examples().size());
    }

    @Test
    void replaySameSeedSameScores() throws Exception {
        ScoreTable first = result.outcomes().get(1).online().online();
        ScoreTable second = OnlineProtocol.run(
                        result.examples(),
                        REPLAY,
                        result.options().examples().features(),
                        result.splitTime(),
                        LearningListener.NONE,
                        ProgressListener.NONE,
                        "online again")
                .online();

        for (Head head : Head.values()) {
            for (int i = 0; i < first.size(); i++) {
                assertThat(second.get(head, i)).as("%s score of example %d", head.id(), i).isEqualTo(first.get(head, i));
            }
        }
    }
}
