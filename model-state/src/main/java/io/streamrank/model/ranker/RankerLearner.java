package io.streamrank.model.ranker;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.embedding.SparseGradients;
import io.streamrank.model.input.FeatureVectors;

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
     * Scores {@code batch}, then learns from it.
     *
     * @return per example, the click and purchase probabilities from before the update
     */
    public float[][] scoreThenLearn(List<TrainingExample> batch) throws Exception {
        int dimension = model.embeddingDimension();
        float[][] inputs = new float[batch.size()][];
        float[][] labels = new float[batch.size()][RankerModel.OUTPUTS];
        for (int i = 0; i < inputs.length; i++) {
            TrainingExample example = batch.get(i);
            inputs[i] = model.inputWithoutEmbeddings(
                    example.user(), example.item(), example.eventTime(), FeatureVectors.trainingPosition(example),
                    featureOptions);
            float[] user = new float[dimension];
            float[] item = new float[dimension];
            users.readWeights(example.userId(), user, 0);
            items.readWeights(example.itemId(), item, 0);
            model.setEmbeddings(inputs[i], user, item);
            labels[i][RankerModel.CLICK] = example.click() ? 1f : 0f;
            labels[i][RankerModel.PURCHASE] = example.purchase() ? 1f : 0f;
        }

        float[][] scores = model.predict(inputs);

        float[][] inputGradients = model.network().fitBatch(inputs, labels);
        SparseGradients userGradients = new SparseGradients(dimension);
        SparseGradients itemGradients = new SparseGradients(dimension);
        for (int i = 0; i < inputs.length; i++) {
            userGradients.add(batch.get(i).userId(), model.userEmbeddingGradient(inputs[i], inputGradients[i]), 0);
            itemGradients.add(batch.get(i).itemId(), model.itemEmbeddingGradient(inputs[i], inputGradients[i]), 0);
        }
        userGradients.applyTo(users);
        itemGradients.applyTo(items);
        return scores;
    }
}
