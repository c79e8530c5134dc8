package io.streamrank.serving.model;

import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.model.input.FeatureVectors;
import io.streamrank.model.nn.DenseNetwork;
import io.streamrank.model.ranker.RankerModel;

import java.io.IOException;
import java.util.List;

/**
 * One loaded version of the ranker: network {@value #NETWORK} over the user and item embeddings
 * of tables {@value #USERS} and {@value #ITEMS} and the dense features, with a click and a
 * purchase probability per row. Predictions run through {@link NetworkOutputs}, which serializes
 * them per network.
 */
public final class ServingRanker implements ServingModel {

    public static final String NAME = "ranker";
    public static final String NETWORK = "ranker";
    public static final String USERS = "users";
    public static final String ITEMS = "items";
    static final List<String> NETWORKS = List.of(NETWORK);
    static final List<String> TABLES = List.of(USERS, ITEMS);

    private final SnapshotContents contents;
    private final RankerModel model;
    private final EmbeddingRows users;
    private final EmbeddingRows items;
    private final double negativeKeepRate;

    /**
     * Builds the ranker of {@code contents}.
     *
     * @throws IOException when the network file cannot be read
     * @throws IllegalArgumentException when the network's input or output width does not fit, or
     *     the manifest's negative keep rate is invalid
     */
    ServingRanker(SnapshotContents contents) throws IOException {
        int dimension = contents.embedding().dimension();
        DenseNetwork network = DenseNetwork.fromBytes(contents.networks().get(NETWORK));
        this.model = new RankerModel(network, dimension);
        int outputs = NetworkOutputs.predict(network, new float[1][RankerModel.inputSize(dimension)])[0].length;
        if (outputs != RankerModel.OUTPUTS) {
            throw new IllegalArgumentException(
                    "network '" + NETWORK + "' has " + outputs + " outputs; expected " + RankerModel.OUTPUTS
                            + " (click and purchase probabilities)");
        }
        this.contents = contents;
        this.users = contents.table(USERS);
        this.items = contents.table(ITEMS);
        this.negativeKeepRate = NegativeSamplingCorrection.keepRate(SnapshotContents.settingsOf(contents.manifest()));
    }

    @Override
    public SnapshotContents contents() {
        return contents;
    }

    public EmbeddingRows users() {
        return users;
    }

    public EmbeddingRows items() {
        return items;
    }

    /**
     * Returns per item the probabilities of a click (index {@link RankerModel#CLICK}) and of a
     * purchase (index {@link RankerModel#PURCHASE}) if the item is shown to the user at event
     * time {@code time}. When the trainer saw only a share of the negative examples (the
     * manifest's {@value NegativeSamplingCorrection#KEEP_RATE_SETTING} below 1), the network's
     * outputs are mapped back to the full stream here with {@link NegativeSamplingCorrection}.
     */
    public float[][] predict(long userId, UserFeatures user, List<ItemFeatures> candidates, long time) {
        if (candidates.isEmpty()) {
            return new float[0][];
        }
        int dimension = model.embeddingDimension();
        float[] userWeights = users.weights(userId);
        float[][] inputs = new float[candidates.size()][];
        for (int i = 0; i < inputs.length; i++) {
            ItemFeatures item = candidates.get(i);
            inputs[i] = model.inputWithoutEmbeddings(
                    user, item, time, FeatureVectors.SERVING_POSITION, contents.features());
            model.setEmbeddings(inputs[i], userWeights, items.weights(item.itemId()));
        }
        float[][] probabilities = NetworkOutputs.predict(model.network(), inputs);
        if (negativeKeepRate < 1.0) {
            for (float[] row : probabilities) {
                double click = row[RankerModel.CLICK];
                row[RankerModel.CLICK] = (float) NegativeSamplingCorrection.click(click, negativeKeepRate);
                row[RankerModel.PURCHASE] = (float) NegativeSamplingCorrection.purchase(
                        row[RankerModel.PURCHASE], click, negativeKeepRate);
            }
        }
        return probabilities;
    }

    /** Returns the share of negative examples the trainer kept, from the manifest; 1 when it kept all. */
    public double negativeKeepRate() {
        return negativeKeepRate;
    }
}
