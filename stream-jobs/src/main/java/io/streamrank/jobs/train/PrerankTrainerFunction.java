package io.streamrank.jobs.train;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.nn.DenseNetwork;
import io.streamrank.model.prerank.PrerankOptions;
import io.streamrank.model.prerank.TwoTowerLearner;
import io.streamrank.model.prerank.TwoTowerModel;

import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trains the two-tower pre-ranker online on the click label and the ranker's click probability. */
public final class PrerankTrainerFunction extends TrainerFunction<ScoredExample, Void> {

    private static final long serialVersionUID = 1L;

    public static final String MODEL = "prerank";
    public static final String USER_TOWER = "user_tower";
    public static final String ITEM_TOWER = "item_tower";

    private final PrerankOptions prerankOptions;
    private final FeatureOptions featureOptions;

    private transient TwoTowerModel model;

    public PrerankTrainerFunction(TrainerOptions options, PrerankOptions prerankOptions, FeatureOptions featureOptions) {
        super(MODEL, options, prerankOptions.embedding(), ScoredExample.class);
        this.prerankOptions = prerankOptions;
        this.featureOptions = featureOptions;
    }

    @Override
    protected List<String> outputNames() {
        return List.of("click");
    }

    @Override
    protected LinkedHashMap<String, DenseNetwork> networks() {
        LinkedHashMap<String, DenseNetwork> networks = new LinkedHashMap<>();
        networks.put(USER_TOWER, model.userTower());
        networks.put(ITEM_TOWER, model.itemTower());
        return networks;
    }

    @Override
    protected void createModel() {
        model = TwoTowerModel.create(prerankOptions);
    }

    @Override
    protected void scoreThenLearn(
            List<ScoredExample> batch,
            List<ScoredExample> replayed,
            EmbeddingTable users,
            EmbeddingTable items,
            double[][] scoresByOutput,
            Collector<Void> out)
            throws Exception {
        TwoTowerLearner learner =
                new TwoTowerLearner(model, users, items, featureOptions, prerankOptions.distillationWeight());
        scoresByOutput[0] = learner.scoreThenLearn(
                examples(batch), teachers(batch), examples(replayed), teachers(replayed), options.replay().embeddings());
    }

    private static List<TrainingExample> examples(List<ScoredExample> scored) {
        List<TrainingExample> examples = new ArrayList<>(scored.size());
        for (ScoredExample example : scored) {
            examples.add(example.example());
        }
        return examples;
    }

    private static double[] teachers(List<ScoredExample> scored) {
        double[] teachers = new double[scored.size()];
        for (int i = 0; i < teachers.length; i++) {
            teachers[i] = scored.get(i).teacherClick();
        }
        return teachers;
    }

    @Override
    protected boolean label(ScoredExample example, int output) {
        return example.example().click();
    }

    @Override
    protected long eventTime(ScoredExample example) {
        return example.example().eventTime();
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.putAll(prerankOptions.embedding().toSettings());
        settings.putAll(featureOptions.toSettings());
        settings.put("prerank.tower_hidden", Integer.toString(prerankOptions.towerHidden()));
        settings.put("prerank.output_dimension", Integer.toString(prerankOptions.outputDimension()));
        settings.put("prerank.learning_rate", Double.toString(prerankOptions.learningRate()));
        settings.put("prerank.distillation_weight", Double.toString(prerankOptions.distillationWeight()));
        settings.put("trainer.batch_size", Integer.toString(options.batchSize()));
        settings.putAll(options.replay().toSettings());
        settings.put(
                io.streamrank.serving.model.NegativeSamplingCorrection.KEEP_RATE_SETTING,
                io.streamrank.jobs.examples.NegativeDownsampler.recordedKeepRate(getRuntimeContext()));
        return settings;
    }
}
