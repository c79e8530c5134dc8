package io.streamrank.model.prerank;

import static io.streamrank.model.LearningFixtures.denseContents;
import static io.streamrank.model.LearningFixtures.storeContents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
    /** Ids need two sightings for a row, so that counting a sighting leaves a trace in the store. */
    private static final PrerankOptions ADMISSION_OPTIONS =
            new PrerankOptions(EmbeddingOptions.DEFAULTS.withLifecycle(2, 0, 1024), 16, 8, 1e-2, 0.5, 11);
    /** float32 towers: the same input through DL4J's inference pass and its training pass. */
    private static final double SCORE_TOLERANCE = 1e-6;
    private static final int BATCH = 128;

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

    @Test
    void scoreLeavesModelUnchanged() throws Exception {
        InMemoryEmbeddingStore users = new InMemoryEmbeddingStore();
        InMemoryEmbeddingStore items = new InMemoryEmbeddingStore();
        TwoTowerLearner learner = trained(users, items);
        List<TrainingExample> batch = batchWithUnseenIds();
        String userTowerBefore = denseContents(learner.model().userTower().state());
        String itemTowerBefore = denseContents(learner.model().itemTower().state());
        String usersBefore = storeContents(users);
        String itemsBefore = storeContents(items);

        double[] first = learner.score(batch);
        double[] second = learner.score(batch);

        assertThat(second).containsExactly(first);
        assertThat(denseContents(learner.model().userTower().state())).isEqualTo(userTowerBefore);
        assertThat(denseContents(learner.model().itemTower().state())).isEqualTo(itemTowerBefore);
        assertThat(storeContents(users)).isEqualTo(usersBefore);
        assertThat(storeContents(items)).isEqualTo(itemsBefore);
    }

    @Test
    void scoreEqualsScoreThenLearn() throws Exception {
        TwoTowerLearner learner = trained(new InMemoryEmbeddingStore(), new InMemoryEmbeddingStore());
        List<TrainingExample> batch = batchWithUnseenIds();
        double[] teacher = new double[batch.size()];
        Arrays.fill(teacher, 0.3);

        double[] scored = learner.score(batch);
        double[] learned = learner.scoreThenLearn(batch, teacher);
        double[] scoredAfterLearning = learner.score(batch);

        assertThat(learned).containsExactly(scored, within(SCORE_TOLERANCE));
        assertThat(scoredAfterLearning).isNotEqualTo(scored);
    }

    @Test
    void replayChangesUpdateNotScores() throws Exception {
        TwoTowerLearner plain = trained(new InMemoryEmbeddingStore(), new InMemoryEmbeddingStore());
        TwoTowerLearner replaying = trained(new InMemoryEmbeddingStore(), new InMemoryEmbeddingStore());
        List<TrainingExample> batch = batchWithUnseenIds();
        double[] teacher = new double[batch.size()];
        Arrays.fill(teacher, 0.3);
        List<TrainingExample> replayed = LearningFixtures.clickLog(40, 60, BATCH, 6);
        double[] replayedTeacher = new double[replayed.size()];
        Arrays.fill(replayedTeacher, 0.6);

        double[] plainScores = plain.scoreThenLearn(batch, teacher);
        double[] replayingScores = replaying.scoreThenLearn(batch, teacher, replayed, replayedTeacher, true);
        double[] emptyReplayScores = trained(new InMemoryEmbeddingStore(), new InMemoryEmbeddingStore())
                .scoreThenLearn(batch, teacher, List.of(), new double[0], true);

        assertThat(replayingScores).containsExactly(plainScores, within(SCORE_TOLERANCE));
        assertThat(emptyReplayScores).containsExactly(plainScores, within(SCORE_TOLERANCE));
        assertThat(replaying.score(batch)).isNotEqualTo(plain.score(batch));
    }

    @Test
    void replayNeedsTeacherPerExample() throws Exception {
        TwoTowerLearner learner = learner();
        List<TrainingExample> batch = batchWithUnseenIds();
        double[] teacher = new double[batch.size()];

        assertThatThrownBy(() -> learner.scoreThenLearn(batch, teacher, batch, new double[3], true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 3 teacher probabilities for " + BATCH + " replayed examples");
    }

    @Test
    void denseOnlyReplayLeavesRows() throws Exception {
        InMemoryEmbeddingStore denseOnlyItems = new InMemoryEmbeddingStore();
        InMemoryEmbeddingStore fullItems = new InMemoryEmbeddingStore();
        TwoTowerLearner denseOnly = trained(new InMemoryEmbeddingStore(), denseOnlyItems);
        TwoTowerLearner full = trained(new InMemoryEmbeddingStore(), fullItems);
        List<TrainingExample> log = LearningFixtures.clickLog(40, 60, 4 * BATCH, 6);
        List<TrainingExample> batch = LearningFixtures.half(log, 40, 60, true);
        List<TrainingExample> replayed = LearningFixtures.half(log, 40, 60, false);
        long replayedItem = replayed.get(0).itemId();
        float[] rowBefore = denseOnlyItems.get(replayedItem).clone();

        denseOnly.scoreThenLearn(batch, null, replayed, new double[0], false);
        full.scoreThenLearn(batch, null, replayed, new double[0], true);

        assertThat(denseOnlyItems.get(replayedItem)).containsExactly(rowBefore);
        assertThat(fullItems.get(replayedItem)).isNotEqualTo(rowBefore);
    }

    /** Returns a learner with lifecycle options that has learned 2,048 examples of 40 users and 60 items. */
    private static TwoTowerLearner trained(InMemoryEmbeddingStore users, InMemoryEmbeddingStore items)
            throws Exception {
        TwoTowerLearner learner = new TwoTowerLearner(
                TwoTowerModel.create(ADMISSION_OPTIONS),
                new EmbeddingTable(users, ADMISSION_OPTIONS.embedding()),
                new EmbeddingTable(items, ADMISSION_OPTIONS.embedding()),
                FeatureOptions.DEFAULTS,
                ADMISSION_OPTIONS.distillationWeight());
        List<TrainingExample> log = LearningFixtures.clickLog(40, 60, 2_048, 4);
        for (int start = 0; start < log.size(); start += BATCH) {
            learner.scoreThenLearn(log.subList(start, start + BATCH), null);
        }
        return learner;
    }

    /** Returns a batch of 80 users and 120 items, so that about half of its ids have no row. */
    private static List<TrainingExample> batchWithUnseenIds() {
        return LearningFixtures.clickLog(80, 120, BATCH, 5);
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
