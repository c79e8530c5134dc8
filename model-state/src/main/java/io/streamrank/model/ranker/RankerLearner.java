package io.streamrank.model.ranker;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.embedding.SparseGradients;
import io.streamrank.model.input.FeatureVectors;
import io.streamrank.model.replay.ReplayBatches;

import java.util.List;

/**
 * Trains the ranker online: each mini-batch is scored with the current weights first, so the
 * scores are honest out-of-sample predictions (progressive validation), and learned from next.
 * The dense layers take one Adam step per batch; the embedding rows the batch touches take one
 * sparse Adagrad step each.
 */
public final class RankerLearner {

    private final RankerModel model;
    private final EmbeddingTable users;
    private final EmbeddingTable items;
    private final FeatureOptions featureOptions;

    public RankerLearner(
            RankerModel model, EmbeddingTable users, EmbeddingTable items, FeatureOptions featureOptions) {
        this.model = model;
        this.users = users;
        this.items = items;
        this.featureOptions = featureOptions;
    }

    public RankerModel model() {
        return model;
    }

    /**
     * Scores {@code batch} with the current weights without learning: the weights, the optimizer
     * state and the embedding tables stay as they are, and no sighting of an id is counted.
     *
     * @return per example, the click and purchase probabilities, the same as
     *     {@link #scoreThenLearn} returns for the same batch and state
     */
    public float[][] score(List<TrainingExample> batch) throws Exception {
        return model.predict(inputs(batch, false));
    }

    /**
     * Scores {@code batch}, then learns from it.
     *
     * @return per example, the click and purchase probabilities from before the update
     */
    public float[][] scoreThenLearn(List<TrainingExample> batch) throws Exception {
        return scoreThenLearn(batch, List.of(), true);
    }

    /**
     * Scores {@code batch}, then learns from it together with {@code replayed}, examples learned
     * before (see {@link io.streamrank.model.replay.ReplayBuffer}), in one step of the dense
     * layers and one Adagrad step per embedding row touched. The replayed examples are not scored,
     * and their ids count no sighting, so replay does not admit ids sooner.
     *
     * @param replayEmbeddings whether the replayed examples' gradients reach the embedding rows;
     *     with false the rows learn from {@code batch} alone
     * @return per example of {@code batch}, the click and purchase probabilities from before the update
     */
    public float[][] scoreThenLearn(
            List<TrainingExample> batch, List<TrainingExample> replayed, boolean replayEmbeddings) throws Exception {
        float[][] batchInputs = inputs(batch, true);
        float[][] scores = model.predict(batchInputs);

        List<TrainingExample> learned = ReplayBatches.join(batch, replayed);
        float[][] inputs = ReplayBatches.join(batchInputs, inputs(replayed, false));
        float[][] labels = new float[learned.size()][RankerModel.OUTPUTS];
        for (int i = 0; i < inputs.length; i++) {
            labels[i][RankerModel.CLICK] = learned.get(i).click() ? 1f : 0f;
            labels[i][RankerModel.PURCHASE] = learned.get(i).purchase() ? 1f : 0f;
        }

        int dimension = model.embeddingDimension();
        float[][] inputGradients = model.network().fitBatch(inputs, labels);
        SparseGradients userGradients = new SparseGradients(dimension);
        SparseGradients itemGradients = new SparseGradients(dimension);
        int embeddingExamples = replayEmbeddings ? inputs.length : batch.size();
        for (int i = 0; i < embeddingExamples; i++) {
            userGradients.add(learned.get(i).userId(), model.userEmbeddingGradient(inputs[i], inputGradients[i]), 0);
            itemGradients.add(learned.get(i).itemId(), model.itemEmbeddingGradient(inputs[i], inputGradients[i]), 0);
        }
        userGradients.applyTo(users);
        itemGradients.applyTo(items);
        return scores;
    }

    /**
     * Builds the network inputs of {@code batch} with the embedding weights each id uses. With
     * {@code learning}, the tables count the sightings of ids without a row
     * ({@link EmbeddingTable#readWeights}); without it they are only read
     * ({@link EmbeddingTable#peekWeights}). Both read the same weights.
     */
    private float[][] inputs(List<TrainingExample> batch, boolean learning) throws Exception {
        int dimension = model.embeddingDimension();
        float[][] inputs = new float[batch.size()][];
        for (int i = 0; i < inputs.length; i++) {
            TrainingExample example = batch.get(i);
            inputs[i] = model.inputWithoutEmbeddings(
                    example.user(), example.item(), example.eventTime(), FeatureVectors.trainingPosition(example),
                    featureOptions);
            float[] user = new float[dimension];
            float[] item = new float[dimension];
            if (learning) {
                users.readWeights(example.userId(), user, 0);
                items.readWeights(example.itemId(), item, 0);
            } else {
                users.peekWeights(example.userId(), user, 0);
                items.peekWeights(example.itemId(), item, 0);
            }
            model.setEmbeddings(inputs[i], user, item);
        }
        return inputs;
    }
}
