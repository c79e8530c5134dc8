package io.streamrank.serving.cascade;

import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.model.ranker.RankerModel;
import io.streamrank.serving.features.FeatureReading;
import io.streamrank.serving.features.OnlineFeatureStore;
import io.streamrank.serving.features.PopularItem;
import io.streamrank.serving.model.ModelSet;
import io.streamrank.serving.model.ServingPrerank;
import io.streamrank.serving.model.ServingRanker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The recommendation cascade: candidate generation, pre-ranking, ranking.
 *
 * <ol>
 *   <li>Candidates are the union of the most popular items and, for a user with stored
 *       features, the items whose pre-ranker embedding rows have the largest inner product with
 *       the user's row. Items the user has engaged with are excluded from both.
 *   <li>The two-tower pre-ranker scores every candidate in one batch through the item tower and
 *       keeps the best {@link CascadeOptions#prerankSize()}.
 *   <li>The ranker predicts click and purchase probabilities for those, and the items are
 *       ordered by {@code p_click + w * p_purchase}, ties by the lower item id.
 * </ol>
 *
 * <p>A user without stored features gets the popular candidates only, scored with empty user
 * features and the trainer's starting embedding row for the id. The response is marked as not
 * personalized. A stage whose model is not loaded yet is skipped, and the response names the
 * fallback. Without a pre-ranker the most popular candidates go to the ranker. Without a ranker
 * the pre-ranker score orders the items, and without either the decayed click count does.
 *
 * <p>Features are turned into model inputs at the current event time: the latest as-of time in
 * the feature store, or the user's own as-of time when later. Training uses the event time of
 * each example, so scoring at event time keeps replays of old data and live traffic consistent
 * with training. Only before the first feature update does the wall clock stand in.
 *
 * <p>Thread-safe: each call reads the {@link ModelSet} once and uses it to the end.
 */
public final class Recommender {

    private static final Comparator<Candidate> BY_PRERANK_SCORE =
            Comparator.comparingDouble((Candidate c) -> c.prerankScore).reversed().thenComparingLong(c -> c.itemId);
    private static final Comparator<Candidate> BY_SCORE =
            Comparator.comparingDouble((Candidate c) -> c.score).reversed().thenComparingLong(c -> c.itemId);

    private final OnlineFeatureStore store;
    private final Supplier<ModelSet> models;
    private final CascadeOptions options;
    private final Clock clock;

    public Recommender(OnlineFeatureStore store, Supplier<ModelSet> models, CascadeOptions options, Clock clock) {
        this.store = store;
        this.models = models;
        this.options = options;
        this.clock = clock;
    }

    public CascadeOptions options() {
        return options;
    }

    /**
     * Returns up to {@code k} distinct items for {@code userId}, best first. Fewer come back only
     * when fewer items are known.
     *
     * @throws IllegalArgumentException when userId is negative or k is not from 1 to {@link CascadeOptions#MAX_K}
     */
    public Recommendation recommend(long userId, int k) {
        if (userId < 0) {
            throw new IllegalArgumentException("userId is " + userId + "; expected a non-negative integer");
        }
        if (k < 1 || k > CascadeOptions.MAX_K) {
            throw new IllegalArgumentException("k is " + k + "; expected a value from 1 to " + CascadeOptions.MAX_K);
        }
        long started = System.nanoTime();
        ModelSet loaded = models.get();

        Optional<FeatureReading<UserFeatures>> reading = store.user(userId);
        boolean knownUser = reading.isPresent();
        UserFeatures user = knownUser ? reading.get().value() : UserFeatures.empty(userId);
        Set<Long> engaged = knownUser ? store.engagedItems(userId) : Set.of();
        long time = scoringTime(user);

        List<PopularItem> popular = store.popular(options.candidates(), engaged::contains, time);
        List<Long> nearest = knownUser && loaded.prerank() != null
                ? loaded.prerank().nearestItems(userId, options.candidates(), engaged::contains)
                : List.of();
        List<Candidate> candidates = union(popular, nearest);

        int keep = Math.max(options.prerankSize(), k);
        List<Candidate> preranked = prerank(loaded.prerank(), userId, user, candidates, keep, time);
        int ranked = rank(loaded, userId, user, preranked, time);

        preranked.sort(BY_SCORE);
        List<ScoredItem> items = new ArrayList<>(Math.min(k, preranked.size()));
        for (Candidate candidate : preranked.subList(0, Math.min(k, preranked.size()))) {
            items.add(candidate.toScoredItem());
        }

        CandidateCounts counts = new CandidateCounts(
                popular.size(), nearest.size(), candidates.size(), engaged.size(), preranked.size(), ranked);
        boolean personalized = knownUser && (loaded.prerank() != null || loaded.ranker() != null);
        return new Recommendation(
                userId, k, personalized, loaded.versions(), fallbackOf(loaded), counts, items,
                (System.nanoTime() - started) / 1e6);
    }

    private long scoringTime(UserFeatures user) {
        long time = Math.max(store.latestEventTime(), user.asOf());
        return time >= 0 ? time : clock.millis();
    }

    /** Merges both sources into distinct candidates, popular ones first, with their features. */
    private List<Candidate> union(List<PopularItem> popular, List<Long> nearest) {
        Map<Long, Candidate> byId = new LinkedHashMap<>();
        for (PopularItem item : popular) {
            byId.putIfAbsent(item.itemId(), new Candidate(item.itemId(), item.decayedClicks()));
        }
        for (long itemId : nearest) {
            byId.putIfAbsent(itemId, new Candidate(itemId, 0.0));
        }

        Map<Long, ItemFeatures> features = store.items(byId.keySet());
        for (Candidate candidate : byId.values()) {
            candidate.features = features.getOrDefault(candidate.itemId, ItemFeatures.empty(candidate.itemId));
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * Scores the candidates with the pre-ranker and returns the best {@code keep}, or without a
     * pre-ranker the first {@code keep} in popularity order.
     */
    private static List<Candidate> prerank(
            ServingPrerank prerank, long userId, UserFeatures user, List<Candidate> candidates, int keep, long time) {
        if (prerank == null) {
            return new ArrayList<>(candidates.subList(0, Math.min(keep, candidates.size())));
        }
        float[] userVector = prerank.userVector(userId, user, time);
        double[] scores = prerank.scores(userVector, featuresOf(candidates), time);
        for (int i = 0; i < scores.length; i++) {
            candidates.get(i).prerankScore = scores[i];
        }
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(BY_PRERANK_SCORE);
        return new ArrayList<>(sorted.subList(0, Math.min(keep, sorted.size())));
    }

    /** Sets each candidate's final score and returns how many the ranker scored. */
    private int rank(ModelSet loaded, long userId, UserFeatures user, List<Candidate> candidates, long time) {
        ServingRanker ranker = loaded.ranker();
        if (ranker == null) {
            for (Candidate candidate : candidates) {
                candidate.score = loaded.prerank() != null ? candidate.prerankScore : candidate.decayedClicks;
            }
            return 0;
        }
        float[][] probabilities = ranker.predict(userId, user, featuresOf(candidates), time);
        for (int i = 0; i < probabilities.length; i++) {
            Candidate candidate = candidates.get(i);
            candidate.clickScore = (double) probabilities[i][RankerModel.CLICK];
            candidate.purchaseScore = (double) probabilities[i][RankerModel.PURCHASE];
            candidate.score = candidate.clickScore + options.purchaseWeight() * candidate.purchaseScore;
        }
        return probabilities.length;
    }

    private static List<ItemFeatures> featuresOf(List<Candidate> candidates) {
        List<ItemFeatures> features = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            features.add(candidate.features);
        }
        return features;
    }

    private static String fallbackOf(ModelSet loaded) {
        if (loaded.prerank() == null && loaded.ranker() == null) {
            return "no model snapshot is loaded, so items are ordered by decayed clicks";
        }
        if (loaded.prerank() == null) {
            return "the prerank model is not loaded, so the most popular candidates go to the ranker";
        }
        if (loaded.ranker() == null) {
            return "the ranker model is not loaded, so items are ordered by the pre-ranker score";
        }
        return null;
    }

    /** A candidate item and the scores it collects on its way through the stages. */
    private static final class Candidate {

        final long itemId;
        final double decayedClicks;
        ItemFeatures features;
        Double prerankScore;
        Double clickScore;
        Double purchaseScore;
        double score;

        Candidate(long itemId, double decayedClicks) {
            this.itemId = itemId;
            this.decayedClicks = decayedClicks;
        }

        ScoredItem toScoredItem() {
            return new ScoredItem(itemId, prerankScore, clickScore, purchaseScore, score);
        }
    }
}
