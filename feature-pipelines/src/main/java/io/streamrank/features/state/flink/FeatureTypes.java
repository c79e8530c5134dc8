package io.streamrank.features.state.flink;

import io.streamrank.features.event.Event;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.lang.reflect.Type;
import java.util.Map;

/**
 * The Flink types of the events and the feature values, with their compact serializers
 * ({@link EventSerializer}, {@link UserFeaturesSerializer}, {@link ItemFeaturesSerializer}).
 *
 * <p>{@link Event}, {@link UserFeatures} and {@link ItemFeatures} name their factories here with
 * Flink's {@code @TypeInfo} annotation, so that wherever Flink extracts a type that contains one
 * (the events between operators, the label join's pending examples, trainer inputs), on the client
 * or on a task manager, it gets these serializers instead of the generic serializer of records. Every run then gets the same serializers, which a restore from a checkpoint needs.
 */
public final class FeatureTypes {

    public static final TypeInformation<UserFeatures> USER =
            new FeatureTypeInfo<>(UserFeatures.class, UserFeaturesSerializer.INSTANCE);
    public static final TypeInformation<ItemFeatures> ITEM =
            new FeatureTypeInfo<>(ItemFeatures.class, ItemFeaturesSerializer.INSTANCE);
    public static final TypeInformation<Event> EVENT = new FeatureTypeInfo<>(Event.class, EventSerializer.INSTANCE);

    private FeatureTypes() {}

    /** Creates {@link #USER} wherever Flink extracts the type of a user feature value. */
    public static final class UserFactory extends TypeInfoFactory<UserFeatures> {
        @Override
        public TypeInformation<UserFeatures> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return USER;
        }
    }

    /** Creates {@link #ITEM} wherever Flink extracts the type of an item feature value. */
    public static final class ItemFactory extends TypeInfoFactory<ItemFeatures> {
        @Override
        public TypeInformation<ItemFeatures> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return ITEM;
        }
    }

    /** Creates {@link #EVENT} wherever Flink extracts the type of an event. */
    public static final class EventFactory extends TypeInfoFactory<Event> {
        @Override
        public TypeInformation<Event> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return EVENT;
        }
    }

    /** A type of this class: an atomic type with a fixed serializer. */
    private static final class FeatureTypeInfo<T> extends TypeInformation<T> {

        private static final long serialVersionUID = 1L;

        private final Class<T> type;
        private final TypeSerializer<T> serializer;

        FeatureTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<T> getTypeClass() {
            return type;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Override
        public String toString() {
            return "FeatureType<" + type.getSimpleName() + ">";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FeatureTypeInfo<?> that && type.equals(that.type);
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public boolean canEqual(Object other) {
            return other instanceof FeatureTypeInfo;
        }
    }
}
