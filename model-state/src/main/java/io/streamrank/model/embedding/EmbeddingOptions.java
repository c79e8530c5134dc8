package io.streamrank.model.embedding;

import java.io.Serializable;
import java.time.Duration;
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
 * @param minSightings examples that must reference an id before it gets its own row; until then
 *     it shares the table's default row. 1 gives every id a row on its first gradient
 * @param expiryMillis event-time inactivity in milliseconds after which a row, or the sighting
 *     count of an id without a row, is deleted; 0 keeps them forever
 * @param sweepLimit maximum number of expiry index entries that one sweep examines
 */
public record EmbeddingOptions(
        int dimension,
        double learningRate,
        double initialAccumulator,
        double initStd,
        long seed,
        int minSightings,
        long expiryMillis,
        int sweepLimit)
        implements Serializable {

    private static final int DEFAULT_SWEEP_LIMIT = 1024;

    /**
     * The defaults. Two sightings keep ids that occur once, usually the bulk of a long-tailed id
     * space, from costing a row that would never get a second update. Thirty days of event time
     * keep every row of a dataset that spans a few weeks, and retire the users and items of a
     * longer one that stopped appearing.
     */
    public static final EmbeddingOptions DEFAULTS =
            new EmbeddingOptions(16, 0.2, 0.1, 0.1, 42L, 2, Duration.ofDays(30).toMillis(), DEFAULT_SWEEP_LIMIT);

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
        if (minSightings < 1) {
            throw new IllegalArgumentException("minSightings is " + minSightings + "; expected 1 or more");
        }
        if (expiryMillis < 0) {
            throw new IllegalArgumentException(
                    "expiryMillis is " + expiryMillis + "; expected 0 (never expire) or a positive number");
        }
        if (sweepLimit < 1) {
            throw new IllegalArgumentException("sweepLimit is " + sweepLimit + "; expected 1 or more");
        }
    }

    /**
     * Creates settings without admission or expiry: every id gets its own row on its first
     * gradient and keeps it.
     */
    public EmbeddingOptions(int dimension, double learningRate, double initialAccumulator, double initStd, long seed) {
        this(dimension, learningRate, initialAccumulator, initStd, seed, 1, 0, DEFAULT_SWEEP_LIMIT);
    }

    /** Returns a copy with other admission and expiry settings. */
    public EmbeddingOptions withLifecycle(int minSightings, long expiryMillis, int sweepLimit) {
        return new EmbeddingOptions(
                dimension, learningRate, initialAccumulator, initStd, seed, minSightings, expiryMillis, sweepLimit);
    }

    /** Returns whether rows and sighting counts expire. */
    public boolean expires() {
        return expiryMillis > 0;
    }

    /** Returns the settings as text, under the keys that {@link #fromSettings} reads, for snapshot manifests. */
    public Map<String, String> toSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("embedding.dimension", Integer.toString(dimension));
        settings.put("embedding.learning_rate", Double.toString(learningRate));
        settings.put("embedding.initial_accumulator", Double.toString(initialAccumulator));
        settings.put("embedding.init_std", Double.toString(initStd));
        settings.put("embedding.seed", Long.toString(seed));
        settings.put("embedding.min_sightings", Integer.toString(minSightings));
        settings.put("embedding.expiry_millis", Long.toString(expiryMillis));
        settings.put("embedding.sweep_limit", Integer.toString(sweepLimit));
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
                Long.parseLong(settings.getOrDefault("embedding.seed", Long.toString(DEFAULTS.seed))),
                Integer.parseInt(
                        settings.getOrDefault("embedding.min_sightings", Integer.toString(DEFAULTS.minSightings))),
                Long.parseLong(
                        settings.getOrDefault("embedding.expiry_millis", Long.toString(DEFAULTS.expiryMillis))),
                Integer.parseInt(
                        settings.getOrDefault("embedding.sweep_limit", Integer.toString(DEFAULTS.sweepLimit))));
    }
}
