package io.streamrank.jobs.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

class FeatureUpdateSerializerTest {

    private static final FeatureUpdateSerializer SERIALIZER = FeatureUpdateSerializer.INSTANCE;

    private static final List<FeatureUpdate> SAMPLES = List.of(
            new FeatureUpdate("user:42", "{\"entity\":\"user\",\"id\":42,\"counts\":{\"click\":3}}", 1_511_544_070_000L),
            new FeatureUpdate("item:7", "", -1L),
            new FeatureUpdate("item:8", "{\"name\":\"caf\u00e9 \u4e2d \ud83d\ude00\"}", Long.MAX_VALUE),
            new FeatureUpdate(null, null, 0L));

    @Test
    void roundTripKeepsEveryField() throws IOException {
        for (FeatureUpdate update : SAMPLES) {
            assertThat(deserialize(serialize(update))).isEqualTo(update);
        }
    }

    @Test
    void streamCopyMatchesSerializedForm() throws IOException {
        for (FeatureUpdate update : SAMPLES) {
            byte[] serialized = serialize(update);
            DataOutputSerializer copied = new DataOutputSerializer(64);
            SERIALIZER.copy(new DataInputDeserializer(serialized), copied);

            assertThat(copied.getCopyOfBuffer()).isEqualTo(serialized);
        }
    }

    @Test
    void valuesFollowEachOther() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (FeatureUpdate update : SAMPLES) {
            SERIALIZER.serialize(update, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (FeatureUpdate update : SAMPLES) {
            assertThat(SERIALIZER.deserialize(in)).isEqualTo(update);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void extractorPicksTheSerializer() {
        OutputTag<FeatureUpdate> tag = new OutputTag<>("updates") {};

        assertThat(TypeInformation.of(FeatureUpdate.class)).isSameAs(FeatureUpdateTypeInfo.INSTANCE);
        assertThat(tag.getTypeInfo()).isSameAs(FeatureUpdateTypeInfo.INSTANCE);
    }

    @Test
    void snapshotRestoresCompatibleSerializer() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, SERIALIZER.snapshotConfiguration());
        TypeSerializerSnapshot<FeatureUpdate> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        TypeSerializerSchemaCompatibility<FeatureUpdate> compatibility =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isSameAs(SERIALIZER);
    }

    private static byte[] serialize(FeatureUpdate update) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(update, out);
        return out.getCopyOfBuffer();
    }

    private static FeatureUpdate deserialize(byte[] bytes) throws IOException {
        return SERIALIZER.deserialize(new DataInputDeserializer(bytes));
    }
}
