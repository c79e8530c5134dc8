package io.streamrank.features.state.flink;

import io.streamrank.features.state.FeatureBinaryFormat;
import io.streamrank.features.state.ItemFeatures;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink serializer of {@link ItemFeatures}: the fixed-length body of {@link FeatureBinaryFormat},
 * without its frame. Like {@link UserFeaturesSerializer}, its snapshot has no version of its own
 * yet. Values must not be null and are immutable, so copies are the values themselves.
 */
public final class ItemFeaturesSerializer extends ImmutableValueSerializer<ItemFeatures> {

    private static final long serialVersionUID = 1L;

    public static final ItemFeaturesSerializer INSTANCE = new ItemFeaturesSerializer();

    static final int LENGTH = FeatureBinaryFormat.ITEM_BODY_BYTES;

    @Override
    public ItemFeatures createInstance() {
        return ItemFeatures.empty(0L);
    }

    @Override
    public int getLength() {
        return LENGTH;
    }

    @Override
    public void serialize(ItemFeatures value, DataOutputView target) throws IOException {
        FeatureBinaryFormat.writeItem(value, target);
    }

    @Override
    public ItemFeatures deserialize(DataInputView source) throws IOException {
        return FeatureBinaryFormat.readItem(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.write(source, LENGTH);
    }

    @Override
    public TypeSerializerSnapshot<ItemFeatures> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: the format version, nothing else to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ItemFeatures> {

        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
