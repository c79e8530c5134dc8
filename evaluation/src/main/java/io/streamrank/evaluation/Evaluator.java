package io.streamrank.evaluation;

import io.streamrank.evaluation.examples.ExampleGenerator;
import io.streamrank.evaluation.examples.ExampleSet;
import io.streamrank.evaluation.examples.LabeledExample;
import io.streamrank.evaluation.protocol.DailyRetrainProtocol;
import io.streamrank.evaluation.protocol.LearningListener;
import io.streamrank.evaluation.protocol.ModelConfig;
import io.streamrank.evaluation.protocol.OnlineProtocol;
import io.streamrank.evaluation.protocol.Period;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an evaluation: builds the examples through the job's stages, then runs the online
 * protocol (with its train/test split) and the daily retrain for every configuration. The daily
 * retrain runs once per distinct {@link ModelConfig#batchTraining()}: configurations that differ
 * only in settings of online learning, such as replay, share the first one's retrained models.
 */
public final class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    private Evaluator() {}

    /**
     * One configuration's protocol outputs.
     *
     * @param config the configuration
     * @param online the online protocol with the train/test split
     * @param daily the daily retrain
     * @param dailyRetrainOf the name of the configuration whose daily retrain this one shares, its
     *     own name when it ran its own
     */
    public record ConfigOutcome(
            ModelConfig config, OnlineProtocol.Result online, DailyRetrainProtocol.Result daily, String dailyRetrainOf) {}

    /**
     * Everything a report needs.
     *
     * @param options the run's settings
     * @param examples the examples in learning order
     * @param splitTime start of the test range in event time
     * @param periods the periods the daily retrain evaluated
     * @param outcomes one per configuration, in the order of the options
     * @param generationNanos wall time of building the examples
     */
    public record Result(
            EvaluationOptions options,
            ExampleSet examples,
            long splitTime,
            List<Period> periods,
            List<ConfigOutcome> outcomes,
            long generationNanos) {}

    public static Result run(EvaluationOptions options, ProgressListener progress, LearningListener listener)
            throws Exception {
        long begin = System.nanoTime();
        ExampleSet set = ExampleGenerator.generate(
                options.examples(), options.order(), options.workDirectory(), progress);
        long generationNanos = System.nanoTime() - begin;
        if (set.size() < 2) {
            throw new IllegalStateException("the replay of " + options.examples().data() + " gave " + set.size()
                    + " training examples; expected at least 2. Check the dataset and the row limit");
        }
        return evaluate(options, set, generationNanos, progress, listener);
    }

    /** Runs the protocols on examples that were already built. */
    public static Result evaluate(
            EvaluationOptions options,
            ExampleSet set,
            long generationNanos,
            ProgressListener progress,
            LearningListener listener)
            throws Exception {
        long splitTime = splitTime(set, options.testFraction());
        List<Period> periods =
                DailyRetrainProtocol.lastPeriods(set, options.retrainPeriod().toMillis(), options.days());
        LOG.info("Evaluating {} examples: test range from {} ms, {} retrain periods, configurations {}",
                set.size(), splitTime, periods.size(), options.configs().stream().map(ModelConfig::name).toList());

        List<ConfigOutcome> outcomes = new ArrayList<>();
        Map<Map<String, String>, ConfigOutcome> retrained = new HashMap<>();
        for (ModelConfig config : options.configs()) {
            OnlineProtocol.Result online = OnlineProtocol.run(
                    set, config, options.examples().features(), splitTime, listener, progress, "online " + config.name());
            Map<String, String> batchSettings = config.batchTraining().withName(ModelConfig.DEFAULT_NAME).settings();
            ConfigOutcome same = retrained.get(batchSettings);
            if (same != null) {
                LOG.info("Configuration {} shares the daily retrain of {}: they differ only in online settings",
                        config.name(), same.config().name());
                outcomes.add(new ConfigOutcome(config, online, same.daily(), same.config().name()));
                continue;
            }
            DailyRetrainProtocol.Result daily = DailyRetrainProtocol.run(
                    set,
                    config,
                    options.examples().features(),
                    periods,
                    options.epochs(),
                    options.shuffleSeed(),
                    listener,
                    progress,
                    "daily retrain " + config.name());
            ConfigOutcome outcome = new ConfigOutcome(config, online, daily, config.name());
            retrained.put(batchSettings, outcome);
            outcomes.add(outcome);
        }
        return new Result(options, set, splitTime, periods, outcomes, generationNanos);
    }

    /**
     * Returns the start of the test range: the event time of the example at rank
     * {@code floor(n * (1 - testFraction))} in event-time order. Examples at that time belong to the
     * test range, so it can hold slightly more than {@code testFraction}.
     */
    public static long splitTime(ExampleSet set, double testFraction) {
        long[] times = set.examples().stream().mapToLong(LabeledExample::eventTime).sorted().toArray();
        int rank = (int) Math.floor(times.length * (1.0 - testFraction));
        return times[Math.min(Math.max(rank, 1), times.length - 1)];
    }
}
