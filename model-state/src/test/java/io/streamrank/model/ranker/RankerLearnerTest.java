package io.streamrank.model.ranker;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.metrics.ProgressiveMetrics;
import io.streamrank.model.LearningFixtures;
import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.embedding.InMemoryEmbeddingStore;

import org.junit.jupiter.api.Test;

import java.util.List;

class RankerLearnerTest {

    @Test
    void learnsGroupStructureFromEmbeddings() throws Exception {
        RankerOptions options = new RankerOptions(EmbeddingOptions.DEFAULTS, new int[] {32, 16}, 1e-2, 7);
        InMemoryEmbeddingStore users = new InMemoryEmbeddingStore();
        InMemoryEmbeddingStore items = new InMemoryEmbeddingStore();
        RankerLearner learner = new RankerLearner(
                RankerModel.create(options),
                new EmbeddingTable(users, options.embedding()),
                new EmbeddingTable(items, options.embedding()),
                FeatureOptions.DEFAULTS);
        List<TrainingExample> log = LearningFixtures.clickLog(40, 60, 24_000, 1);

        ProgressiveMetrics click = new ProgressiveMetrics();
        ProgressiveMetrics purchase = new ProgressiveMetrics();
        for (int start = 0; start < log.size(); start += 128) {
            List<TrainingExample> batch = log.subList(start, Math.min(log.size(), start + 128));
            float[][] scores = learner.scoreThenLearn(batch);
            if (start >= log.size() / 2) {
                for (int i = 0; i < batch.size(); i++) {
                    click.add(scores[i][RankerModel.CLICK], batch.get(i).click());
                    purchase.add(scores[i][RankerModel.PURCHASE], batch.get(i).purchase());
                }
            }
        }

        // The best possible click AUC on this log is about 0.83 (see LearningFixtures).
        assertThat(click.auc().orElseThrow()).isGreaterThan(0.8);
        assertThat(purchase.auc().orElseThrow()).isGreaterThan(0.85);
        assertThat(users.size()).isEqualTo(40);
        assertThat(items.size()).isEqualTo(60);
    }
}
