package io.streamrank.jobs.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.GlobalRates;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.features.state.flink.FeatureTypes;
import io.streamrank.features.state.flink.UserFeaturesSerializer;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;

class FeatureTypesTest {

    private static final long START = 1_700_000_000_000L;

    @Test
    void featureRecordsUseCompactSerializers() {
        PojoTypeInfo<EnrichedEvent> enriched = (PojoTypeInfo<EnrichedEvent>) TypeInformation.of(EnrichedEvent.class);
        PojoTypeInfo<TrainingExample> example = (PojoTypeInfo<TrainingExample>) TypeInformation.of(TrainingExample.class);

        assertThat(enriched.<byte[]>getTypeAt("userValue")).isEqualTo(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        assertThat(enriched.<byte[]>getTypeAt("itemValue")).isEqualTo(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        assertThat(example.<UserFeatures>getTypeAt("user")).isSameAs(FeatureTypes.USER);
        assertThat(FeatureTypes.USER.createSerializer(new SerializerConfigImpl())).isSameAs(UserFeaturesSerializer.INSTANCE);
    }

    @Test
    void enrichedEventsRoundTrip() throws IOException {
        TypeSerializer<EnrichedEvent> serializer =
                TypeInformation.of(EnrichedEvent.class).createSerializer(new SerializerConfigImpl());
        Event click = Event.engagement("a", EventType.CLICK, 3, 9, 4, START);
        Event cart = Event.engagement("b", EventType.CART, 3, 8, 5, START + 60_000);
        UserFeatures user = UserFeatures.empty(3)
                .apply(click, FeatureOptions.DEFAULTS)
                .apply(cart, FeatureOptions.DEFAULTS);
        EnrichedEvent withoutItem = EnrichedEvent.of(click, 17L, user, null);
        EnrichedEvent withItem = EnrichedEvent.of(click, 17L, user, ItemFeatures.empty(9, new GlobalRates(START, 10, 2, 1)));

        assertThat(roundTrip(serializer, withoutItem)).isEqualTo(withoutItem);
        assertThat(roundTrip(serializer, withItem)).isEqualTo(withItem);
        assertThat(roundTrip(serializer, withItem).user()).isEqualTo(user);
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
