package io.streamrank.serving.cascade;

import static io.streamrank.serving.ServingFixture.ENGAGED;
import static io.streamrank.serving.ServingFixture.ITEM_COUNT;
import static io.streamrank.serving.ServingFixture.KNOWN_USER;
import static io.streamrank.serving.ServingFixture.NEAREST_ONLY_ITEM;
import static io.streamrank.serving.TestSnapshots.DIMENSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.model.input.FeatureVectors;
import io.streamrank.model.nn.DenseNetwork;
import io.streamrank.model.prerank.TwoTowerModel;
import io.streamrank.model.ranker.RankerModel;
import io.streamrank.serving.ServingFixture;
import io.streamrank.serving.TestFeatures;
import io.streamrank.serving.model.ServingPrerank;
import io.streamrank.serving.model.ServingRanker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

class RecommenderTest {

    /** Tolerance between the cascade's scores and a direct evaluation of the same networks. */
    private static final double SCORE_TOLERANCE = 1e-6;

    @TempDir
    Path directory;

    @Test
    void returnsDistinctUnengagedItems() throws Exception {
        try (ServingFixture fixture = ServingFixture.withModels(directory, CascadeOptions.DEFAULTS)) {
            Recommendation result = fixture.recommender.recommend(KNOWN_USER, 10);

            assertThat(result.items()).hasSize(10);
            List<Long> ids = itemIds(result);
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(ids).doesNotContainAnyElementsOf(Arrays.stream(ENGAGED).boxed().toList());
            assertThat(result.personalized()).isTrue();
            assertThat(result.fallback()).isNull();
            assertThat(result.modelVersions()).containsExactly(Map.entry("prerank", 1L), Map.entry("ranker", 2L));
            assertThat(result.items()).isSortedAccordingTo(Comparator.comparingDouble(ScoredItem::score).reversed());
            for (ScoredItem item : result.items()) {
                assertThat(item.score()).isCloseTo(item.clickScore() + item.purchaseScore(), within(1e-9));
                assertThat(item.prerankScore()).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void candidateCountsAddUp() throws Exception {
        try (ServingFixture fixture = ServingFixture.withModels(directory, CascadeOptions.DEFAULTS)) {
            CandidateCounts counts = fixture.recommender.recommend(KNOWN_USER, 5).candidates();

            assertThat(counts.popular()).isEqualTo(ITEM_COUNT - ENGAGED.length);
            assertThat(counts.nearest()).isEqualTo(ITEM_COUNT + 1 - ENGAGED.length);
            assertThat(counts.union()).isEqualTo(ITEM_COUNT + 1 - ENGAGED.length);
            assertThat(counts.excluded()).isEqualTo(ENGAGED.length);
            assertThat(counts.preranked()).isEqualTo(counts.union());
            assertThat(counts.ranked()).isEqualTo(counts.preranked());
        }
    }

    @Test
    void nearestItemJoinsCandidates() throws Exception {
        CascadeOptions options = new CascadeOptions(3, 200, 1.0);
        try (ServingFixture fixture = ServingFixture.withModels(directory, options)) {
            Recommendation result = fixture.recommender.recommend(KNOWN_USER, 6);

            assertThat(result.candidates().popular()).isEqualTo(3);
            assertThat(result.candidates().nearest()).isEqualTo(3);
            assertThat(itemIds(result)).contains(NEAREST_ONLY_ITEM, 48L, 47L, 46L);
        }
    }

    @Test
    void prerankSizeLimitsRanker() throws Exception {
        CascadeOptions options = new CascadeOptions(500, 12, 1.0);
        try (ServingFixture fixture = ServingFixture.withModels(directory, options)) {
            Recommendation small = fixture.recommender.recommend(KNOWN_USER, 5);
            Recommendation large = fixture.recommender.recommend(KNOWN_USER, 20);

            assertThat(small.candidates().preranked()).isEqualTo(12);
            assertThat(small.candidates().ranked()).isEqualTo(12);
            assertThat(large.candidates().preranked()).isEqualTo(20);
            assertThat(large.items()).hasSize(20);
        }
    }

    @Test
    void scoresMatchDirectEvaluation() throws Exception {
        try (ServingFixture fixture = ServingFixture.withModels(directory, CascadeOptions.DEFAULTS)) {
            Recommendation result = fixture.recommender.recommend(KNOWN_USER, 10);
            ServingRanker ranker = fixture.loader.current().ranker();
            ServingPrerank prerank = fixture.loader.current().prerank();
            RankerModel rankerModel = new RankerModel(
                    DenseNetwork.fromBytes(ranker.contents().networks().get("ranker")), DIMENSION);
            TwoTowerModel twoTower = new TwoTowerModel(
                    DenseNetwork.fromBytes(prerank.contents().networks().get("user_tower")),
                    DenseNetwork.fromBytes(prerank.contents().networks().get("item_tower")), DIMENSION);
            UserFeatures user = fixture.knownUser();
            long time = fixture.store.latestEventTime();

            float[] userInput = twoTower.userInputWithoutEmbedding(user, time, FeatureOptions.DEFAULTS);
            System.arraycopy(prerank.users().weights(KNOWN_USER), 0, userInput, 0, DIMENSION);
            float[] userVector = twoTower.userVectors(new float[][] {userInput})[0];
            for (ScoredItem scored : result.items()) {
                ItemFeatures item = fixture.store.item(scored.itemId())
                        .map(reading -> reading.value())
                        .orElse(ItemFeatures.empty(scored.itemId()));
                float[] input = rankerModel.inputWithoutEmbeddings(
                        user, item, time, FeatureVectors.SERVING_POSITION, FeatureOptions.DEFAULTS);
                float[] userWeights = ranker.users().weights(KNOWN_USER);
                float[] itemWeights = ranker.items().weights(scored.itemId());
                System.arraycopy(userWeights, 0, input, 0, DIMENSION);
                System.arraycopy(itemWeights, 0, input, DIMENSION, DIMENSION);
                for (int d = 0; d < DIMENSION; d++) {
                    input[2 * DIMENSION + d] = userWeights[d] * itemWeights[d];
                }
                float[] expected = rankerModel.predict(new float[][] {input})[0];
                float[] itemInput = twoTower.itemInputWithoutEmbedding(item, time, FeatureOptions.DEFAULTS);
                System.arraycopy(prerank.items().weights(scored.itemId()), 0, itemInput, 0, DIMENSION);
                float[] itemVector = twoTower.itemVectors(new float[][] {itemInput})[0];

                assertThat(scored.clickScore()).as("click of item %d", scored.itemId())
                        .isCloseTo(expected[RankerModel.CLICK], within(SCORE_TOLERANCE));
                assertThat(scored.purchaseScore()).as("purchase of item %d", scored.itemId())
                        .isCloseTo(expected[RankerModel.PURCHASE], within(SCORE_TOLERANCE));
                assertThat(scored.prerankScore()).as("prerank of item %d", scored.itemId())
                        .isCloseTo(TwoTowerModel.probability(userVector, itemVector), within(SCORE_TOLERANCE));
            }
        }
    }

    @Test
    void purchaseWeightBlendsScores() throws Exception {
        try (ServingFixture fixture = ServingFixture.withModels(directory, new CascadeOptions(500, 200, 3.0))) {
            Recommendation result = fixture.recommender.recommend(KNOWN_USER, 30);

            for (ScoredItem item : result.items()) {
                assertThat(item.score()).isCloseTo(item.clickScore() + 3.0 * item.purchaseScore(), within(1e-9));
            }
            assertThat(result.items()).isSortedAccordingTo(Comparator.comparingDouble(ScoredItem::score).reversed());
        }
    }

    @Test
    void unknownUserNotPersonalized() throws Exception {
        try (ServingFixture fixture = ServingFixture.withModels(directory, CascadeOptions.DEFAULTS)) {
            Recommendation result = fixture.recommender.recommend(424242, 10);

            assertThat(result.personalized()).isFalse();
            assertThat(result.fallback()).isNull();
            assertThat(result.items()).hasSize(10);
            assertThat(itemIds(result)).doesNotHaveDuplicates().doesNotContain(NEAREST_ONLY_ITEM);
            assertThat(result.candidates().nearest()).isZero();
            assertThat(result.candidates().popular()).isEqualTo(ITEM_COUNT);
            assertThat(result.items().get(0).clickScore()).isNotNull();
        }
    }

    @Test
    void noSnapshotFallsBackToPopularity() throws Exception {
        try (ServingFixture fixture = ServingFixture.withFeatures(directory, CascadeOptions.DEFAULTS)) {
            Recommendation result = fixture.recommender.recommend(KNOWN_USER, 4);

            assertThat(result.personalized()).isFalse();
            assertThat(result.modelVersions()).isEmpty();
            assertThat(result.fallback()).contains("no model snapshot is loaded");
            assertThat(itemIds(result)).containsExactly(48L, 47L, 46L, 45L);
            // Scored at the user's as-of time, three seconds after the items' clicks.
            long elapsed = fixture.knownUser().asOf() - TestFeatures.START;
            double decay = Math.exp(-elapsed / FeatureOptions.DEFAULTS.decayTimeConstantMillis());
            assertThat(elapsed).isEqualTo(3000);
            assertThat(result.items().get(0).score()).isCloseTo(48.0 * decay, within(1e-9));
            assertThat(result.items().get(0).prerankScore()).isNull();
            assertThat(result.items().get(0).clickScore()).isNull();
        }
    }

    @Test
    void missingRankerUsesPrerankScore() throws Exception {
        try (ServingFixture fixture = ServingFixture.withFeatures(directory, CascadeOptions.DEFAULTS)) {
            fixture.loadPrerank();

            Recommendation result = fixture.recommender.recommend(KNOWN_USER, 10);

            assertThat(result.personalized()).isTrue();
            assertThat(result.fallback()).contains("ranker model is not loaded");
            assertThat(result.modelVersions()).containsOnlyKeys("prerank");
            assertThat(result.candidates().ranked()).isZero();
            for (ScoredItem item : result.items()) {
                assertThat(item.clickScore()).isNull();
                assertThat(item.score()).isEqualTo(item.prerankScore());
            }
        }
    }

    @Test
    void missingPrerankRanksPopular() throws Exception {
        CascadeOptions options = new CascadeOptions(500, 5, 1.0);
        try (ServingFixture fixture = ServingFixture.withFeatures(directory, options)) {
            fixture.loadRanker();

            Recommendation result = fixture.recommender.recommend(KNOWN_USER, 5);

            assertThat(result.fallback()).contains("prerank model is not loaded");
            assertThat(result.modelVersions()).containsOnlyKeys("ranker");
            assertThat(itemIds(result)).containsExactlyInAnyOrder(48L, 47L, 46L, 45L, 44L);
            assertThat(result.items().get(0).prerankScore()).isNull();
            assertThat(result.items().get(0).clickScore()).isNotNull();
        }
    }

    @Test
    void largeKReturnsAllKnownItems() throws Exception {
        try (ServingFixture fixture = ServingFixture.withModels(directory, CascadeOptions.DEFAULTS)) {
            Recommendation result = fixture.recommender.recommend(KNOWN_USER, CascadeOptions.MAX_K);

            assertThat(result.items()).hasSize(ITEM_COUNT + 1 - ENGAGED.length);
            assertThat(itemIds(result)).doesNotHaveDuplicates();
        }
    }

    @Test
    void invalidArgumentsRejected() throws Exception {
        try (ServingFixture fixture = ServingFixture.withFeatures(directory, CascadeOptions.DEFAULTS)) {
            assertThatThrownBy(() -> fixture.recommender.recommend(-1, 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userId is -1");
            assertThatThrownBy(() -> fixture.recommender.recommend(1, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k is 0");
            assertThatThrownBy(() -> fixture.recommender.recommend(1, CascadeOptions.MAX_K + 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a value from 1 to 200");
        }
    }

    @Test
    void optionsValidated() {
        assertThatThrownBy(() -> new CascadeOptions(0, 10, 1.0)).hasMessageContaining("candidates is 0");
        assertThatThrownBy(() -> new CascadeOptions(10, 0, 1.0)).hasMessageContaining("prerankSize is 0");
        assertThatThrownBy(() -> new CascadeOptions(10, 10, -1.0)).hasMessageContaining("purchaseWeight is -1.0");
        assertThatThrownBy(() -> new CascadeOptions(10, 10, Double.NaN)).hasMessageContaining("purchaseWeight is NaN");
    }

    private static List<Long> itemIds(Recommendation result) {
        return result.items().stream().map(ScoredItem::itemId).toList();
    }
}
