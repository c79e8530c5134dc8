package io.streamrank.benchmarks;

import io.streamrank.features.state.FeatureBinaryFormat;
import io.streamrank.features.state.FeatureCodec;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

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
 * What the feature functions do per event besides applying the event: decode the value read from
 * state and encode the new one, whose bytes go both to state and to the feature updates topic.
 * The baseline is the JSON of the same values, which the functions wrote for serving before the
 * binary form replaced it on the topic.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FeatureUpdateBenchmark {

    /** Events in the user's history, which sets the size of the value. */
    @Param({"1", "20", "200"})
    public int history;

    private final FeatureCodec codec = new FeatureCodec();
    private final FeatureBinaryFormat format = new FeatureBinaryFormat();
    private UserFeatures user;
    private ItemFeatures item;
    private byte[] userBytes;
    private byte[] itemBytes;

    @Setup
    public void setUp() {
        FeatureOptions options = FeatureOptions.DEFAULTS;
        var events = SampleEvents.events(history, 42L);
        user = SampleEvents.user(events, options);
        item = SampleEvents.item(events, options);
        userBytes = format.encode(user);
        itemBytes = format.encode(item);
    }

    @Benchmark
    public String userJson() {
        return codec.toJson(user);
    }

    @Benchmark
    public String itemJson() {
        return codec.toJson(item);
    }

    @Benchmark
    public byte[] userEncode() {
        return format.encode(user);
    }

    @Benchmark
    public byte[] itemEncode() {
        return format.encode(item);
    }

    @Benchmark
    public UserFeatures userDecode() {
        return FeatureBinaryFormat.decodeUser(userBytes);
    }

    @Benchmark
    public ItemFeatures itemDecode() {
        return FeatureBinaryFormat.decodeItem(itemBytes);
    }
}
