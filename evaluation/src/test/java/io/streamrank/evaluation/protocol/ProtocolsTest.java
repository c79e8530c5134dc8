package io.streamrank.evaluation.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.evaluation.Evaluator;
import io.streamrank.evaluation.TestExamples;
import io.streamrank.evaluation.examples.ExampleSet;
import io.streamrank.evaluation.examples.LabeledExample;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

class ProtocolsTest {

    @Test
    void onlineScoresEveryExample() throws Exception {
        Evaluator.Result result = TestExamples.evaluation().result();
        ExampleSet set = result.examples();

        for (Evaluator.ConfigOutcome outcome : result.outcomes()) {
            ScoreTable online = outcome.online().online();
            for (Head head : Head.values()) {
                for (int i = 0; i < set.size(); i++) {
                    assertThat(online.get(head, i)).isBetween(0.0, 1.0);
                }
            }
        }
    }

    @Test
    void onlineLearnsEveryExampleOnce() throws Exception {
        TestExamples.Evaluation evaluation = TestExamples.evaluation();
        int size = evaluation.result().examples().size();

        for (Evaluator.ConfigOutcome outcome : evaluation.result().outcomes()) {
            List<String> learned = onlineBatches(evaluation, outcome.config().name()).stream()
                    .flatMap(batch -> batch.examples().stream())
                    .map(example -> example.example().eventId())
                    .toList();

            assertThat(learned).hasSize(size);
            assertThat(Set.copyOf(learned)).hasSize(size);
        }
    }

    @Test
    void splitNeverLearnsTestRange() throws Exception {
        TestExamples.Evaluation evaluation = TestExamples.evaluation();
        Evaluator.Result result = evaluation.result();
        long split = result.splitTime();
        Set<String> testIds = IntStream.of(result.examples().indicesWithEventTimeIn(split, Long.MAX_VALUE))
                .mapToObj(index -> result.examples().get(index).example().eventId())
                .collect(Collectors.toSet());

        for (Evaluator.ConfigOutcome outcome : result.outcomes()) {
            List<LabeledExample> offlineLearned = onlineBatches(evaluation, outcome.config().name()).stream()
                    .filter(batch -> batch.availableBefore() == split)
                    .flatMap(batch -> batch.examples().stream())
                    .toList();

            assertThat(testIds).isNotEmpty();
            assertThat(offlineLearned).hasSize(outcome.online().trainedBeforeSplit());
            assertThat(offlineLearned).allMatch(example -> example.eventTime() < split);
            assertThat(offlineLearned).noneMatch(example -> testIds.contains(example.example().eventId()));
        }
    }

    @Test
    void splitScoresExactlyTestRange() throws Exception {
        Evaluator.Result result = TestExamples.evaluation().result();
        ExampleSet set = result.examples();

        for (Evaluator.ConfigOutcome outcome : result.outcomes()) {
            ScoreTable offline = outcome.online().offline();
            for (int i = 0; i < set.size(); i++) {
                boolean inTest = set.get(i).eventTime() >= result.splitTime();
                assertThat(offline.isScored(i)).as("example %d scored by the offline model", i).isEqualTo(inTest);
            }
        }
    }

    @Test
    void dailyRetrainLearnsOnlyThePast() throws Exception {
        TestExamples.Evaluation evaluation = TestExamples.evaluation();
        Evaluator.Result result = evaluation.result();

        assertThat(result.periods()).hasSize(2);
        for (Evaluator.ConfigOutcome outcome : result.outcomes()) {
            for (DailyRetrainProtocol.Day day : outcome.daily().days()) {
                String run = DailyRetrainProtocol.runName(day.period());
                List<LabeledExample> learned = evaluation.learned().stream()
                        .filter(batch -> batch.config().equals(outcome.config().name()) && batch.run().equals(run))
                        .flatMap(batch -> batch.examples().stream())
                        .toList();

                assertThat(learned).hasSize(day.trainedExamples() * result.options().epochs());
                assertThat(learned).allMatch(example -> example.eventTime() < day.period().start());
                assertThat(learned).allMatch(example -> result.examples().order().key(example) < day.period().start());
            }
        }
    }

    @Test
    void dailyRetrainScoresItsPeriodOnly() throws Exception {
        Evaluator.Result result = TestExamples.evaluation().result();

        for (Evaluator.ConfigOutcome outcome : result.outcomes()) {
            for (DailyRetrainProtocol.Day day : outcome.daily().days()) {
                assertThat(day.indices()).isNotEmpty();
                for (int index : day.indices()) {
                    long eventTime = result.examples().get(index).eventTime();
                    assertThat(eventTime).isBetween(day.period().start(), day.period().end() - 1);
                    assertThat(outcome.daily().scores().isScored(index)).isTrue();
                }
            }
        }
    }

    @Test
    void distillationChangesOnlyPrerank() throws Exception {
        List<Evaluator.ConfigOutcome> outcomes = TestExamples.evaluation().result().outcomes();
        ScoreTable withDistillation = outcomes.get(0).online().online();
        ScoreTable withoutDistillation = outcomes.get(1).online().online();
        int size = withDistillation.size();

        double rankerDifference = 0;
        double prerankDifference = 0;
        for (int i = 0; i < size; i++) {
            rankerDifference += Math.abs(withDistillation.get(Head.RANKER_CLICK, i) - withoutDistillation.get(Head.RANKER_CLICK, i));
            prerankDifference +=
                    Math.abs(withDistillation.get(Head.PRERANK_CLICK, i) - withoutDistillation.get(Head.PRERANK_CLICK, i));
        }

        assertThat(rankerDifference).isZero();
        assertThat(prerankDifference).isPositive();
    }

    private static List<LearnedBatch> onlineBatches(TestExamples.Evaluation evaluation, String config) {
        return evaluation.learned().stream()
                .filter(batch -> batch.config().equals(config) && batch.run().equals(OnlineProtocol.RUN))
                .toList();
    }
}
