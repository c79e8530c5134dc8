package io.streamrank.jobs.features;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.lang.reflect.Type;
import java.util.Map;

/**
 * The Flink type of {@link FeatureUpdate}: an atomic type serialized by
 * {@link FeatureUpdateSerializer}. {@link FeatureUpdate} names {@link Factory} in its
 * {@code @TypeInfo} annotation, so Flink's type extractor picks it wherever the type appears.
 */
public final class FeatureUpdateTypeInfo extends TypeInformation<FeatureUpdate> {

    private static final long serialVersionUID = 1L;

    public static final FeatureUpdateTypeInfo INSTANCE = new FeatureUpdateTypeInfo();

    private FeatureUpdateTypeInfo() {}

    /** Creates {@link #INSTANCE} for the type extractor. */
    public static final class Factory extends TypeInfoFactory<FeatureUpdate> {
        @Override
        public TypeInformation<FeatureUpdate> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return INSTANCE;
        }
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
    public Class<FeatureUpdate> getTypeClass() {
        return FeatureUpdate.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<FeatureUpdate> createSerializer(SerializerConfig config) {
        return FeatureUpdateSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "FeatureUpdateType";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureUpdateTypeInfo;
    }

    @Override
    public int hashCode() {
        return FeatureUpdateTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof FeatureUpdateTypeInfo;
    }
}
