package io.streamrank.jobs.train;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.nn.DenseNetwork;
import io.streamrank.model.ranker.RankerLearner;
import io.streamrank.model.ranker.RankerModel;
import io.streamrank.model.ranker.RankerOptions;

import org.apache.flink.util.Collector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the ranker online and passes each example on with the ranker's click probability from
 * before learning it, which the pre-ranker distils.
 */
public final class RankerTrainerFunction extends TrainerFunction<TrainingExample, ScoredExample> {

    private static final long serialVersionUID = 1L;

    public static final String MODEL = "ranker";

    private final RankerOptions rankerOptions;
    private final FeatureOptions featureOptions;

    private transient RankerModel model;

    public RankerTrainerFunction(TrainerOptions options, RankerOptions rankerOptions, FeatureOptions featureOptions) {
        super(MODEL, options, rankerOptions.embedding(), TrainingExample.class);
        this.rankerOptions = rankerOptions;
        this.featureOptions = featureOptions;
    }

    @Override
    protected List<String> outputNames() {
        return List.of("click", "purchase");
    }

    @Override
    protected LinkedHashMap<String, DenseNetwork> networks() {
        LinkedHashMap<String, DenseNetwork> networks = new LinkedHashMap<>();
        networks.put(MODEL, model.network());
        return networks;
    }

    @Override
    protected void createModel() {
        model = RankerModel.create(rankerOptions);
    }

    @Override
    protected void scoreThenLearn(
            List<TrainingExample> batch,
            List<TrainingExample> replayed,
            EmbeddingTable users,
            EmbeddingTable items,
            double[][] scoresByOutput,
            Collector<ScoredExample> out)
            throws Exception {
        float[][] scores = new RankerLearner(model, users, items, featureOptions).scoreThenLearn(batch, replayed, options.replay().embeddings());
        for (int i = 0; i < batch.size(); i++) {
            scoresByOutput[RankerModel.CLICK][i] = scores[i][RankerModel.CLICK];
            scoresByOutput[RankerModel.PURCHASE][i] = scores[i][RankerModel.PURCHASE];
            out.collect(new ScoredExample(batch.get(i), scores[i][RankerModel.CLICK]));
        }
    }

    @Override
    protected boolean label(TrainingExample example, int output) {
        return output == RankerModel.CLICK ? example.click() : example.purchase();
    }

    @Override
    protected long eventTime(TrainingExample example) {
        return example.eventTime();
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.putAll(rankerOptions.embedding().toSettings());
        settings.putAll(featureOptions.toSettings());
        settings.put("ranker.hidden", java.util.Arrays.toString(rankerOptions.hidden()));
        settings.put("ranker.learning_rate", Double.toString(rankerOptions.learningRate()));
        settings.put("trainer.batch_size", Integer.toString(options.batchSize()));
        settings.putAll(options.replay().toSettings());
        settings.put(
                io.streamrank.serving.model.NegativeSamplingCorrection.KEEP_RATE_SETTING,
                io.streamrank.jobs.examples.NegativeDownsampler.recordedKeepRate(getRuntimeContext()));
        return settings;
    }
}
