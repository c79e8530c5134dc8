package io.streamrank.benchmarks;

import io.streamrank.features.state.FeatureCodec;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.features.state.flink.UserFeaturesSerializer;
import io.streamrank.jobs.features.FeatureUpdate;
import io.streamrank.jobs.features.FeatureUpdateSerializer;

import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
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

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What the feature functions do per event besides applying it. They write the new value as JSON
 * for serving, and they hand the update to the Kafka sink's task, which costs a serialization
 * round trip through Flink's network stack. The user function also reads and writes the user's
 * value in RocksDB state, a round trip through its state serializer. The update round trip is
 * measured twice: with Flink's string serializer, the baseline that a record of two strings got
 * by default, and with {@link FeatureUpdateSerializer}.
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
    private final DataOutputSerializer out = new DataOutputSerializer(4096);
    private final DataInputDeserializer in = new DataInputDeserializer();
    private UserFeatures user;
    private ItemFeatures item;
    private FeatureUpdate update;

    @Setup
    public void setUp() {
        FeatureOptions options = FeatureOptions.DEFAULTS;
        var events = SampleEvents.events(history, 42L);
        user = SampleEvents.user(events, options);
        item = SampleEvents.item(events, options);
        update = new FeatureUpdate(FeatureCodec.userKey(SampleEvents.USER), codec.toJson(user), 1_511_568_000_000L);
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
    public FeatureUpdate updateWithStringSerializer() throws IOException {
        out.clear();
        StringSerializer.INSTANCE.serialize(update.key(), out);
        StringSerializer.INSTANCE.serialize(update.json(), out);
        LongSerializer.INSTANCE.serialize(update.ingestTime(), out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return new FeatureUpdate(
                StringSerializer.INSTANCE.deserialize(in),
                StringSerializer.INSTANCE.deserialize(in),
                LongSerializer.INSTANCE.deserialize(in));
    }

    @Benchmark
    public FeatureUpdate updateWithUpdateSerializer() throws IOException {
        out.clear();
        FeatureUpdateSerializer.INSTANCE.serialize(update, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return FeatureUpdateSerializer.INSTANCE.deserialize(in);
    }

    @Benchmark
    public UserFeatures userState() throws IOException {
        out.clear();
        UserFeaturesSerializer.INSTANCE.serialize(user, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return UserFeaturesSerializer.INSTANCE.deserialize(in);
    }
}
