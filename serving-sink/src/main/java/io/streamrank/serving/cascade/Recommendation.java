package io.streamrank.serving.cascade;

import java.util.List;
import java.util.Map;

/**
 * The result of one recommendation request.
 *
 * @param userId the user
 * @param k the number of items requested
 * @param personalized true when the user's stored features and embeddings took part: false for a
 *     user without stored features and when no model is loaded
 * @param modelVersions versions of the models used, by name; empty when none is loaded
 * @param fallback why a stage was skipped, or null when both models ran
 * @param candidates sizes of the stages
 * @param items at most k distinct items, best first
 * @param latencyMillis time spent in the cascade
 */
public record Recommendation(
        long userId,
        int k,
        boolean personalized,
        Map<String, Long> modelVersions,
        String fallback,
        CandidateCounts candidates,
        List<ScoredItem> items,
        double latencyMillis) {}
