package io.streamrank.model.prerank;

import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.model.input.FeatureVectors;
import io.streamrank.model.nn.DenseNetwork;
import io.streamrank.model.nn.Networks;

/**
 * The pre-ranker: a two-tower model whose click logit is the dot product of a user vector and an
 * item vector, each the output of a small network over the entity's embedding and its own dense
 * features (Huang et al., "Learning Deep Structured Semantic Models for Web Search using
 * Clickthrough Data", CIKM 2013; Yi et al., "Sampling-Bias-Corrected Neural Modeling for Large
 * Corpus Item Recommendations", RecSys 2019). No feature crosses the towers, so item vectors can
 * be computed ahead of a request and searched by inner product.
 */
public final class TwoTowerModel {

    private final DenseNetwork userTower;
    private final DenseNetwork itemTower;
    private final int embeddingDimension;

    public TwoTowerModel(DenseNetwork userTower, DenseNetwork itemTower, int embeddingDimension) {
        this.userTower = userTower;
        this.itemTower = itemTower;
        this.embeddingDimension = embeddingDimension;
    }

    public static TwoTowerModel create(PrerankOptions options) {
        int dimension = options.embedding().dimension();
        int[] hidden = {options.towerHidden()};
        DenseNetwork users = Networks.mlp(
                userInputSize(dimension), hidden, 0, options.outputDimension(), options.learningRate(), options.seed());
        DenseNetwork items = Networks.mlp(
                itemInputSize(dimension), hidden, 0, options.outputDimension(), options.learningRate(), options.seed() + 1);
        return new TwoTowerModel(users, items, dimension);
    }

    public static int userInputSize(int embeddingDimension) {
        return embeddingDimension + FeatureVectors.USER_SIZE;
    }

    public static int itemInputSize(int embeddingDimension) {
        return embeddingDimension + FeatureVectors.ITEM_SIZE;
    }

    public int embeddingDimension() {
        return embeddingDimension;
    }

    public DenseNetwork userTower() {
        return userTower;
    }

    public DenseNetwork itemTower() {
        return itemTower;
    }

    /** Returns a user tower input whose embedding slots, from offset 0, are left at zero. */
    public float[] userInputWithoutEmbedding(UserFeatures user, long time, FeatureOptions featureOptions) {
        float[] input = new float[userInputSize(embeddingDimension)];
        FeatureVectors.user(user, time, featureOptions, input, embeddingDimension);
        return input;
    }

    /** Returns an item tower input whose embedding slots, from offset 0, are left at zero. */
    public float[] itemInputWithoutEmbedding(ItemFeatures item, long time, FeatureOptions featureOptions) {
        float[] input = new float[itemInputSize(embeddingDimension)];
        FeatureVectors.item(item, time, featureOptions, input, embeddingDimension);
        return input;
    }

    public float[][] userVectors(float[][] userInputs) {
        return userTower.predict(userInputs);
    }

    public float[][] itemVectors(float[][] itemInputs) {
        return itemTower.predict(itemInputs);
    }

    /** Returns the click probability, the sigmoid of the dot product of the two vectors. */
    public static double probability(float[] userVector, float[] itemVector) {
        return sigmoid(dot(userVector, itemVector));
    }

    public static double dot(float[] left, float[] right) {
        double sum = 0;
        for (int i = 0; i < left.length; i++) {
            sum += left[i] * right[i];
        }
        return sum;
    }

    static double sigmoid(double logit) {
        return 1.0 / (1.0 + Math.exp(-logit));
    }
}
