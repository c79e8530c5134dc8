package io.streamrank.model.ranker;

import static io.streamrank.model.LearningFixtures.denseContents;
import static io.streamrank.model.LearningFixtures.storeContents;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.metrics.ProgressiveMetrics;
import io.streamrank.model.LearningFixtures;
import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.embedding.InMemoryEmbeddingStore;

import org.junit.jupiter.api.Test;

import java.util.List;

class RankerLearnerTest {

    private static final RankerOptions OPTIONS =
            new RankerOptions(EmbeddingOptions.DEFAULTS, new int[] {32, 16}, 1e-2, 7);
    /** Ids need two sightings for a row, so that counting a sighting leaves a trace in the store. */
    private static final RankerOptions ADMISSION_OPTIONS = new RankerOptions(
            EmbeddingOptions.DEFAULTS.withLifecycle(2, 0, 1024), new int[] {16}, 1e-2, 7);
    private static final int BATCH = 128;

    @Test
    void learnsGroupStructureFromEmbeddings() throws Exception {
        InMemoryEmbeddingStore users = new InMemoryEmbeddingStore();
        InMemoryEmbeddingStore items = new InMemoryEmbeddingStore();
        RankerLearner learner = learner(OPTIONS, users, items);
        List<TrainingExample> log = LearningFixtures.clickLog(40, 60, 24_000, 1);

        ProgressiveMetrics click = new ProgressiveMetrics();
        ProgressiveMetrics purchase = new ProgressiveMetrics();
        for (int start = 0; start < log.size(); start += BATCH) {
            List<TrainingExample> batch = log.subList(start, Math.min(log.size(), start + BATCH));
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

    @Test
    void scoreLeavesModelUnchanged() throws Exception {
        InMemoryEmbeddingStore users = new InMemoryEmbeddingStore();
        InMemoryEmbeddingStore items = new InMemoryEmbeddingStore();
        RankerLearner learner = trained(users, items);
        List<TrainingExample> batch = batchWithUnseenIds();
        String denseBefore = denseContents(learner.model().network().state());
        String usersBefore = storeContents(users);
        String itemsBefore = storeContents(items);

        float[][] first = learner.score(batch);
        float[][] second = learner.score(batch);

        assertThat(second).isDeepEqualTo(first);
        assertThat(denseContents(learner.model().network().state())).isEqualTo(denseBefore);
        assertThat(storeContents(users)).isEqualTo(usersBefore);
        assertThat(storeContents(items)).isEqualTo(itemsBefore);
    }

    @Test
    void scoreEqualsScoreThenLearn() throws Exception {
        RankerLearner learner = trained(new InMemoryEmbeddingStore(), new InMemoryEmbeddingStore());
        List<TrainingExample> batch = batchWithUnseenIds();

        float[][] scored = learner.score(batch);
        float[][] learned = learner.scoreThenLearn(batch);
        float[][] scoredAfterLearning = learner.score(batch);

        assertThat(learned).isDeepEqualTo(scored);
        assertThat(scoredAfterLearning).isNotEqualTo(scored);
    }

    @Test
    void replayChangesUpdateNotScores() throws Exception {
        RankerLearner plain = trained(new InMemoryEmbeddingStore(), new InMemoryEmbeddingStore());
        RankerLearner replaying = trained(new InMemoryEmbeddingStore(), new InMemoryEmbeddingStore());
        List<TrainingExample> batch = batchWithUnseenIds();
        List<TrainingExample> replayed = LearningFixtures.clickLog(40, 60, BATCH, 6);

        float[][] plainScores = plain.scoreThenLearn(batch);
        float[][] replayingScores = replaying.scoreThenLearn(batch, replayed, true);

        assertThat(replayingScores).isDeepEqualTo(plainScores);
        assertThat(denseContents(replaying.model().network().state()))
                .isNotEqualTo(denseContents(plain.model().network().state()));
    }

    @Test
    void emptyReplayLearnsAsBefore() throws Exception {
        InMemoryEmbeddingStore plainUsers = new InMemoryEmbeddingStore();
        InMemoryEmbeddingStore replayingUsers = new InMemoryEmbeddingStore();
        RankerLearner plain = trained(plainUsers, new InMemoryEmbeddingStore());
        RankerLearner replaying = trained(replayingUsers, new InMemoryEmbeddingStore());

        plain.scoreThenLearn(batchWithUnseenIds());
        replaying.scoreThenLearn(batchWithUnseenIds(), List.of(), true);

        assertThat(denseContents(replaying.model().network().state()))
                .isEqualTo(denseContents(plain.model().network().state()));
        assertThat(storeContents(replayingUsers)).isEqualTo(storeContents(plainUsers));
    }

    @Test
    void replayedIdsCountNoSighting() throws Exception {
        InMemoryEmbeddingStore users = new InMemoryEmbeddingStore();
        InMemoryEmbeddingStore items = new InMemoryEmbeddingStore();
        RankerLearner learner = trained(users, items);
        int sightingsBefore = users.sightingCount();
        int rowsBefore = users.size();
        // Users 1000 and up occur in no batch, only among the replayed examples.
        List<TrainingExample> replayed = LearningFixtures.clickLog(40, 60, BATCH, 7).stream()
                .map(example -> withUser(example, 1_000 + example.userId()))
                .toList();

        learner.scoreThenLearn(LearningFixtures.clickLog(40, 60, BATCH, 8), replayed, true);

        assertThat(users.sightingCount()).isEqualTo(sightingsBefore);
        assertThat(users.size()).isEqualTo(rowsBefore);
        assertThat(users.sightings(1_000)).isNull();
        assertThat(users.get(1_000)).isNull();
    }

    @Test
    void denseOnlyReplayLeavesRows() throws Exception {
        InMemoryEmbeddingStore denseOnlyUsers = new InMemoryEmbeddingStore();
        InMemoryEmbeddingStore fullUsers = new InMemoryEmbeddingStore();
        RankerLearner denseOnly = trained(denseOnlyUsers, new InMemoryEmbeddingStore());
        RankerLearner full = trained(fullUsers, new InMemoryEmbeddingStore());
        List<TrainingExample> log = LearningFixtures.clickLog(40, 60, 4 * BATCH, 6);
        List<TrainingExample> batch = LearningFixtures.half(log, 40, 60, true);
        List<TrainingExample> replayed = LearningFixtures.half(log, 40, 60, false);
        long replayedUser = replayed.get(0).userId();
        float[] rowBefore = denseOnlyUsers.get(replayedUser).clone();

        denseOnly.scoreThenLearn(batch, replayed, false);
        full.scoreThenLearn(batch, replayed, true);

        assertThat(denseOnlyUsers.get(replayedUser)).containsExactly(rowBefore);
        assertThat(fullUsers.get(replayedUser)).isNotEqualTo(rowBefore);
    }

    private static TrainingExample withUser(TrainingExample example, long user) {
        return new TrainingExample(example.eventId(), user, example.itemId(), example.eventTime(), -1, false,
                UserFeatures.empty(user), example.item(), example.click(), example.purchase());
    }

    /** Returns a learner with lifecycle options that has learned 2,048 examples of 40 users and 60 items. */
    private static RankerLearner trained(InMemoryEmbeddingStore users, InMemoryEmbeddingStore items)
            throws Exception {
        RankerLearner learner = learner(ADMISSION_OPTIONS, users, items);
        List<TrainingExample> log = LearningFixtures.clickLog(40, 60, 2_048, 4);
        for (int start = 0; start < log.size(); start += BATCH) {
            learner.scoreThenLearn(log.subList(start, start + BATCH));
        }
        return learner;
    }

    /** Returns a batch of 80 users and 120 items, so that about half of its ids have no row. */
    private static List<TrainingExample> batchWithUnseenIds() {
        return LearningFixtures.clickLog(80, 120, BATCH, 5);
    }

    private static RankerLearner learner(
            RankerOptions options, InMemoryEmbeddingStore users, InMemoryEmbeddingStore items) {
        return new RankerLearner(
                RankerModel.create(options),
                new EmbeddingTable(users, options.embedding()),
                new EmbeddingTable(items, options.embedding()),
                FeatureOptions.DEFAULTS);
    }
}
