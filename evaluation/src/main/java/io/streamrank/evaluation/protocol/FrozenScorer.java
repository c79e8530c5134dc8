package io.streamrank.evaluation.protocol;

import io.streamrank.evaluation.examples.ExampleSet;
import io.streamrank.features.example.TrainingExample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores examples with a model that does not learn, one request at a time as serving would, and
 * times each request per model.
 */
final class FrozenScorer {

    private FrozenScorer() {}

    /**
     * Scores the examples at {@code indices} of {@code set}, grouped by request id, into
     * {@code scores}.
     *
     * @return the number of requests scored
     */
    static int scoreRequests(
            ModelPair model,
            ExampleSet set,
            int[] indices,
            ScoreTable scores,
            ScoringLatency rankerLatency,
            ScoringLatency prerankLatency)
            throws Exception {
        Map<String, List<Integer>> requests = new LinkedHashMap<>();
        for (int index : indices) {
            requests.computeIfAbsent(set.get(index).requestId(), ignored -> new ArrayList<>()).add(index);
        }

        for (List<Integer> request : requests.values()) {
            List<TrainingExample> batch = new ArrayList<>(request.size());
            for (int index : request) {
                batch.add(set.get(index).example());
            }

            long start = System.nanoTime();
            double[][] ranker = model.scoreRanker(batch);
            long afterRanker = System.nanoTime();
            double[] prerank = model.scorePrerank(batch);
            long afterPrerank = System.nanoTime();
            rankerLatency.record((afterRanker - start) / 1_000, batch.size());
            prerankLatency.record((afterPrerank - afterRanker) / 1_000, batch.size());

            for (int i = 0; i < request.size(); i++) {
                int index = request.get(i);
                scores.set(Head.RANKER_CLICK, index, checked(ranker[0][i], Head.RANKER_CLICK, model, batch.get(i)));
                scores.set(Head.RANKER_PURCHASE, index, checked(ranker[1][i], Head.RANKER_PURCHASE, model, batch.get(i)));
                scores.set(Head.PRERANK_CLICK, index, checked(prerank[i], Head.PRERANK_CLICK, model, batch.get(i)));
            }
        }
        return requests.size();
    }

    private static double checked(double score, Head head, ModelPair model, TrainingExample example) {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalStateException("configuration '" + model.config().name() + "': " + head.id() + " scored "
                    + score + " for example " + example.eventId() + "; expected a probability in [0, 1]");
        }
        return score;
    }
}
