package io.streamrank.model.embedding;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of one embedding table.
 *
 * @param dimension length of a row's weight vector
 * @param learningRate Adagrad step size
 * @param initialAccumulator starting value of each Adagrad accumulator, which bounds the first
 *     steps to at most learningRate / sqrt(initialAccumulator) times the gradient
 * @param initStd standard deviation of the Gaussian that initializes a new row
 * @param seed seed of the initialization; a row's start depends only on the seed and its id
 */
public record EmbeddingOptions(
        int dimension, double learningRate, double initialAccumulator, double initStd, long seed)
        implements Serializable {

    public static final EmbeddingOptions DEFAULTS = new EmbeddingOptions(16, 0.2, 0.1, 0.1, 42L);

    public EmbeddingOptions {
        if (dimension < 1 || dimension > 1024) {
            throw new IllegalArgumentException("dimension is " + dimension + "; expected 1 to 1024");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate is " + learningRate + "; expected a positive number");
        }
        if (!(initialAccumulator > 0)) {
            throw new IllegalArgumentException(
                    "initialAccumulator is " + initialAccumulator + "; expected a positive number");
        }
        if (!(initStd >= 0)) {
            throw new IllegalArgumentException("initStd is " + initStd + "; expected zero or more");
        }
    }

    /** Returns the settings as text, under the keys that {@link #fromSettings} reads, for snapshot manifests. */
    public Map<String, String> toSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("embedding.dimension", Integer.toString(dimension));
        settings.put("embedding.learning_rate", Double.toString(learningRate));
        settings.put("embedding.initial_accumulator", Double.toString(initialAccumulator));
        settings.put("embedding.init_std", Double.toString(initStd));
        settings.put("embedding.seed", Long.toString(seed));
        return settings;
    }

    /** Reads settings written by {@link #toSettings}; missing keys take the default values. */
    public static EmbeddingOptions fromSettings(Map<String, String> settings) {
        return new EmbeddingOptions(
                Integer.parseInt(settings.getOrDefault("embedding.dimension", Integer.toString(DEFAULTS.dimension))),
                Double.parseDouble(
                        settings.getOrDefault("embedding.learning_rate", Double.toString(DEFAULTS.learningRate))),
                Double.parseDouble(settings.getOrDefault(
                        "embedding.initial_accumulator", Double.toString(DEFAULTS.initialAccumulator))),
                Double.parseDouble(settings.getOrDefault("embedding.init_std", Double.toString(DEFAULTS.initStd))),
                Long.parseLong(settings.getOrDefault("embedding.seed", Long.toString(DEFAULTS.seed))));
    }
}
