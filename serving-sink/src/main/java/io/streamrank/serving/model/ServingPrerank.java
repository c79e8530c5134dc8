package io.streamrank.serving.model;

import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.model.nn.DenseNetwork;
import io.streamrank.model.prerank.TwoTowerModel;

import java.io.IOException;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * One loaded version of the two-tower pre-ranker: networks {@value #USER_TOWER} and
 * {@value #ITEM_TOWER} over tables {@value #USERS} and {@value #ITEMS}, and an exact inner
 * product index over the item rows for candidate retrieval. Predictions run through
 * {@link NetworkOutputs}, which serializes them per tower.
 */
public final class ServingPrerank implements ServingModel {

    public static final String NAME = "prerank";
    public static final String USER_TOWER = "user_tower";
    public static final String ITEM_TOWER = "item_tower";
    public static final String USERS = "users";
    public static final String ITEMS = "items";
    static final List<String> NETWORKS = List.of(USER_TOWER, ITEM_TOWER);
    static final List<String> TABLES = List.of(USERS, ITEMS);

    private final SnapshotContents contents;
    private final TwoTowerModel model;
    private final EmbeddingRows users;
    private final EmbeddingRows items;
    private final InnerProductIndex itemIndex;
    private final double negativeKeepRate;

    /**
     * Builds the pre-ranker of {@code contents}.
     *
     * @throws IOException when a network file cannot be read
     * @throws IllegalArgumentException when a tower's input width does not fit the embedding
     *     dimension, the towers' output widths differ, or the manifest's negative keep rate is
     *     invalid
     */
    ServingPrerank(SnapshotContents contents) throws IOException {
        int dimension = contents.embedding().dimension();
        DenseNetwork userTower = DenseNetwork.fromBytes(contents.networks().get(USER_TOWER));
        DenseNetwork itemTower = DenseNetwork.fromBytes(contents.networks().get(ITEM_TOWER));
        int userWidth = outputWidth(USER_TOWER, userTower, TwoTowerModel.userInputSize(dimension));
        int itemWidth = outputWidth(ITEM_TOWER, itemTower, TwoTowerModel.itemInputSize(dimension));
        if (userWidth != itemWidth) {
            throw new IllegalArgumentException(
                    "network '" + USER_TOWER + "' has " + userWidth + " outputs and '" + ITEM_TOWER + "' has "
                            + itemWidth + "; expected the same width, whose dot product is the logit");
        }
        this.contents = contents;
        this.model = new TwoTowerModel(userTower, itemTower, dimension);
        this.users = contents.table(USERS);
        this.items = contents.table(ITEMS);
        this.itemIndex = new InnerProductIndex(items);
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

    /** Returns the user tower's output for the user at event time {@code time}. */
    public float[] userVector(long userId, UserFeatures user, long time) {
        float[] input = model.userInputWithoutEmbedding(user, time, contents.features());
        System.arraycopy(users.weights(userId), 0, input, 0, model.embeddingDimension());
        return NetworkOutputs.predict(model.userTower(), new float[][] {input})[0];
    }

    /**
     * Returns per item the pre-ranker's click probability, the sigmoid of the dot product of
     * {@code userVector} and the item tower's output, in one batch through the item tower. When
     * the trainer saw only a share of the negative examples, the probability is mapped back to
     * the full stream here with {@link NegativeSamplingCorrection#click}, which keeps the order
     * of the items.
     */
    public double[] scores(float[] userVector, List<ItemFeatures> candidates, long time) {
        if (candidates.isEmpty()) {
            return new double[0];
        }
        int dimension = model.embeddingDimension();
        float[][] inputs = new float[candidates.size()][];
        for (int i = 0; i < inputs.length; i++) {
            ItemFeatures item = candidates.get(i);
            inputs[i] = model.itemInputWithoutEmbedding(item, time, contents.features());
            System.arraycopy(items.weights(item.itemId()), 0, inputs[i], 0, dimension);
        }
        float[][] itemVectors = NetworkOutputs.predict(model.itemTower(), inputs);
        double[] scores = new double[itemVectors.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = NegativeSamplingCorrection.click(
                    TwoTowerModel.probability(userVector, itemVectors[i]), negativeKeepRate);
        }
        return scores;
    }

    /** Returns the share of negative examples the trainer kept, from the manifest; 1 when it kept all. */
    public double negativeKeepRate() {
        return negativeKeepRate;
    }

    /**
     * Returns up to {@code count} items whose rows in table {@value #ITEMS} have the largest inner
     * product with the user's row in table {@value #USERS}, largest first, skipping the ids that
     * {@code excluded} matches. Items without a row are never returned.
     */
    public List<Long> nearestItems(long userId, int count, LongPredicate excluded) {
        return itemIndex.top(users.weights(userId), count, excluded);
    }

    private static int outputWidth(String name, DenseNetwork network, int expectedInputs) {
        long inputs = network.network().layerInputSize(0);
        if (inputs != expectedInputs) {
            throw new IllegalArgumentException(
                    "network '" + name + "' takes " + inputs + " inputs; expected " + expectedInputs
                            + " for the snapshot's embedding dimension");
        }
        return NetworkOutputs.predict(network, new float[1][expectedInputs])[0].length;
    }
}
