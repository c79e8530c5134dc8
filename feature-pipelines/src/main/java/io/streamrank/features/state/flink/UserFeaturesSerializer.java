package io.streamrank.features.state.flink;

import io.streamrank.features.state.FeatureBinaryFormat;
import io.streamrank.features.state.UserFeatures;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink serializer of {@link UserFeatures}: the body of {@link FeatureBinaryFormat}, without its
 * frame. The first change to that form must give the snapshot class a version that restores a
 * reader of the old form. Values must not be null; they are immutable, so copies are the values
 * themselves.
 */
public final class UserFeaturesSerializer extends ImmutableValueSerializer<UserFeatures> {

    private static final long serialVersionUID = 1L;

    public static final UserFeaturesSerializer INSTANCE = new UserFeaturesSerializer();

    @Override
    public UserFeatures createInstance() {
        return UserFeatures.empty(0L);
    }

    @Override
    public void serialize(UserFeatures value, DataOutputView target) throws IOException {
        FeatureBinaryFormat.writeUser(value, target);
    }

    @Override
    public UserFeatures deserialize(DataInputView source) throws IOException {
        return FeatureBinaryFormat.readUser(source);
    }

    @Override
    public TypeSerializerSnapshot<UserFeatures> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: the format version, nothing else to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserFeatures> {

        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
