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
 * <p>Input layout: user embedding u, item embedding v, their element-wise product u ⊙ v,
 * {@link FeatureVectors#user user}, {@link FeatureVectors#item item},
 * {@link FeatureVectors#cross cross} and {@link FeatureVectors#context context} features. The
 * product hands the network the second-order user-item interaction that a ReLU network otherwise
 * has to approximate, in the manner of the dot-product interactions of DLRM (Naumov et al., "Deep
 * Learning Recommendation Model for Personalization and Recommendation Systems", 2019), kept
 * element-wise here.
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
        return 3 * embeddingDimension + FeatureVectors.USER_SIZE + FeatureVectors.ITEM_SIZE
                + FeatureVectors.CROSS_SIZE + FeatureVectors.CONTEXT_SIZE;
    }

    public int embeddingDimension() {
        return embeddingDimension;
    }

    public DenseNetwork network() {
        return network;
    }

    /**
     * Returns an input row whose embedding slots are left at zero; the caller fills them with
     * {@link #setEmbeddings}.
     *
     * @param position the exposure's slot: {@link FeatureVectors#trainingPosition} in training,
     *     {@link FeatureVectors#SERVING_POSITION} in serving
     */
    public float[] inputWithoutEmbeddings(
            UserFeatures user, ItemFeatures item, long time, int position, FeatureOptions featureOptions) {
        float[] input = new float[inputSize(embeddingDimension)];
        int offset = 3 * embeddingDimension;
        FeatureVectors.user(user, time, featureOptions, input, offset);
        offset += FeatureVectors.USER_SIZE;
        FeatureVectors.item(item, time, featureOptions, input, offset);
        offset += FeatureVectors.ITEM_SIZE;
        FeatureVectors.cross(user, item, time, featureOptions, input, offset);
        offset += FeatureVectors.CROSS_SIZE;
        FeatureVectors.context(time, position, input, offset);
        return input;
    }

    /** Writes the user and item embeddings and their element-wise product into {@code input}. */
    public void setEmbeddings(float[] input, float[] userEmbedding, float[] itemEmbedding) {
        int d = embeddingDimension;
        System.arraycopy(userEmbedding, 0, input, 0, d);
        System.arraycopy(itemEmbedding, 0, input, d, d);
        for (int i = 0; i < d; i++) {
            input[2 * d + i] = userEmbedding[i] * itemEmbedding[i];
        }
    }

    /**
     * Returns the loss gradient with respect to the user embedding from the gradient with respect
     * to a whole input row: the direct part plus the product part times the item embedding.
     */
    public float[] userEmbeddingGradient(float[] input, float[] inputGradient) {
        return embeddingGradient(input, inputGradient, 0, embeddingDimension);
    }

    /** Returns the loss gradient with respect to the item embedding; see {@link #userEmbeddingGradient}. */
    public float[] itemEmbeddingGradient(float[] input, float[] inputGradient) {
        return embeddingGradient(input, inputGradient, embeddingDimension, 0);
    }

    private float[] embeddingGradient(float[] input, float[] inputGradient, int own, int other) {
        int d = embeddingDimension;
        float[] gradient = new float[d];
        for (int i = 0; i < d; i++) {
            gradient[i] = inputGradient[own + i] + inputGradient[2 * d + i] * input[other + i];
        }
        return gradient;
    }

    /** Returns the click and purchase probabilities, one row per input row. */
    public float[][] predict(float[][] inputs) {
        return network.predict(inputs);
    }
}
