package io.streamrank.benchmarks;

import io.streamrank.model.nn.DenseNetwork;
import io.streamrank.model.prerank.PrerankOptions;
import io.streamrank.model.prerank.TwoTowerModel;
import io.streamrank.model.ranker.RankerModel;
import io.streamrank.model.ranker.RankerOptions;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Inference of the models' dense networks with the default settings: the ranker, and the
 * pre-ranker's user and item towers. {@code batched} scores {@code batch} rows in one call;
 * {@code rowByRow}, the baseline, scores the same rows with one call per row. Both report the
 * time for all {@code batch} rows. DL4J's native kernels should run with
 * {@code OMP_NUM_THREADS=1}, as the job and serving run them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PredictBenchmark {

    /** The network: {@code ranker}, {@code user-tower} or {@code item-tower}. */
    @Param({"ranker", "user-tower", "item-tower"})
    public String network;

    /** Rows per batch: one request's candidates are scored as one batch. */
    @Param({"1", "16", "256"})
    public int batch;

    private DenseNetwork model;
    private float[][] rows;
    private float[][][] singleRows;

    @Setup
    public void setUp() {
        int inputs;
        switch (network) {
            case "ranker" -> {
                RankerModel ranker = RankerModel.create(RankerOptions.DEFAULTS);
                model = ranker.network();
                inputs = RankerModel.inputSize(ranker.embeddingDimension());
            }
            case "user-tower" -> {
                TwoTowerModel towers = TwoTowerModel.create(PrerankOptions.DEFAULTS);
                model = towers.userTower();
                inputs = TwoTowerModel.userInputSize(towers.embeddingDimension());
            }
            case "item-tower" -> {
                TwoTowerModel towers = TwoTowerModel.create(PrerankOptions.DEFAULTS);
                model = towers.itemTower();
                inputs = TwoTowerModel.itemInputSize(towers.embeddingDimension());
            }
            default -> throw new IllegalArgumentException(
                    "network is '" + network + "'; expected ranker, user-tower or item-tower");
        }
        SplittableRandom random = new SplittableRandom(42L);
        rows = new float[batch][inputs];
        singleRows = new float[batch][][];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < inputs; j++) {
                rows[i][j] = (float) random.nextGaussian();
            }
            singleRows[i] = new float[][] {rows[i]};
        }
    }

    @Benchmark
    public float[][] batched() {
        return model.predict(rows);
    }

    @Benchmark
    public void rowByRow(Blackhole blackhole) {
        for (float[][] row : singleRows) {
            blackhole.consume(model.predict(row));
        }
    }
}
