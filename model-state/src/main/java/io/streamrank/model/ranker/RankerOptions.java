package io.streamrank.model.ranker;

import io.streamrank.model.embedding.EmbeddingOptions;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Settings of the ranker.
 *
 * @param embedding settings of the user and item embedding tables
 * @param hidden widths of the hidden ReLU layers
 * @param learningRate Adam step size of the dense layers
 * @param seed seed of the dense layers' initialization
 */
public record RankerOptions(EmbeddingOptions embedding, int[] hidden, double learningRate, long seed)
        implements Serializable {

    public static final RankerOptions DEFAULTS =
            new RankerOptions(EmbeddingOptions.DEFAULTS, new int[] {64, 32}, 1e-3, 7L);

    public RankerOptions {
        if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(width -> width < 1)) {
            throw new IllegalArgumentException(
                    "hidden is " + Arrays.toString(hidden) + "; expected one or more positive widths");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate is " + learningRate + "; expected a positive number");
        }
    }
}
