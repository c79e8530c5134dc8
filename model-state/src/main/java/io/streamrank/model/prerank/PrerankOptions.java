package io.streamrank.model.prerank;

import io.streamrank.model.embedding.EmbeddingOptions;

import java.io.Serializable;

/**
 * Settings of the two-tower pre-ranker.
 *
 * @param embedding settings of the user and item embedding tables
 * @param towerHidden width of each tower's hidden ReLU layer
 * @param outputDimension length of the user and item vectors whose dot product is the logit
 * @param learningRate Adam step size of the towers
 * @param distillationWeight weight of the ranker's click probability in the training target:
 *     target = (1 - w) * label + w * teacher; 0 trains on labels alone
 * @param seed seed of the towers' initialization
 */
public record PrerankOptions(
        EmbeddingOptions embedding,
        int towerHidden,
        int outputDimension,
        double learningRate,
        double distillationWeight,
        long seed)
        implements Serializable {

    public static final PrerankOptions DEFAULTS =
            new PrerankOptions(EmbeddingOptions.DEFAULTS, 32, 16, 1e-3, 0.3, 11L);

    public PrerankOptions {
        if (towerHidden < 1 || outputDimension < 1) {
            throw new IllegalArgumentException(
                    "towerHidden is " + towerHidden + " and outputDimension is " + outputDimension
                            + "; expected positive widths");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate is " + learningRate + "; expected a positive number");
        }
        if (!(distillationWeight >= 0 && distillationWeight <= 1)) {
            throw new IllegalArgumentException(
                    "distillationWeight is " + distillationWeight + "; expected a value from 0 to 1");
        }
    }
}
