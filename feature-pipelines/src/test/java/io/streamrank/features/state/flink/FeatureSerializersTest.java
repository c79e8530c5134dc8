package io.streamrank.features.state.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.GlobalRates;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.RandomFeatures;
import io.streamrank.features.state.UserFeatures;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;

class FeatureSerializersTest {

    private static final FeatureOptions OPTIONS = RandomFeatures.OPTIONS;
    private static final long START = RandomFeatures.START;

    @Test
    void userValuesRoundTrip() throws IOException {
        Random random = new Random(41);
        for (int user = 0; user < 100; user++) {
            UserFeatures features = RandomFeatures.user(user, random);

            assertThat(roundTrip(UserFeaturesSerializer.INSTANCE, features)).isEqualTo(features);
        }
    }

    @Test
    void itemValuesRoundTripFixedLength() throws IOException {
        Random random = new Random(43);
        GlobalRates rates = GlobalRates.NONE;
        ItemFeatures item = ItemFeatures.empty(5);
        for (int i = 0; i < 100; i++) {
            Event event = RandomFeatures.event(1, 5, START + random.nextInt(100_000_000), random);
            rates = rates.apply(event, OPTIONS);
            item = item.apply(event, rates, OPTIONS);

            DataOutputSerializer out = new DataOutputSerializer(64);
            ItemFeaturesSerializer.INSTANCE.serialize(item, out);
            assertThat(out.length()).isEqualTo(ItemFeaturesSerializer.INSTANCE.getLength());
            assertThat(roundTrip(ItemFeaturesSerializer.INSTANCE, item)).isEqualTo(item);
        }
    }

    @Test
    void eventsRoundTrip() throws IOException {
        Random random = new Random(47);
        for (int i = 0; i < 100; i++) {
            Event event = RandomFeatures.event(random.nextInt(1000), random.nextInt(1000), START + i, random);

            assertThat(roundTrip(EventSerializer.INSTANCE, event)).isEqualTo(event);
        }
        Event impression = Event.impression("r-7/ünïcode-ид", 3, 4, -1, START, "request-é", 12, true);
        Event click = Event.engagement("", EventType.CLICK, 0, Long.MAX_VALUE, 9, -5);

        assertThat(roundTrip(EventSerializer.INSTANCE, impression)).isEqualTo(impression);
        assertThat(roundTrip(EventSerializer.INSTANCE, click)).isEqualTo(click);
        assertThat(FeatureTypes.EVENT.createSerializer(new SerializerConfigImpl())).isSameAs(EventSerializer.INSTANCE);
    }

    @Test
    void corruptEventTypeIsRejected() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        EventSerializer.INSTANCE.serialize(Event.engagement("e", EventType.CLICK, 1, 2, 3, 4), out);
        byte[] bytes = out.getCopyOfBuffer();
        bytes[Integer.BYTES + 1] = (byte) 99;

        assertThatThrownBy(() -> EventSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("event type ordinal 99 is out of range");
    }

    @Test
    void snapshotsRestoreCompatibleSerializers() throws IOException {
        assertRestoresCompatibly(UserFeaturesSerializer.INSTANCE);
        assertRestoresCompatibly(ItemFeaturesSerializer.INSTANCE);
        assertRestoresCompatibly(EventSerializer.INSTANCE);
    }

    private static <T> void assertRestoresCompatibly(TypeSerializer<T> serializer) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<T> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), FeatureSerializersTest.class.getClassLoader());

        assertThat(restored.restoreSerializer()).isSameAs(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T read = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left after reading").isZero();
        return read;
    }
}
