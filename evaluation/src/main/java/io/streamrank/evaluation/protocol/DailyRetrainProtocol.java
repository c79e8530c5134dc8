package io.streamrank.evaluation.protocol;

import io.streamrank.evaluation.ProgressListener;
import io.streamrank.evaluation.examples.ExampleSet;
import io.streamrank.evaluation.examples.LabeledExample;
import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The daily batch retrain. At the start of each evaluated period, fresh models learn every example
 * available before that start with the job's learners, for a number of epochs in shuffled
 * mini-batches. They then score the period's examples, one request at a time and without learning.
 * The retrain learns without experience replay ({@link ModelConfig#batchTraining()}), so
 * configurations that differ only in replay settings get the same retrained models.
 *
 * <p>Because each period's models learn everything before it, the cost grows with the number of
 * evaluated periods times the size of the history; {@link #lastPeriods} bounds it to the last N
 * periods with examples.
 */
public final class DailyRetrainProtocol {

    private DailyRetrainProtocol() {}

    /**
     * One evaluated period.
     *
     * @param period the period
     * @param trainedExamples the number of examples its models learned (each once per epoch)
     * @param indices the indices of the examples it scored, those with event time in the period
     * @param trainNanos wall time of the training
     */
    public record Day(Period period, int trainedExamples, int[] indices, long trainNanos) {}

    /**
     * The protocol's outputs.
     *
     * @param scores the scores of each evaluated period's models for that period's examples
     * @param days the evaluated periods in time order
     * @param rankerLatency the ranker's scoring latency per request
     * @param prerankLatency the pre-ranker's scoring latency per request
     */
    public record Result(ScoreTable scores, List<Day> days, ScoringLatency rankerLatency, ScoringLatency prerankLatency) {}

    /**
     * Returns the last {@code count} periods of {@code lengthMillis} that contain examples and have
     * examples available before their start, in time order. Periods are aligned to the epoch (UTC
     * midnight for days). A count of 0 returns all such periods.
     */
    public static List<Period> lastPeriods(ExampleSet set, long lengthMillis, int count) {
        if (lengthMillis <= 0) {
            throw new IllegalArgumentException("period length is " + lengthMillis + " ms; expected a positive length");
        }
        if (count < 0) {
            throw new IllegalArgumentException("period count is " + count + "; expected 0 (all) or more");
        }
        TreeSet<Long> starts = new TreeSet<>();
        for (LabeledExample example : set.examples()) {
            starts.add(Period.containing(example.eventTime(), lengthMillis).start());
        }
        List<Period> periods = new ArrayList<>();
        for (long start : starts.descendingSet()) {
            if (count > 0 && periods.size() == count) {
                break;
            }
            if (set.countAvailableBefore(start) > 0) {
                periods.add(0, new Period(start, start + lengthMillis));
            }
        }
        return periods;
    }

    /**
     * Trains and evaluates one model pair per period.
     *
     * @param epochs passes over the history per period, at least 1
     * @param shuffleSeed seed of the mini-batch shuffling
     * @param phase the name under which progress is reported
     */
    public static Result run(
            ExampleSet set,
            ModelConfig config,
            FeatureOptions features,
            List<Period> periods,
            int epochs,
            long shuffleSeed,
            LearningListener listener,
            ProgressListener progress,
            String phase)
            throws Exception {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs is " + epochs + "; expected at least 1");
        }
        long totalWork = 0;
        for (Period period : periods) {
            totalWork += (long) set.countAvailableBefore(period.start()) * epochs;
        }

        ScoreTable scores = new ScoreTable(set.size());
        ScoringLatency rankerLatency = new ScoringLatency();
        ScoringLatency prerankLatency = new ScoringLatency();
        List<Day> days = new ArrayList<>();
        long workDone = 0;
        for (Period period : periods) {
            int history = set.countAvailableBefore(period.start());
            ModelPair models = ModelPair.create(config.batchTraining(), features);
            String run = runName(period);

            long begin = System.nanoTime();
            for (int epoch = 0; epoch < epochs; epoch++) {
                int[] order = shuffled(history, new SplittableRandom(shuffleSeed ^ period.start() ^ (31L * epoch)));
                for (int start = 0; start < history; start += config.batchSize()) {
                    int end = Math.min(history, start + config.batchSize());
                    List<LabeledExample> labeled = new ArrayList<>(end - start);
                    List<TrainingExample> batch = new ArrayList<>(end - start);
                    for (int i = start; i < end; i++) {
                        LabeledExample example = set.get(order[i]);
                        labeled.add(example);
                        batch.add(example.example());
                    }
                    models.scoreThenLearn(batch);
                    listener.learned(new LearnedBatch(run, config.name(), period.start(), labeled));
                    workDone += batch.size();
                    progress.update(phase, workDone, totalWork);
                }
            }
            long trainNanos = System.nanoTime() - begin;

            int[] indices = set.indicesWithEventTimeIn(period.start(), period.end());
            FrozenScorer.scoreRequests(models, set, indices, scores, rankerLatency, prerankLatency);
            days.add(new Day(period, history, indices, trainNanos));
        }
        progress.finish(phase, days.size() + " period(s) retrained and scored, " + workDone + " examples learned in all");
        return new Result(scores, days, rankerLatency, prerankLatency);
    }

    /** Returns the name under which the models of {@code period} report their batches. */
    public static String runName(Period period) {
        return "daily@" + Instant.ofEpochMilli(period.start());
    }

    /** Returns 0 to size - 1 in a random order (Fisher-Yates). */
    private static int[] shuffled(int size, SplittableRandom random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
