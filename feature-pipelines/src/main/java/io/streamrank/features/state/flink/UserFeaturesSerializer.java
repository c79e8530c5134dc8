package io.streamrank.features.state.flink;

import io.streamrank.features.event.EventType;
import io.streamrank.features.state.BehaviorSequence;
import io.streamrank.features.state.CategoryAffinity;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.features.state.WindowedCounts;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Compact binary form of {@link UserFeatures} in Flink state and between operators, written field
 * by field: every array with its length first, and of the windows only the stored buckets. The
 * form has no version number of its own: the first change to it must add one, in a snapshot
 * class that records it and restores a reader of the old form. Values must not be null; they are
 * immutable, so copies are the values themselves.
 */
public final class UserFeaturesSerializer extends TypeSerializerSingleton<UserFeatures> {

    private static final long serialVersionUID = 1L;

    public static final UserFeaturesSerializer INSTANCE = new UserFeaturesSerializer();

    private static final int TYPES = EventType.values().length;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public UserFeatures createInstance() {
        return UserFeatures.empty(0L);
    }

    @Override
    public UserFeatures copy(UserFeatures from) {
        return from;
    }

    @Override
    public UserFeatures copy(UserFeatures from, UserFeatures reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(UserFeatures value, DataOutputView target) throws IOException {
        target.writeLong(value.userId());
        target.writeLong(value.asOf());
        writeLongs(value.counts(), TYPES, target);
        writeLongs(value.lastTimes(), TYPES, target);
        writeSequence(value.sequence(), target);
        writeAffinity(value.affinity(), target);
        writeWindow(value.shortWindow(), target);
        writeWindow(value.longWindow(), target);
    }

    @Override
    public UserFeatures deserialize(DataInputView source) throws IOException {
        return new UserFeatures(
                source.readLong(),
                source.readLong(),
                readLongs(TYPES, source),
                readLongs(TYPES, source),
                readSequence(source),
                readAffinity(source),
                readWindow(source),
                readWindow(source));
    }

    @Override
    public UserFeatures deserialize(UserFeatures reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<UserFeatures> snapshotConfiguration() {
        return new Snapshot();
    }

    private static void writeSequence(BehaviorSequence sequence, DataOutputView target) throws IOException {
        int size = sequence.size();
        target.writeInt(size);
        writeLongs(sequence.items(), size, target);
        writeLongs(sequence.categories(), size, target);
        writeLongs(sequence.times(), size, target);
        target.write(sequence.types(), 0, size);
    }

    private static BehaviorSequence readSequence(DataInputView source) throws IOException {
        int size = source.readInt();
        long[] items = readLongs(size, source);
        long[] categories = readLongs(size, source);
        long[] times = readLongs(size, source);
        byte[] types = new byte[size];
        source.readFully(types);
        return new BehaviorSequence(items, categories, times, types);
    }

    private static void writeAffinity(CategoryAffinity affinity, DataOutputView target) throws IOException {
        target.writeLong(affinity.asOf());
        int size = affinity.size();
        target.writeInt(size);
        writeLongs(affinity.categories(), size, target);
        for (double score : affinity.scores()) {
            target.writeDouble(score);
        }
    }

    private static CategoryAffinity readAffinity(DataInputView source) throws IOException {
        long asOf = source.readLong();
        int size = source.readInt();
        long[] categories = readLongs(size, source);
        double[] scores = new double[size];
        for (int i = 0; i < size; i++) {
            scores[i] = source.readDouble();
        }
        return new CategoryAffinity(asOf, categories, scores);
    }

    private static void writeWindow(WindowedCounts window, DataOutputView target) throws IOException {
        target.writeLong(window.bucketMillis());
        target.writeInt(window.buckets());
        int stored = window.bucketIds().length;
        target.writeInt(stored);
        writeLongs(window.bucketIds(), stored, target);
        for (int count : window.counts()) {
            target.writeInt(count);
        }
    }

    private static WindowedCounts readWindow(DataInputView source) throws IOException {
        long bucketMillis = source.readLong();
        int buckets = source.readInt();
        int stored = source.readInt();
        long[] ids = readLongs(stored, source);
        int[] counts = new int[stored * WindowedCounts.TYPES];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = source.readInt();
        }
        return new WindowedCounts(bucketMillis, buckets, ids, counts);
    }

    private static void writeLongs(long[] values, int length, DataOutputView target) throws IOException {
        for (int i = 0; i < length; i++) {
            target.writeLong(values[i]);
        }
    }

    private static long[] readLongs(int length, DataInputView source) throws IOException {
        long[] values = new long[length];
        for (int i = 0; i < length; i++) {
            values[i] = source.readLong();
        }
        return values;
    }

    /** The serializer's snapshot: the format version, nothing else to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserFeatures> {

        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
