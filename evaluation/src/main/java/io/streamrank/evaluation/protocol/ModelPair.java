package io.streamrank.evaluation.protocol;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.embedding.InMemoryEmbeddingStore;
import io.streamrank.model.prerank.TwoTowerLearner;
import io.streamrank.model.prerank.TwoTowerModel;
import io.streamrank.model.ranker.RankerLearner;
import io.streamrank.model.ranker.RankerModel;
import io.streamrank.model.replay.ReplayBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The ranker and the pre-ranker of one configuration with their embedding tables in memory,
 * trained as the job's trainers train them.
 *
 * <p>{@link #scoreThenLearn} is the job's training step: the embedding tables start a batch at the
 * newest event time seen so far, {@link RankerLearner} scores and learns the mini-batch,
 * {@link TwoTowerLearner} does the same with the ranker's click probabilities from before the
 * update as its distillation target, and the tables end the batch (admission, expiry). The tables
 * keep the same rows, sighting counts and expiry index as the trainers' keyed state, in memory.
 * With {@link ModelConfig#replay()} enabled, each model keeps its own {@link ReplayBuffer}, as each
 * trainer does, and learns each batch together with examples drawn from it; the pre-ranker's
 * buffer keeps each example with the ranker's click probability it was first learned with.
 *
 * <p>{@link #scoreRanker} and {@link #scorePrerank} score without learning and without counting
 * sightings, for protocols that measure a frozen model. Not thread-safe.
 */
public final class ModelPair {

    private final ModelConfig config;
    private final FeatureOptions features;
    private final RankerModel ranker;
    private final Tables rankerTables;
    private final TwoTowerModel prerank;
    private final Tables prerankTables;
    private final ReplayBuffer<TrainingExample> rankerReplay;
    private final ReplayBuffer<TaughtExample> prerankReplay;
    private long clock;

    /** An example with the ranker's click probability that the pre-ranker learned it with. */
    private record TaughtExample(TrainingExample example, double teacherClick) {}

    /** The user and item tables of one model, over stores that {@link #copy()} can duplicate. */
    private record Tables(
            InMemoryEmbeddingStore userStore,
            InMemoryEmbeddingStore itemStore,
            EmbeddingTable users,
            EmbeddingTable items) {

        static Tables over(InMemoryEmbeddingStore userStore, InMemoryEmbeddingStore itemStore, ModelConfig config,
                boolean ranker) {
            var options = ranker ? config.ranker().embedding() : config.prerank().embedding();
            return new Tables(
                    userStore, itemStore, new EmbeddingTable(userStore, options), new EmbeddingTable(itemStore, options));
        }

        Tables copy(ModelConfig config, boolean ranker) {
            return over(userStore.copy(), itemStore.copy(), config, ranker);
        }

        void beginBatch(long eventTime) throws Exception {
            users.beginBatch(eventTime);
            items.beginBatch(eventTime);
        }

        void endBatch() throws Exception {
            users.endBatch();
            items.endBatch();
        }

        int rows() {
            return userStore.size() + itemStore.size();
        }
    }

    private ModelPair(
            ModelConfig config,
            FeatureOptions features,
            RankerModel ranker,
            Tables rankerTables,
            TwoTowerModel prerank,
            Tables prerankTables,
            ReplayBuffer<TrainingExample> rankerReplay,
            ReplayBuffer<TaughtExample> prerankReplay,
            long clock) {
        this.config = config;
        this.features = features;
        this.ranker = ranker;
        this.rankerTables = rankerTables;
        this.prerank = prerank;
        this.prerankTables = prerankTables;
        this.rankerReplay = rankerReplay;
        this.prerankReplay = prerankReplay;
        this.clock = clock;
    }

    /** Creates untrained models with the configuration's initial weights. */
    public static ModelPair create(ModelConfig config, FeatureOptions features) {
        return new ModelPair(
                config,
                features,
                RankerModel.create(config.ranker()),
                Tables.over(new InMemoryEmbeddingStore(), new InMemoryEmbeddingStore(), config, true),
                TwoTowerModel.create(config.prerank()),
                Tables.over(new InMemoryEmbeddingStore(), new InMemoryEmbeddingStore(), config, false),
                new ReplayBuffer<>(config.replay()),
                new ReplayBuffer<>(config.replay()),
                Long.MIN_VALUE);
    }

    public ModelConfig config() {
        return config;
    }

    /** Returns an independent copy: dense weights, optimizer state, embedding tables and replay buffers. */
    public ModelPair copy() {
        RankerModel rankerCopy = RankerModel.create(config.ranker());
        rankerCopy.network().restore(ranker.network().state());
        TwoTowerModel prerankCopy = TwoTowerModel.create(config.prerank());
        prerankCopy.userTower().restore(prerank.userTower().state());
        prerankCopy.itemTower().restore(prerank.itemTower().state());
        return new ModelPair(
                config,
                features,
                rankerCopy,
                rankerTables.copy(config, true),
                prerankCopy,
                prerankTables.copy(config, false),
                rankerReplay.copy(),
                prerankReplay.copy(),
                clock);
    }

    /**
     * Scores {@code batch} with the current weights, then learns from it, as the job's ranker and
     * pre-ranker trainers do.
     *
     * @return per {@link Head} ordinal, per example, the probability from before the update
     */
    public double[][] scoreThenLearn(List<TrainingExample> batch) throws Exception {
        for (TrainingExample example : batch) {
            clock = Math.max(clock, example.eventTime());
        }
        double[][] scores = new double[Head.values().length][batch.size()];

        rankerTables.beginBatch(clock);
        float[][] rankerScores = rankerLearner().scoreThenLearn(batch, rankerReplay.sample(batch.size()), config.replay().embeddings());
        rankerTables.endBatch();
        rankerReplay.add(batch);
        double[] teacherClick = new double[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            scores[Head.RANKER_CLICK.ordinal()][i] = rankerScores[i][RankerModel.CLICK];
            scores[Head.RANKER_PURCHASE.ordinal()][i] = rankerScores[i][RankerModel.PURCHASE];
            teacherClick[i] = rankerScores[i][RankerModel.CLICK];
        }

        List<TaughtExample> replayed = prerankReplay.sample(batch.size());
        List<TrainingExample> replayedExamples = new ArrayList<>(replayed.size());
        double[] replayedTeacher = new double[replayed.size()];
        for (int i = 0; i < replayedTeacher.length; i++) {
            replayedExamples.add(replayed.get(i).example());
            replayedTeacher[i] = replayed.get(i).teacherClick();
        }
        prerankTables.beginBatch(clock);
        scores[Head.PRERANK_CLICK.ordinal()] =
                prerankLearner().scoreThenLearn(
                batch, teacherClick, replayedExamples, replayedTeacher, config.replay().embeddings());
        prerankTables.endBatch();
        List<TaughtExample> taught = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            taught.add(new TaughtExample(batch.get(i), teacherClick[i]));
        }
        prerankReplay.add(taught);

        requireProbabilities(scores, batch);
        return scores;
    }

    /**
     * Scores {@code batch} with the ranker without learning ({@link RankerLearner#score}).
     *
     * @return the click probabilities at index 0 and the purchase probabilities at index 1
     */
    public double[][] scoreRanker(List<TrainingExample> batch) throws Exception {
        float[][] outputs = rankerLearner().score(batch);
        double[][] scores = new double[2][batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            scores[0][i] = outputs[i][RankerModel.CLICK];
            scores[1][i] = outputs[i][RankerModel.PURCHASE];
        }
        return scores;
    }

    /**
     * Scores {@code batch} with the pre-ranker without learning ({@link TwoTowerLearner#score}).
     *
     * @return per example, the click probability
     */
    public double[] scorePrerank(List<TrainingExample> batch) throws Exception {
        return prerankLearner().score(batch);
    }

    /** Returns the ranker's dense parameters, to check that scoring leaves them unchanged. */
    public float[] rankerParameters() {
        return ranker.network().state().parameters();
    }

    /** Returns the number of embedding rows of ids over all four tables, default rows not counted. */
    public int embeddingRows() {
        return rankerTables.rows() + prerankTables.rows();
    }

    private RankerLearner rankerLearner() {
        return new RankerLearner(ranker, rankerTables.users(), rankerTables.items(), features);
    }

    private TwoTowerLearner prerankLearner() {
        return new TwoTowerLearner(
                prerank, prerankTables.users(), prerankTables.items(), features, config.prerank().distillationWeight());
    }

    private void requireProbabilities(double[][] scores, List<TrainingExample> batch) {
        for (Head head : Head.values()) {
            double[] headScores = scores[head.ordinal()];
            for (int i = 0; i < headScores.length; i++) {
                if (!(headScores[i] >= 0.0 && headScores[i] <= 1.0)) {
                    throw new IllegalStateException("configuration '" + config.name() + "': " + head.id()
                            + " scored " + headScores[i] + " for example " + batch.get(i).eventId()
                            + "; expected a probability in [0, 1]. The model diverged; lower its learning rate");
                }
            }
        }
    }
}
