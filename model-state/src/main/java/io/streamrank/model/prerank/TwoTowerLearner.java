package io.streamrank.model.prerank;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.embedding.SparseGradients;
import io.streamrank.model.replay.ReplayBatches;

import java.util.List;

/**
 * Trains the two-tower pre-ranker online, scoring each mini-batch before learning from it.
 *
 * <p>The loss is binary cross-entropy of the dot-product logit against a target that mixes the
 * click label with the ranker's click probability (knowledge distillation: Hinton, Vinyals and
 * Dean, "Distilling the Knowledge in a Neural Network", 2015, here with a temperature of 1 and a
 * single logit). Its gradient with respect to the logit is {@code p - target}; the user vector
 * gets that times the item vector and the other way round, and each tower propagates its share
 * back to its embedding rows.
 */
public final class TwoTowerLearner {

    private final TwoTowerModel model;
    private final EmbeddingTable users;
    private final EmbeddingTable items;
    private final FeatureOptions featureOptions;
    private final double distillationWeight;

    public TwoTowerLearner(
            TwoTowerModel model,
            EmbeddingTable users,
            EmbeddingTable items,
            FeatureOptions featureOptions,
            double distillationWeight) {
        this.model = model;
        this.users = users;
        this.items = items;
        this.featureOptions = featureOptions;
        this.distillationWeight = distillationWeight;
    }

    public TwoTowerModel model() {
        return model;
    }

    /**
     * Scores {@code batch} with the current weights without learning: the tower weights, the
     * optimizer state and the embedding tables stay as they are, and no sighting of an id is
     * counted. The towers run DL4J's inference pass here and its training pass in
     * {@link #scoreThenLearn}, so the two can differ by float32 rounding.
     *
     * @return per example, the click probability that {@link #scoreThenLearn} returns for the
     *     same batch and state
     */
    public double[] score(List<TrainingExample> batch) throws Exception {
        TowerInputs inputs = inputs(batch, false);
        float[][] userVectors = model.userVectors(inputs.user());
        float[][] itemVectors = model.itemVectors(inputs.item());
        double[] scores = new double[batch.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = TwoTowerModel.probability(userVectors[i], itemVectors[i]);
        }
        return scores;
    }

    /**
     * Scores {@code batch}, then learns from it.
     *
     * @param teacherClick per example, the ranker's click probability, or null to learn from labels alone
     * @return per example, the click probability from before the update
     */
    public double[] scoreThenLearn(List<TrainingExample> batch, double[] teacherClick) throws Exception {
        return scoreThenLearn(batch, teacherClick, List.of(), new double[0], true);
    }

    /**
     * Scores {@code batch}, then learns from it together with {@code replayed}, examples learned
     * before (see {@link io.streamrank.model.replay.ReplayBuffer}), in one step of each tower and
     * one Adagrad step per embedding row touched. The replayed examples' scores are not returned,
     * and their ids count no sighting, so replay does not admit ids sooner.
     *
     * @param teacherClick per example of {@code batch}, the ranker's click probability, or null to
     *     learn from labels alone
     * @param replayedTeacher per replayed example, the ranker's click probability it was first
     *     learned with; ignored when {@code teacherClick} is null
     * @param replayEmbeddings whether the replayed examples' gradients reach the embedding rows;
     *     with false the rows learn from {@code batch} alone
     * @return per example of {@code batch}, the click probability from before the update
     */
    public double[] scoreThenLearn(
            List<TrainingExample> batch,
            double[] teacherClick,
            List<TrainingExample> replayed,
            double[] replayedTeacher,
            boolean replayEmbeddings)
            throws Exception {
        if (teacherClick != null && replayedTeacher.length != replayed.size()) {
            throw new IllegalArgumentException("got " + replayedTeacher.length + " teacher probabilities for "
                    + replayed.size() + " replayed examples; expected one per example");
        }
        List<TrainingExample> learned = ReplayBatches.join(batch, replayed);
        TowerInputs batchInputs = inputs(batch, true);
        TowerInputs replayedInputs = inputs(replayed, false);
        float[][] userVectors = model.userTower().forward(ReplayBatches.join(batchInputs.user(), replayedInputs.user()));
        float[][] itemVectors = model.itemTower().forward(ReplayBatches.join(batchInputs.item(), replayedInputs.item()));

        int size = learned.size();
        double[] scores = new double[batch.size()];
        float[][] userOutputGradient = new float[size][];
        float[][] itemOutputGradient = new float[size][];
        for (int i = 0; i < size; i++) {
            double probability = TwoTowerModel.probability(userVectors[i], itemVectors[i]);
            if (i < scores.length) {
                scores[i] = probability;
            }
            double label = learned.get(i).click() ? 1.0 : 0.0;
            double target = teacherClick == null
                    ? label
                    : (1 - distillationWeight) * label + distillationWeight * teacher(teacherClick, replayedTeacher, i);
            float logitGradient = (float) (probability - target);
            userOutputGradient[i] = scale(itemVectors[i], logitGradient);
            itemOutputGradient[i] = scale(userVectors[i], logitGradient);
        }

        int dimension = model.embeddingDimension();
        float[][] userInputGradients = model.userTower().backward(userOutputGradient);
        float[][] itemInputGradients = model.itemTower().backward(itemOutputGradient);
        SparseGradients userGradients = new SparseGradients(dimension);
        SparseGradients itemGradients = new SparseGradients(dimension);
        int embeddingExamples = replayEmbeddings ? size : batch.size();
        for (int i = 0; i < embeddingExamples; i++) {
            userGradients.add(learned.get(i).userId(), userInputGradients[i], 0);
            itemGradients.add(learned.get(i).itemId(), itemInputGradients[i], 0);
        }
        userGradients.applyTo(users);
        itemGradients.applyTo(items);
        return scores;
    }

    private static double teacher(double[] fresh, double[] replayed, int index) {
        return index < fresh.length ? fresh[index] : replayed[index - fresh.length];
    }

    /** The user and item tower inputs of a batch, one row per example. */
    private record TowerInputs(float[][] user, float[][] item) {}

    /**
     * Builds the tower inputs of {@code batch} with the embedding weights each id uses. With
     * {@code learning}, the tables count the sightings of ids without a row
     * ({@link EmbeddingTable#readWeights}); without it they are only read
     * ({@link EmbeddingTable#peekWeights}). Both read the same weights.
     */
    private TowerInputs inputs(List<TrainingExample> batch, boolean learning) throws Exception {
        float[][] userInputs = new float[batch.size()][];
        float[][] itemInputs = new float[batch.size()][];
        for (int i = 0; i < userInputs.length; i++) {
            TrainingExample example = batch.get(i);
            userInputs[i] = model.userInputWithoutEmbedding(example.user(), example.eventTime(), featureOptions);
            itemInputs[i] = model.itemInputWithoutEmbedding(example.item(), example.eventTime(), featureOptions);
            if (learning) {
                users.readWeights(example.userId(), userInputs[i], 0);
                items.readWeights(example.itemId(), itemInputs[i], 0);
            } else {
                users.peekWeights(example.userId(), userInputs[i], 0);
                items.peekWeights(example.itemId(), itemInputs[i], 0);
            }
        }
        return new TowerInputs(userInputs, itemInputs);
    }

    private static float[] scale(float[] vector, float factor) {
        float[] result = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            result[i] = vector[i] * factor;
        }
        return result;
    }
}
