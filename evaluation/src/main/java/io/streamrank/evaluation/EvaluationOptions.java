package io.streamrank.evaluation;

import io.streamrank.evaluation.examples.ExampleGenerator;
import io.streamrank.evaluation.examples.LearningOrder;
import io.streamrank.evaluation.protocol.ModelConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of one evaluation run. The constructor validates every value.
 *
 * @param examples what to replay and how the job builds examples from it
 * @param configs the model configurations to compare, with distinct names
 * @param order the order in which the protocols learn
 * @param testFraction share of the examples, the latest in event time, that form the test range of
 *     the train/test split; in (0, 1)
 * @param retrainPeriod length of a period of the daily retrain, aligned to the epoch
 * @param days how many of the last periods the daily retrain evaluates; 0 evaluates all
 * @param epochs passes of each retrained model over its history
 * @param shuffleSeed seed of the retrain's mini-batch shuffling
 * @param cutoffs the k of the ranking figures
 * @param calibrationBins bins of the ECE and the reliability curve
 * @param window length of the sliding window of the progressive series, whole hours
 * @param workDirectory directory for the replay's events file and the job's scratch files
 */
public record EvaluationOptions(
        ExampleGenerator.Settings examples,
        List<ModelConfig> configs,
        LearningOrder order,
        double testFraction,
        Duration retrainPeriod,
        int days,
        int epochs,
        long shuffleSeed,
        List<Integer> cutoffs,
        int calibrationBins,
        Duration window,
        Path workDirectory) {

    public EvaluationOptions {
        Objects.requireNonNull(examples, "examples");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(retrainPeriod, "retrainPeriod");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(workDirectory, "workDirectory");
        configs = List.copyOf(configs);
        cutoffs = List.copyOf(cutoffs);
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("no model configuration; expected at least one");
        }
        Set<String> names = new HashSet<>();
        for (ModelConfig config : configs) {
            if (!names.add(config.name())) {
                throw new IllegalArgumentException(
                        "configuration name '" + config.name() + "' is used twice; expected distinct names");
            }
        }
        if (!(testFraction > 0.0 && testFraction < 1.0)) {
            throw new IllegalArgumentException("test fraction is " + testFraction + "; expected a number in (0, 1)");
        }
        if (retrainPeriod.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(
                    "retrain period is " + retrainPeriod + "; expected at least one minute");
        }
        if (days < 0) {
            throw new IllegalArgumentException("days is " + days + "; expected 0 (all periods) or more");
        }
        if (epochs < 1 || epochs > 100) {
            throw new IllegalArgumentException("epochs is " + epochs + "; expected 1 to 100");
        }
        if (cutoffs.isEmpty() || cutoffs.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("cutoffs are " + cutoffs + "; expected one or more values of at least 1");
        }
        if (calibrationBins < 2 || calibrationBins > 1000) {
            throw new IllegalArgumentException("calibration bins are " + calibrationBins + "; expected 2 to 1000");
        }
        if (window.isNegative() || window.isZero() || window.toMillis() % Duration.ofHours(1).toMillis() != 0) {
            throw new IllegalArgumentException("window is " + window + "; expected a positive number of whole hours");
        }
    }

    /** Returns the number of one-hour buckets of the sliding window. */
    public int windowBuckets() {
        return Math.toIntExact(window.toHours());
    }
}
