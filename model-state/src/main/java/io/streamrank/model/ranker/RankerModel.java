package io.streamrank.model.ranker;

import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.model.input.FeatureVectors;
import io.streamrank.model.nn.DenseNetwork;
import io.streamrank.model.nn.Networks;

/**
 * The heavy ranker: a fully connected network over the user and item embeddings and the dense
 * features, with two sigmoid outputs trained with binary cross-entropy, the probability of a
 * click and the probability of a purchase, both per exposure.
 *
 * <p>Input layout: user embedding, item embedding, {@link FeatureVectors#user user},
 * {@link FeatureVectors#item item} and {@link FeatureVectors#cross cross} features.
 */
public final class RankerModel {

    public static final int CLICK = 0;
    public static final int PURCHASE = 1;
    public static final int OUTPUTS = 2;

    private final DenseNetwork network;
    private final int embeddingDimension;

    public RankerModel(DenseNetwork network, int embeddingDimension) {
        long expectedInputs = inputSize(embeddingDimension);
        long actualInputs = network.network().layerInputSize(0);
        if (actualInputs != expectedInputs) {
            throw new IllegalArgumentException(
                    "network takes " + actualInputs + " inputs; a ranker with embedding dimension "
                            + embeddingDimension + " needs " + expectedInputs);
        }
        this.network = network;
        this.embeddingDimension = embeddingDimension;
    }

    public static RankerModel create(RankerOptions options) {
        int dimension = options.embedding().dimension();
        DenseNetwork network = Networks.mlp(
                inputSize(dimension), options.hidden(), OUTPUTS, 0, options.learningRate(), options.seed());
        return new RankerModel(network, dimension);
    }

    public static int inputSize(int embeddingDimension) {
        return 2 * embeddingDimension + FeatureVectors.USER_SIZE + FeatureVectors.ITEM_SIZE + FeatureVectors.CROSS_SIZE;
    }

    public int embeddingDimension() {
        return embeddingDimension;
    }

    public DenseNetwork network() {
        return network;
    }

    /**
     * Returns an input row whose embedding slots are left at zero; the caller fills them from
     * offsets 0 (user) and {@link #embeddingDimension()} (item).
     */
    public float[] inputWithoutEmbeddings(
            UserFeatures user, ItemFeatures item, long time, FeatureOptions featureOptions) {
        float[] input = new float[inputSize(embeddingDimension)];
        int offset = 2 * embeddingDimension;
        FeatureVectors.user(user, time, input, offset);
        offset += FeatureVectors.USER_SIZE;
        FeatureVectors.item(item, time, featureOptions, input, offset);
        offset += FeatureVectors.ITEM_SIZE;
        FeatureVectors.cross(user, item, input, offset);
        return input;
    }

    /** Returns the click and purchase probabilities, one row per input row. */
    public float[][] predict(float[][] inputs) {
        return network.predict(inputs);
    }
}
