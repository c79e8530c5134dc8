package io.streamrank.model.prerank;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.metrics.ProgressiveMetrics;
import io.streamrank.model.LearningFixtures;
import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.embedding.InMemoryEmbeddingStore;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

class TwoTowerLearnerTest {

    private static final PrerankOptions OPTIONS =
            new PrerankOptions(EmbeddingOptions.DEFAULTS, 32, 16, 1e-2, 0.0, 11);

    @Test
    void learnsGroupStructureFromEmbeddings() throws Exception {
        TwoTowerLearner learner = learner();
        List<TrainingExample> log = LearningFixtures.clickLog(40, 60, 24_000, 2);

        ProgressiveMetrics click = new ProgressiveMetrics();
        for (int start = 0; start < log.size(); start += 128) {
            List<TrainingExample> batch = log.subList(start, Math.min(log.size(), start + 128));
            double[] scores = learner.scoreThenLearn(batch, null);
            if (start >= log.size() / 2) {
                for (int i = 0; i < batch.size(); i++) {
                    click.add(scores[i], batch.get(i).click());
                }
            }
        }

        // The best possible click AUC on this log is about 0.83 (see LearningFixtures).
        assertThat(click.auc().orElseThrow()).isGreaterThan(0.8);
    }

    @Test
    void distillationPullsTowardsTeacher() throws Exception {
        List<TrainingExample> log = LearningFixtures.clickLog(10, 10, 4_000, 3);
        TwoTowerLearner student = new TwoTowerLearner(
                TwoTowerModel.create(OPTIONS),
                new EmbeddingTable(new InMemoryEmbeddingStore(), OPTIONS.embedding()),
                new EmbeddingTable(new InMemoryEmbeddingStore(), OPTIONS.embedding()),
                FeatureOptions.DEFAULTS,
                1.0);
        double[] teacher = new double[128];
        Arrays.fill(teacher, 0.9);

        double[] last = null;
        for (int start = 0; start + 128 <= log.size(); start += 128) {
            last = student.scoreThenLearn(log.subList(start, start + 128), teacher);
        }

        // With the target all teacher, every prediction moves towards 0.9 whatever the labels say.
        assertThat(Arrays.stream(last).average().orElseThrow()).isGreaterThan(0.8);
    }

    private static TwoTowerLearner learner() {
        return new TwoTowerLearner(
                TwoTowerModel.create(OPTIONS),
                new EmbeddingTable(new InMemoryEmbeddingStore(), OPTIONS.embedding()),
                new EmbeddingTable(new InMemoryEmbeddingStore(), OPTIONS.embedding()),
                FeatureOptions.DEFAULTS,
                OPTIONS.distillationWeight());
    }
}
