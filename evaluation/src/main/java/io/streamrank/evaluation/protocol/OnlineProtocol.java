package io.streamrank.evaluation.protocol;

import io.streamrank.evaluation.ProgressListener;
import io.streamrank.evaluation.examples.ExampleSet;
import io.streamrank.evaluation.examples.LabeledExample;
import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Progressive validation over the whole stream, and the train/test split that comes with it.
 *
 * <p>The online model scores each mini-batch, then learns from it, over every example in learning
 * order, exactly as the job's trainers do; the scores are out-of-sample. Mini-batches never cross
 * the split: the batch that ends with the last example available before the split time is the
 * last one the offline model learns. A copy of the models taken there becomes the offline model,
 * which then scores the test range, the examples at or after the split in event time, one request
 * at a time and without learning.
 */
public final class OnlineProtocol {

    public static final String RUN = "online";

    private OnlineProtocol() {}

    /**
     * The protocol's outputs.
     *
     * @param online the online model's progressive scores, for every example
     * @param offline the offline model's scores, for the test range only
     * @param trainedBeforeSplit the number of examples the offline model learned, the first ones in
     *     learning order
     * @param testIndices the indices of the test range
     * @param learnNanos wall time of the online pass's score-then-learn steps
     * @param rankerLatency the offline ranker's scoring latency per request
     * @param prerankLatency the offline pre-ranker's scoring latency per request
     */
    public record Result(
            ScoreTable online,
            ScoreTable offline,
            int trainedBeforeSplit,
            int[] testIndices,
            long learnNanos,
            ScoringLatency rankerLatency,
            ScoringLatency prerankLatency) {}

    /**
     * Runs the online pass and the split.
     *
     * @param splitTime the start of the test range in event time; the offline model learns the
     *     examples available before it
     * @param phase the name under which progress is reported
     */
    public static Result run(
            ExampleSet set,
            ModelConfig config,
            FeatureOptions features,
            long splitTime,
            LearningListener listener,
            ProgressListener progress,
            String phase)
            throws Exception {
        int size = set.size();
        int splitIndex = set.countAvailableBefore(splitTime);
        ModelPair models = ModelPair.create(config, features);
        ModelPair offline = splitIndex == 0 ? models.copy() : null;
        ScoreTable scores = new ScoreTable(size);

        long learnNanos = 0;
        int start = 0;
        while (start < size) {
            int end = Math.min(start + config.batchSize(), start < splitIndex ? splitIndex : size);
            List<LabeledExample> labeled = set.examples().subList(start, end);
            List<TrainingExample> batch = new ArrayList<>(labeled.size());
            for (LabeledExample example : labeled) {
                batch.add(example.example());
            }

            long begin = System.nanoTime();
            double[][] batchScores = models.scoreThenLearn(batch);
            learnNanos += System.nanoTime() - begin;
            listener.learned(new LearnedBatch(RUN, config.name(), end <= splitIndex ? splitTime : Long.MAX_VALUE, labeled));
            for (Head head : Head.values()) {
                for (int i = 0; i < batch.size(); i++) {
                    scores.set(head, start + i, batchScores[head.ordinal()][i]);
                }
            }

            if (end == splitIndex) {
                offline = models.copy();
            }
            start = end;
            progress.update(phase, start, size);
        }

        int[] testIndices = set.indicesWithEventTimeIn(splitTime, Long.MAX_VALUE);
        ScoreTable offlineScores = new ScoreTable(size);
        ScoringLatency rankerLatency = new ScoringLatency();
        ScoringLatency prerankLatency = new ScoringLatency();
        int requests = FrozenScorer.scoreRequests(offline, set, testIndices, offlineScores, rankerLatency, prerankLatency);
        progress.finish(phase, size + " examples learned online; offline model learned " + splitIndex
                + ", scored " + testIndices.length + " test examples in " + requests + " requests");
        return new Result(scores, offlineScores, splitIndex, testIndices, learnNanos, rankerLatency, prerankLatency);
    }
}
