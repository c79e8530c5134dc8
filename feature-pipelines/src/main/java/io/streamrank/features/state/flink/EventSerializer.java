package io.streamrank.features.state.flink;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Flink serializer of {@link Event}, the record that every stage of the job passes on. The event id
 * and the request id are written as UTF-8 bytes after their length (-1 for a null request id).
 * The type and the sampled flag take one byte each, and the ids, the time and the position are
 * fixed-width numbers.
 *
 * <p>Flink's record serializer would write each string one character at a time, with a type check
 * per field; in a profile of the feature pipeline the two strings of the event took more CPU in
 * each feature task than decoding the feature value. Values are immutable, so copies are the
 * values themselves.
 */
public final class EventSerializer extends ImmutableValueSerializer<Event> {

    private static final long serialVersionUID = 1L;

    public static final EventSerializer INSTANCE = new EventSerializer();

    private static final EventType[] TYPES = EventType.values();
    private static final int NULL_LENGTH = -1;

    @Override
    public Event createInstance() {
        return Event.engagement("", EventType.CLICK, 0L, 0L, -1L, 0L);
    }

    @Override
    public void serialize(Event event, DataOutputView target) throws IOException {
        writeUtf8(event.eventId(), target);
        target.writeByte(event.type().ordinal());
        target.writeLong(event.userId());
        target.writeLong(event.itemId());
        target.writeLong(event.categoryId());
        target.writeLong(event.eventTime());
        writeUtf8(event.requestId(), target);
        target.writeInt(event.position());
        target.writeBoolean(event.sampled());
    }

    @Override
    public Event deserialize(DataInputView source) throws IOException {
        String eventId = readUtf8(source);
        int type = source.readUnsignedByte();
        if (type >= TYPES.length) {
            throw new IOException("event type ordinal " + type + " is out of range; expected 0 to " + (TYPES.length - 1));
        }
        return new Event(
                eventId,
                TYPES[type],
                source.readLong(),
                source.readLong(),
                source.readLong(),
                source.readLong(),
                readUtf8(source),
                source.readInt(),
                source.readBoolean());
    }

    @Override
    public TypeSerializerSnapshot<Event> snapshotConfiguration() {
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
        if (length < 0) {
            throw new IOException("string length is " + length + "; expected -1 for null or zero or more");
        }
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The serializer's snapshot: the format version, nothing else to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Event> {

        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
