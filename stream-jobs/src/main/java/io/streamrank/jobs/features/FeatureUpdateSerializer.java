package io.streamrank.jobs.features;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Binary form of {@link FeatureUpdate} between operators: the key and the JSON value as UTF-8
 * bytes, each after its length (-1 for null), then the ingest time.
 *
 * <p>Flink's own string serializer writes and reads a string one character at a time. A user's
 * feature value is about a kilobyte of JSON, and in a profile of the feature pipeline that loop
 * took more CPU than applying the events to the features. The JDK converts an ASCII string to and
 * from UTF-8 with a bulk copy. Values are immutable, so copies are the values themselves.
 */
public final class FeatureUpdateSerializer extends TypeSerializerSingleton<FeatureUpdate> {

    private static final long serialVersionUID = 1L;

    public static final FeatureUpdateSerializer INSTANCE = new FeatureUpdateSerializer();

    private static final int NULL_LENGTH = -1;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public FeatureUpdate createInstance() {
        return new FeatureUpdate("", "", 0L);
    }

    @Override
    public FeatureUpdate copy(FeatureUpdate from) {
        return from;
    }

    @Override
    public FeatureUpdate copy(FeatureUpdate from, FeatureUpdate reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FeatureUpdate value, DataOutputView target) throws IOException {
        writeUtf8(value.key(), target);
        writeUtf8(value.json(), target);
        target.writeLong(value.ingestTime());
    }

    @Override
    public FeatureUpdate deserialize(DataInputView source) throws IOException {
        return new FeatureUpdate(readUtf8(source), readUtf8(source), source.readLong());
    }

    @Override
    public FeatureUpdate deserialize(FeatureUpdate reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        copyBytes(source, target);
        copyBytes(source, target);
        target.writeLong(source.readLong());
    }

    @Override
    public TypeSerializerSnapshot<FeatureUpdate> snapshotConfiguration() {
        return new Snapshot();
    }

    private static void writeUtf8(String text, DataOutputView target) throws IOException {
        if (text == null) {
            target.writeInt(NULL_LENGTH);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    private static String readUtf8(DataInputView source) throws IOException {
        int length = source.readInt();
        if (length == NULL_LENGTH) {
            return null;
        }
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void copyBytes(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        if (length > 0) {
            target.write(source, length);
        }
    }

    /** The serializer's snapshot: the format version, nothing else to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FeatureUpdate> {

        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
