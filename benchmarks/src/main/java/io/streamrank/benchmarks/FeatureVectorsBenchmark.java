package io.streamrank.benchmarks;

import io.streamrank.features.event.Event;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.model.input.FeatureVectors;

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

import java.util.concurrent.TimeUnit;

/**
 * Turning feature values into the models' dense inputs, one group of slots at a time and all of
 * them for one example, read one hour after the user's last event. The context slots, which read
 * no feature value, are the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FeatureVectorsBenchmark {

    private static final long HOUR_MILLIS = 3_600_000L;

    /** Events in the user's history. */
    @Param({"1", "20", "200"})
    public int history;

    private final FeatureOptions options = FeatureOptions.DEFAULTS;
    private final float[] target = new float[FeatureVectors.USER_SIZE + FeatureVectors.ITEM_SIZE
            + FeatureVectors.CROSS_SIZE + FeatureVectors.CONTEXT_SIZE];
    private UserFeatures user;
    private ItemFeatures item;
    private long time;

    @Setup
    public void setUp() {
        Event[] events = SampleEvents.events(history, 42L);
        user = SampleEvents.user(events, options);
        item = SampleEvents.item(events, options);
        time = events[events.length - 1].eventTime() + HOUR_MILLIS;
    }

    @Benchmark
    public float[] context() {
        FeatureVectors.context(time, 3, target, 0);
        return target;
    }

    @Benchmark
    public float[] user() {
        FeatureVectors.user(user, time, options, target, 0);
        return target;
    }

    @Benchmark
    public float[] item() {
        FeatureVectors.item(item, time, options, target, 0);
        return target;
    }

    @Benchmark
    public float[] cross() {
        FeatureVectors.cross(user, item, time, options, target, 0);
        return target;
    }

    @Benchmark
    public float[] allSlots() {
        int offset = 0;
        FeatureVectors.user(user, time, options, target, offset);
        offset += FeatureVectors.USER_SIZE;
        FeatureVectors.item(item, time, options, target, offset);
        offset += FeatureVectors.ITEM_SIZE;
        FeatureVectors.cross(user, item, time, options, target, offset);
        offset += FeatureVectors.CROSS_SIZE;
        FeatureVectors.context(time, 3, target, offset);
        return target;
    }
}
