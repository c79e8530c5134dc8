package io.streamrank.benchmarks;

import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.embedding.InMemoryEmbeddingStore;

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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One sparse Adagrad step on an existing embedding row, on the in-memory store (so without
 * RocksDB's cost), against reading the same row's weights as the baseline. The ids cycle through
 * {@value #ROWS} rows that all exist before the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class EmbeddingStepBenchmark {

    private static final int ROWS = 10_000;

    /** Weights per row. */
    @Param({"16", "64"})
    public int dimension;

    private EmbeddingTable table;
    private float[] gradient;
    private float[] weights;
    private long next;

    @Setup
    public void setUp() throws Exception {
        table = new EmbeddingTable(new InMemoryEmbeddingStore(), new EmbeddingOptions(dimension, 0.2, 0.1, 0.1, 42L));
        SplittableRandom random = new SplittableRandom(42L);
        gradient = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            gradient[i] = (float) (0.01 * random.nextGaussian());
        }
        weights = new float[dimension];
        for (long id = 0; id < ROWS; id++) {
            table.applyGradient(id, gradient, 0);
        }
    }

    @Benchmark
    public float[] readWeights() throws Exception {
        table.readWeights(nextId(), weights, 0);
        return weights;
    }

    @Benchmark
    public EmbeddingTable adagradStep() throws Exception {
        table.applyGradient(nextId(), gradient, 0);
        return table;
    }

    private long nextId() {
        next = next + 1 == ROWS ? 0 : next + 1;
        return next;
    }
}
