package io.streamrank.features.state;

import java.io.DataOutput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A {@link DataOutput} into a growable byte array, big-endian like {@link java.io.DataOutputStream}
 * but without its synchronized underlying stream. {@link #reset} empties it for reuse. Not
 * thread-safe.
 */
final class ByteArrayDataOutput implements DataOutput {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer;
    private int size;

    ByteArrayDataOutput(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    void reset() {
        size = 0;
    }

    /** Returns a copy of the bytes written since the last {@link #reset}. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensureRoom(int bytes) {
        if (size + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes));
        }
    }

    @Override
    public void write(int value) {
        ensureRoom(1);
        buffer[size++] = (byte) value;
    }

    @Override
    public void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    @Override
    public void writeBoolean(boolean value) {
        write(value ? 1 : 0);
    }

    @Override
    public void writeByte(int value) {
        write(value);
    }

    @Override
    public void writeShort(int value) {
        ensureRoom(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    @Override
    public void writeChar(int value) {
        writeShort(value);
    }

    @Override
    public void writeInt(int value) {
        ensureRoom(Integer.BYTES);
        INT.set(buffer, size, value);
        size += Integer.BYTES;
    }

    @Override
    public void writeLong(long value) {
        ensureRoom(Long.BYTES);
        LONG.set(buffer, size, value);
        size += Long.BYTES;
    }

    @Override
    public void writeFloat(float value) {
        writeInt(Float.floatToIntBits(value));
    }

    @Override
    public void writeDouble(double value) {
        writeLong(Double.doubleToLongBits(value));
    }

    @Override
    public void writeBytes(String text) {
        throw new UnsupportedOperationException("the feature format writes no text");
    }

    @Override
    public void writeChars(String text) {
        throw new UnsupportedOperationException("the feature format writes no text");
    }

    @Override
    public void writeUTF(String text) {
        throw new UnsupportedOperationException("the feature format writes no text");
    }
}
