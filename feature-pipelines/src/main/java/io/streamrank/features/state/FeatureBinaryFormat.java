package io.streamrank.features.state;

import io.streamrank.features.event.EventType;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The binary form of the feature values: in Flink state, between operators, on the feature
 * updates topic and in the serving store. JSON ({@link FeatureCodec}) is only for people: the
 * HTTP feature queries and the docs.
 *
 * <p>The body of a value is written field by field, every array with its length first. Fixed-width
 * numbers are big-endian. Ids, categories, times in the sequence, bucket ids and window counts are
 * variable-length numbers: zigzag-mapped, then seven bits per byte, low bits first. A user body has
 * the id, the as-of time, and the counts and last times per event type. Then comes the behaviour
 * sequence: its size, per entry the item, the category and the time as its distance back from the
 * as-of time, then one type byte per entry. The category affinity follows (as-of time, size,
 * categories, scores). Last come the short and long windows: bucket length, bucket count, stored
 * bucket count, the bucket ids as differences from the previous one, then the counts per stored
 * bucket and event type. An item body has a
 * fixed length of {@value #ITEM_BODY_BYTES} bytes: id, category, as-of time, decayed impressions,
 * clicks and purchases, counts per event type and the two priors.
 *
 * <p>A framed value, as stored and published, is one format version byte
 * ({@value #VERSION}), one entity byte ({@value #USER} or {@value #ITEM}) and the body, so that a
 * reader can check both before it trusts the rest. The Flink serializers of the feature values
 * write bodies only; their snapshots carry the version instead.
 *
 * <p>The static methods are thread-safe. An instance keeps the buffer that {@link #encode}
 * reuses, so each thread needs its own.
 */
public final class FeatureBinaryFormat {

    /** Format version of the framed values. */
    public static final byte VERSION = 1;
    /** Entity byte of a user value. */
    public static final byte USER = 'U';
    /** Entity byte of an item value. */
    public static final byte ITEM = 'I';

    private static final int TYPES = EventType.values().length;
    /** Bytes of an item body: eight longs or doubles, and one long per event type. */
    public static final int ITEM_BODY_BYTES = Long.BYTES * (8 + TYPES);
    /** Largest array length a reader accepts, far above any bounded feature's. */
    private static final int MAX_ARRAY_LENGTH = 1 << 20;
    private static final int HEADER_BYTES = 2;

    private final ByteArrayDataOutput buffer = new ByteArrayDataOutput(2048);

    /** Returns the framed form of {@code features}. */
    public byte[] encode(UserFeatures features) {
        buffer.reset();
        buffer.writeByte(VERSION);
        buffer.writeByte(USER);
        try {
            writeUser(features, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array output failed", e);
        }
        return buffer.toByteArray();
    }

    /** Returns the framed form of {@code features}. */
    public byte[] encode(ItemFeatures features) {
        buffer.reset();
        buffer.writeByte(VERSION);
        buffer.writeByte(ITEM);
        try {
            writeItem(features, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array output failed", e);
        }
        return buffer.toByteArray();
    }

    /**
     * Returns {@link FeatureCodec#USER} or {@link FeatureCodec#ITEM} for a framed value.
     *
     * @throws IllegalArgumentException when the value is shorter than its header, has another
     *     format version or an unknown entity byte
     */
    public static String entityOf(byte[] value) {
        if (value == null || value.length < HEADER_BYTES) {
            throw new IllegalArgumentException("feature value of " + (value == null ? "null" : value.length + " bytes")
                    + " is shorter than its " + HEADER_BYTES + "-byte header");
        }
        if (value[0] != VERSION) {
            throw new IllegalArgumentException(
                    "feature value has format version " + value[0] + "; expected " + VERSION);
        }
        return switch (value[1]) {
            case USER -> FeatureCodec.USER;
            case ITEM -> FeatureCodec.ITEM;
            default -> throw new IllegalArgumentException("feature value has entity byte " + value[1]
                    + "; expected " + USER + " (user) or " + ITEM + " (item)");
        };
    }

    /**
     * Reads a framed user value.
     *
     * @throws IllegalArgumentException naming the problem when the value is not a complete user value
     */
    public static UserFeatures decodeUser(byte[] value) {
        ByteArrayDataInput input = open(value, FeatureCodec.USER);
        try {
            UserFeatures features = readUser(input);
            requireConsumed(input, value);
            return features;
        } catch (IOException e) {
            throw new IllegalArgumentException("user feature value of " + value.length + " bytes is invalid: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads a framed item value.
     *
     * @throws IllegalArgumentException naming the problem when the value is not a complete item value
     */
    public static ItemFeatures decodeItem(byte[] value) {
        ByteArrayDataInput input = open(value, FeatureCodec.ITEM);
        if (input.remaining() != ITEM_BODY_BYTES) {
            throw new IllegalArgumentException("item feature value has a body of " + input.remaining()
                    + " bytes; expected " + ITEM_BODY_BYTES);
        }
        try {
            return readItem(input);
        } catch (IOException e) {
            throw new UncheckedIOException("reading an item body of checked length failed", e);
        }
    }

    private static ByteArrayDataInput open(byte[] value, String expectedEntity) {
        String entity = entityOf(value);
        if (!entity.equals(expectedEntity)) {
            throw new IllegalArgumentException(
                    "feature value is of entity '" + entity + "'; expected '" + expectedEntity + "'");
        }
        return new ByteArrayDataInput(value, HEADER_BYTES);
    }

    private static void requireConsumed(ByteArrayDataInput input, byte[] value) throws IOException {
        if (input.remaining() != 0) {
            throw new IOException(input.remaining() + " bytes left over after the value's last field, of "
                    + value.length);
        }
    }

    /** Writes the body of a user value. */
    public static void writeUser(UserFeatures value, DataOutput target) throws IOException {
        target.writeLong(value.userId());
        target.writeLong(value.asOf());
        writeLongs(value.counts(), TYPES, target);
        writeLongs(value.lastTimes(), TYPES, target);
        writeSequence(value.sequence(), value.asOf(), target);
        writeAffinity(value.affinity(), target);
        writeWindow(value.shortWindow(), target);
        writeWindow(value.longWindow(), target);
    }

    /** Reads the body of a user value. */
    public static UserFeatures readUser(DataInput source) throws IOException {
        long userId = source.readLong();
        long asOf = source.readLong();
        return new UserFeatures(
                userId,
                asOf,
                readLongs(TYPES, source),
                readLongs(TYPES, source),
                readSequence(source, asOf),
                readAffinity(source),
                readWindow(source),
                readWindow(source));
    }

    /** Writes the body of an item value, {@value #ITEM_BODY_BYTES} bytes. */
    public static void writeItem(ItemFeatures value, DataOutput target) throws IOException {
        target.writeLong(value.itemId());
        target.writeLong(value.categoryId());
        target.writeLong(value.asOf());
        target.writeDouble(value.decayedImpressions());
        target.writeDouble(value.decayedClicks());
        target.writeDouble(value.decayedPurchases());
        writeLongs(value.counts(), TYPES, target);
        target.writeDouble(value.priorCtr());
        target.writeDouble(value.priorCvr());
    }

    /** Reads the body of an item value. */
    public static ItemFeatures readItem(DataInput source) throws IOException {
        long itemId = source.readLong();
        long categoryId = source.readLong();
        long asOf = source.readLong();
        double impressions = source.readDouble();
        double clicks = source.readDouble();
        double purchases = source.readDouble();
        long[] counts = readLongs(TYPES, source);
        double priorCtr = source.readDouble();
        double priorCvr = source.readDouble();
        return new ItemFeatures(itemId, categoryId, asOf, impressions, clicks, purchases, counts, priorCtr, priorCvr);
    }

    private static void writeSequence(BehaviorSequence sequence, long asOf, DataOutput target) throws IOException {
        int size = sequence.size();
        target.writeInt(size);
        long[] items = sequence.items();
        long[] categories = sequence.categories();
        long[] times = sequence.times();
        for (int i = 0; i < size; i++) {
            writeVarLong(zigZag(items[i]), target);
            writeVarLong(zigZag(categories[i]), target);
            writeVarLong(zigZag(asOf - times[i]), target);
        }
        target.write(sequence.types(), 0, size);
    }

    private static BehaviorSequence readSequence(DataInput source, long asOf) throws IOException {
        int size = readLength(source, "sequence");
        long[] items = new long[size];
        long[] categories = new long[size];
        long[] times = new long[size];
        for (int i = 0; i < size; i++) {
            items[i] = unZigZag(readVarLong(source));
            categories[i] = unZigZag(readVarLong(source));
            times[i] = asOf - unZigZag(readVarLong(source));
        }
        byte[] types = new byte[size];
        source.readFully(types);
        return new BehaviorSequence(items, categories, times, types);
    }

    private static void writeAffinity(CategoryAffinity affinity, DataOutput target) throws IOException {
        target.writeLong(affinity.asOf());
        int size = affinity.size();
        target.writeInt(size);
        long[] categories = affinity.categories();
        for (int i = 0; i < size; i++) {
            writeVarLong(zigZag(categories[i]), target);
        }
        double[] scores = affinity.scores();
        for (int i = 0; i < size; i++) {
            target.writeDouble(scores[i]);
        }
    }

    private static CategoryAffinity readAffinity(DataInput source) throws IOException {
        long asOf = source.readLong();
        int size = readLength(source, "affinity");
        long[] categories = new long[size];
        for (int i = 0; i < size; i++) {
            categories[i] = unZigZag(readVarLong(source));
        }
        double[] scores = new double[size];
        for (int i = 0; i < size; i++) {
            scores[i] = source.readDouble();
        }
        return new CategoryAffinity(asOf, categories, scores);
    }

    private static void writeWindow(WindowedCounts window, DataOutput target) throws IOException {
        target.writeLong(window.bucketMillis());
        target.writeInt(window.buckets());
        long[] ids = window.bucketIds();
        int stored = ids.length;
        target.writeInt(stored);
        long previous = 0;
        for (int i = 0; i < stored; i++) {
            writeVarLong(zigZag(ids[i] - previous), target);
            previous = ids[i];
        }
        for (int count : window.counts()) {
            writeVarLong(zigZag(count), target);
        }
    }

    private static WindowedCounts readWindow(DataInput source) throws IOException {
        long bucketMillis = source.readLong();
        int buckets = source.readInt();
        int stored = readLength(source, "window");
        long[] ids = new long[stored];
        long previous = 0;
        for (int i = 0; i < stored; i++) {
            ids[i] = previous + unZigZag(readVarLong(source));
            previous = ids[i];
        }
        int[] counts = new int[stored * WindowedCounts.TYPES];
        for (int i = 0; i < counts.length; i++) {
            long count = unZigZag(readVarLong(source));
            if (count != (int) count) {
                throw new IOException("window count " + count + " does not fit in an int");
            }
            counts[i] = (int) count;
        }
        return new WindowedCounts(bucketMillis, buckets, ids, counts);
    }

    /** Writes {@code value} seven bits at a time, low bits first, the high bit set on all but the last byte. */
    private static void writeVarLong(long value, DataOutput target) throws IOException {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            target.writeByte((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        target.writeByte((int) rest);
    }

    private static long readVarLong(DataInput source) throws IOException {
        long value = 0;
        for (int shift = 0; shift < Long.SIZE; shift += 7) {
            byte next = source.readByte();
            value |= (long) (next & 0x7F) << shift;
            if (next >= 0) {
                return value;
            }
        }
        throw new IOException("variable-length number is longer than 10 bytes");
    }

    /** Maps signed to unsigned so that numbers near zero, negative or not, take few bytes. */
    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static int readLength(DataInput source, String what) throws IOException {
        int length = source.readInt();
        if (length < 0 || length > MAX_ARRAY_LENGTH) {
            throw new IOException(what + " length is " + length + "; expected 0 to " + MAX_ARRAY_LENGTH);
        }
        return length;
    }

    private static void writeLongs(long[] values, int length, DataOutput target) throws IOException {
        for (int i = 0; i < length; i++) {
            target.writeLong(values[i]);
        }
    }

    private static long[] readLongs(int length, DataInput source) throws IOException {
        long[] values = new long[length];
        for (int i = 0; i < length; i++) {
            values[i] = source.readLong();
        }
        return values;
    }
}
