package io.streamrank.evaluation.protocol;

import io.streamrank.jobs.JobOptions;
import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.prerank.PrerankOptions;
import io.streamrank.model.ranker.RankerOptions;
import io.streamrank.model.replay.ExperienceReplayOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One model configuration of an evaluation: the ranker's and the pre-ranker's settings and the
 * mini-batch size, under a name that labels it in reports.
 *
 * <p>{@link #parse} reads {@code name:key=value,key=value}, where every key not given keeps the
 * job's default. The keys are listed in {@link #KEYS}; {@code ranker.hidden} takes the layer
 * widths separated by {@code x}, such as {@code 128x64}, and {@code embedding.expiry_hours} 0 to
 * keep rows forever. Keys that start with {@code embedding.} set both models' tables. Keys that
 * start with {@code experience_replay.} set the experience replay of online learning, which the daily
 * retrain does not use ({@link #batchTraining()}).
 *
 * @param name the configuration's label: letters, digits, '-', '_' and '.'
 * @param ranker the ranker's settings
 * @param prerank the pre-ranker's settings
 * @param batchSize examples per mini-batch of both learners
 * @param replay experience replay of both models in online learning
 */
public record ModelConfig(String name, RankerOptions ranker, PrerankOptions prerank, int batchSize, ExperienceReplayOptions replay) {

    public static final String DEFAULT_NAME = "default";

    /** Keys accepted by {@link #parse}, in the order the help text lists them. */
    public static final List<String> KEYS = List.of(
            "batch_size",
            "embedding.dimension",
            "embedding.learning_rate",
            "embedding.min_sightings",
            "embedding.expiry_hours",
            "ranker.learning_rate",
            "ranker.hidden",
            "ranker.seed",
            "ranker.embedding.dimension",
            "ranker.embedding.learning_rate",
            "prerank.learning_rate",
            "prerank.distillation_weight",
            "prerank.tower_hidden",
            "prerank.output_dimension",
            "prerank.seed",
            "prerank.embedding.dimension",
            "prerank.embedding.learning_rate",
            "experience_replay.capacity",
            "experience_replay.ratio",
            "experience_replay.seed",
            "experience_replay.embeddings");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    public ModelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ranker, "ranker");
        Objects.requireNonNull(prerank, "prerank");
        Objects.requireNonNull(replay, "replay");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid configuration name '" + name
                    + "'; expected 1 to 40 letters, digits, '-', '_' or '.'");
        }
        if (batchSize < 1 || batchSize > 65_536) {
            throw new IllegalArgumentException("batch_size is " + batchSize + "; expected 1 to 65536");
        }
    }

    /** Returns the job's default settings under the name {@value #DEFAULT_NAME}. */
    public static ModelConfig defaults() {
        JobOptions job = jobDefaults();
        return new ModelConfig(DEFAULT_NAME, job.ranker(), job.prerank(), job.batchSize(), job.replay());
    }

    /**
     * Parses {@code name} or {@code name:key=value,key=value}.
     *
     * @throws IllegalArgumentException naming the part that is invalid and the valid keys
     */
    public static ModelConfig parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        int colon = spec.indexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).trim();
        Builder builder = new Builder(defaults().withName(name));
        if (colon >= 0) {
            for (String pair : spec.substring(colon + 1).split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException("invalid setting '" + pair.trim() + "' in configuration '"
                            + spec + "'; expected key=value with a key among " + String.join(", ", KEYS));
                }
                builder.set(pair.substring(0, equals).trim().toLowerCase(Locale.ROOT), pair.substring(equals + 1).trim());
            }
        }
        return builder.build();
    }

    public ModelConfig withName(String newName) {
        return new ModelConfig(newName, ranker, prerank, batchSize, replay);
    }

    /**
     * Returns this configuration as a batch retrain uses it: the same models and mini-batch size,
     * without experience replay, because a retrain shuffles its whole history already.
     */
    public ModelConfig batchTraining() {
        return new ModelConfig(name, ranker, prerank, batchSize, ExperienceReplayOptions.DISABLED);
    }

    /** Returns every setting as text, per model, for reports. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("batch_size", Integer.toString(batchSize));
        settings.put("ranker.learning_rate", Double.toString(ranker.learningRate()));
        settings.put("ranker.hidden", widths(ranker.hidden()));
        settings.put("ranker.seed", Long.toString(ranker.seed()));
        settings.put("ranker.embedding.dimension", Integer.toString(ranker.embedding().dimension()));
        settings.put("ranker.embedding.learning_rate", Double.toString(ranker.embedding().learningRate()));
        settings.put("ranker.embedding.min_sightings", Integer.toString(ranker.embedding().minSightings()));
        settings.put("ranker.embedding.expiry_hours", Long.toString(Duration.ofMillis(ranker.embedding().expiryMillis()).toHours()));
        settings.put("prerank.learning_rate", Double.toString(prerank.learningRate()));
        settings.put("prerank.distillation_weight", Double.toString(prerank.distillationWeight()));
        settings.put("prerank.tower_hidden", Integer.toString(prerank.towerHidden()));
        settings.put("prerank.output_dimension", Integer.toString(prerank.outputDimension()));
        settings.put("prerank.seed", Long.toString(prerank.seed()));
        settings.put("prerank.embedding.dimension", Integer.toString(prerank.embedding().dimension()));
        settings.put("prerank.embedding.learning_rate", Double.toString(prerank.embedding().learningRate()));
        settings.put("prerank.embedding.min_sightings", Integer.toString(prerank.embedding().minSightings()));
        settings.put("prerank.embedding.expiry_hours", Long.toString(Duration.ofMillis(prerank.embedding().expiryMillis()).toHours()));
        settings.putAll(replay.toSettings());
        return settings;
    }

    private static String widths(int[] hidden) {
        return String.join("x", Arrays.stream(hidden).mapToObj(Integer::toString).toList());
    }

    /** Reads the job's default settings from its options, so the two cannot drift apart. */
    private static JobOptions jobDefaults() {
        return JobOptions.builder("defaults", Path.of("defaults")).build();
    }

    /** Applies settings one key at a time; the option records validate the values. */
    private static final class Builder {
        private final String name;
        private int batchSize;
        private double rankerLearningRate;
        private int[] rankerHidden;
        private long rankerSeed;
        private EmbeddingOptions rankerEmbedding;
        private double prerankLearningRate;
        private double distillationWeight;
        private int towerHidden;
        private int outputDimension;
        private long prerankSeed;
        private EmbeddingOptions prerankEmbedding;
        private int replayCapacity;
        private double replayRatio;
        private long replaySeed;
        private boolean replayEmbeddings;

        Builder(ModelConfig start) {
            name = start.name();
            batchSize = start.batchSize();
            rankerLearningRate = start.ranker().learningRate();
            rankerHidden = start.ranker().hidden();
            rankerSeed = start.ranker().seed();
            rankerEmbedding = start.ranker().embedding();
            prerankLearningRate = start.prerank().learningRate();
            distillationWeight = start.prerank().distillationWeight();
            towerHidden = start.prerank().towerHidden();
            outputDimension = start.prerank().outputDimension();
            prerankSeed = start.prerank().seed();
            prerankEmbedding = start.prerank().embedding();
            replayCapacity = start.replay().capacity();
            replayRatio = start.replay().ratio();
            replaySeed = start.replay().seed();
            replayEmbeddings = start.replay().embeddings();
        }

        void set(String key, String value) {
            try {
                switch (key) {
                    case "batch_size" -> batchSize = Integer.parseInt(value);
                    case "embedding.dimension" -> {
                        rankerEmbedding = withDimension(rankerEmbedding, Integer.parseInt(value));
                        prerankEmbedding = withDimension(prerankEmbedding, Integer.parseInt(value));
                    }
                    case "embedding.learning_rate" -> {
                        rankerEmbedding = withLearningRate(rankerEmbedding, Double.parseDouble(value));
                        prerankEmbedding = withLearningRate(prerankEmbedding, Double.parseDouble(value));
                    }
                    case "embedding.min_sightings" -> {
                        rankerEmbedding = withMinSightings(rankerEmbedding, Integer.parseInt(value));
                        prerankEmbedding = withMinSightings(prerankEmbedding, Integer.parseInt(value));
                    }
                    case "embedding.expiry_hours" -> {
                        rankerEmbedding = withExpiryHours(rankerEmbedding, Long.parseLong(value));
                        prerankEmbedding = withExpiryHours(prerankEmbedding, Long.parseLong(value));
                    }
                    case "ranker.learning_rate" -> rankerLearningRate = Double.parseDouble(value);
                    case "ranker.hidden" -> rankerHidden = Arrays.stream(value.split("x")).mapToInt(Integer::parseInt).toArray();
                    case "ranker.seed" -> rankerSeed = Long.parseLong(value);
                    case "ranker.embedding.dimension" -> rankerEmbedding = withDimension(rankerEmbedding, Integer.parseInt(value));
                    case "ranker.embedding.learning_rate" ->
                            rankerEmbedding = withLearningRate(rankerEmbedding, Double.parseDouble(value));
                    case "prerank.learning_rate" -> prerankLearningRate = Double.parseDouble(value);
                    case "prerank.distillation_weight" -> distillationWeight = Double.parseDouble(value);
                    case "prerank.tower_hidden" -> towerHidden = Integer.parseInt(value);
                    case "prerank.output_dimension" -> outputDimension = Integer.parseInt(value);
                    case "prerank.seed" -> prerankSeed = Long.parseLong(value);
                    case "prerank.embedding.dimension" ->
                            prerankEmbedding = withDimension(prerankEmbedding, Integer.parseInt(value));
                    case "prerank.embedding.learning_rate" ->
                            prerankEmbedding = withLearningRate(prerankEmbedding, Double.parseDouble(value));
                    case "experience_replay.capacity" -> replayCapacity = Integer.parseInt(value);
                    case "experience_replay.ratio" -> replayRatio = Double.parseDouble(value);
                    case "experience_replay.seed" -> replaySeed = Long.parseLong(value);
                    case "experience_replay.embeddings" -> replayEmbeddings = parseBoolean(key, value);
                    default -> throw new IllegalArgumentException(
                            "unknown setting '" + key + "'; expected one of " + String.join(", ", KEYS));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "invalid value '" + value + "' for " + key + "; expected a number" + ("ranker.hidden".equals(key)
                                ? " per layer, separated by x, such as 64x32" : ""), e);
            }
        }

        ModelConfig build() {
            RankerOptions ranker = new RankerOptions(rankerEmbedding, rankerHidden, rankerLearningRate, rankerSeed);
            PrerankOptions prerank = new PrerankOptions(
                    prerankEmbedding, towerHidden, outputDimension, prerankLearningRate, distillationWeight, prerankSeed);
            ExperienceReplayOptions replay =
                    new ExperienceReplayOptions(replayCapacity, replayRatio, replaySeed, replayEmbeddings);
            return new ModelConfig(name, ranker, prerank, batchSize, replay);
        }

        private static boolean parseBoolean(String key, String value) {
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("invalid value '" + value + "' for " + key + "; expected true or false");
            }
            return Boolean.parseBoolean(value);
        }

        private static EmbeddingOptions withDimension(EmbeddingOptions options, int dimension) {
            return new EmbeddingOptions(dimension, options.learningRate(), options.initialAccumulator(),
                    options.initStd(), options.seed(), options.minSightings(), options.expiryMillis(), options.sweepLimit());
        }

        private static EmbeddingOptions withLearningRate(EmbeddingOptions options, double learningRate) {
            return new EmbeddingOptions(options.dimension(), learningRate, options.initialAccumulator(),
                    options.initStd(), options.seed(), options.minSightings(), options.expiryMillis(), options.sweepLimit());
        }

        private static EmbeddingOptions withMinSightings(EmbeddingOptions options, int minSightings) {
            return options.withLifecycle(minSightings, options.expiryMillis(), options.sweepLimit());
        }

        private static EmbeddingOptions withExpiryHours(EmbeddingOptions options, long hours) {
            return options.withLifecycle(options.minSightings(), Duration.ofHours(hours).toMillis(), options.sweepLimit());
        }
    }
}
