package io.streamrank.features.state.flink;

import io.streamrank.features.event.EventType;
import io.streamrank.features.state.ItemFeatures;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Binary form of {@link ItemFeatures} in Flink state and between operators: fixed-width fields in
 * the record's order, 104 bytes. Like {@link UserFeaturesSerializer}, the form has no version
 * number of its own yet. Values must not be null and are immutable, so copies are the values
 * themselves.
 */
public final class ItemFeaturesSerializer extends TypeSerializerSingleton<ItemFeatures> {

    private static final long serialVersionUID = 1L;

    public static final ItemFeaturesSerializer INSTANCE = new ItemFeaturesSerializer();

    private static final int TYPES = EventType.values().length;

    /** Bytes of one value: eight longs or doubles, and one long per event type. */
    static final int LENGTH = Long.BYTES * (8 + TYPES);

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public ItemFeatures createInstance() {
        return ItemFeatures.empty(0L);
    }

    @Override
    public ItemFeatures copy(ItemFeatures from) {
        return from;
    }

    @Override
    public ItemFeatures copy(ItemFeatures from, ItemFeatures reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return LENGTH;
    }

    @Override
    public void serialize(ItemFeatures value, DataOutputView target) throws IOException {
        target.writeLong(value.itemId());
        target.writeLong(value.categoryId());
        target.writeLong(value.asOf());
        target.writeDouble(value.decayedImpressions());
        target.writeDouble(value.decayedClicks());
        target.writeDouble(value.decayedPurchases());
        for (long count : value.counts()) {
            target.writeLong(count);
        }
        target.writeDouble(value.priorCtr());
        target.writeDouble(value.priorCvr());
    }

    @Override
    public ItemFeatures deserialize(DataInputView source) throws IOException {
        long itemId = source.readLong();
        long categoryId = source.readLong();
        long asOf = source.readLong();
        double impressions = source.readDouble();
        double clicks = source.readDouble();
        double purchases = source.readDouble();
        long[] counts = new long[TYPES];
        for (int i = 0; i < TYPES; i++) {
            counts[i] = source.readLong();
        }
        return new ItemFeatures(
                itemId, categoryId, asOf, impressions, clicks, purchases, counts, source.readDouble(),
                source.readDouble());
    }

    @Override
    public ItemFeatures deserialize(ItemFeatures reuse, DataInputView source) throws IOException {
        return deserialize(source);
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
