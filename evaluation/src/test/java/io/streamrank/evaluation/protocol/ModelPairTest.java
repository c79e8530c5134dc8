package io.streamrank.evaluation.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.evaluation.TestExamples;
import io.streamrank.evaluation.examples.LabeledExample;
import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class ModelPairTest {

    /** float32 networks: the same input through output() and through a training forward pass. */
    private static final double SCORE_TOLERANCE = 1e-5;

    private List<TrainingExample> warmUp;
    private List<TrainingExample> batch;

    @BeforeEach
    void takeExamples() throws Exception {
        List<LabeledExample> examples = TestExamples.examples().examples();
        warmUp = new ArrayList<>();
        for (LabeledExample example : examples.subList(0, 2_048)) {
            warmUp.add(example.example());
        }
        batch = new ArrayList<>();
        for (LabeledExample example : examples.subList(2_048, 2_048 + 256)) {
            batch.add(example.example());
        }
    }

    @Test
    void frozenScoresMatchLearner() throws Exception {
        ModelPair models = trained();
        ModelPair frozen = models.copy();

        double[][] ranker = frozen.scoreRanker(batch);
        double[] prerank = frozen.scorePrerank(batch);
        double[][] learned = models.scoreThenLearn(batch);

        for (int i = 0; i < batch.size(); i++) {
            assertThat(ranker[0][i]).isCloseTo(learned[Head.RANKER_CLICK.ordinal()][i], within(SCORE_TOLERANCE));
            assertThat(ranker[1][i]).isCloseTo(learned[Head.RANKER_PURCHASE.ordinal()][i], within(SCORE_TOLERANCE));
            assertThat(prerank[i]).isCloseTo(learned[Head.PRERANK_CLICK.ordinal()][i], within(SCORE_TOLERANCE));
        }
    }

    @Test
    void scoringChangesNothing() throws Exception {
        ModelPair models = trained();
        float[] parametersBefore = models.rankerParameters();
        int rowsBefore = models.embeddingRows();

        double[][] first = models.scoreRanker(batch);
        models.scorePrerank(batch);
        double[][] second = models.scoreRanker(batch);

        assertThat(models.rankerParameters()).containsExactly(parametersBefore);
        assertThat(models.embeddingRows()).isEqualTo(rowsBefore);
        assertThat(second[0]).containsExactly(first[0]);
    }

    @Test
    void copyIsIndependent() throws Exception {
        ModelPair models = trained();
        ModelPair copy = models.copy();
        double[][] before = models.scoreRanker(batch);

        copy.scoreThenLearn(batch);
        copy.scoreThenLearn(batch);

        assertThat(models.scoreRanker(batch)[0]).containsExactly(before[0]);
        assertThat(copy.scoreRanker(batch)[0]).isNotEqualTo(before[0]);
    }

    @Test
    void learningWritesEmbeddingRows() throws Exception {
        ModelPair models = ModelPair.create(ModelConfig.defaults(), FeatureOptions.DEFAULTS);

        models.scoreThenLearn(batch);

        assertThat(models.embeddingRows()).isPositive();
    }

    private ModelPair trained() throws Exception {
        ModelPair models = ModelPair.create(ModelConfig.defaults(), FeatureOptions.DEFAULTS);
        for (int start = 0; start < warmUp.size(); start += 256) {
            models.scoreThenLearn(warmUp.subList(start, start + 256));
        }
        return models;
    }
}
