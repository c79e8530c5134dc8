package io.streamrank.features.state;

import java.io.DataInput;
import java.io.EOFException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A {@link DataInput} over a byte array, big-endian like {@link java.io.DataInputStream}. Reading
 * past the end throws {@link EOFException}. Not thread-safe.
 */
final class ByteArrayDataInput implements DataInput {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private int position;

    ByteArrayDataInput(byte[] bytes, int position) {
        this.bytes = bytes;
        this.position = position;
    }

    int remaining() {
        return bytes.length - position;
    }

    private void require(int count) throws EOFException {
        if (count > bytes.length - position) {
            throw new EOFException("needed " + count + " more bytes at offset " + position + " of " + bytes.length);
        }
    }

    @Override
    public void readFully(byte[] target) throws EOFException {
        readFully(target, 0, target.length);
    }

    @Override
    public void readFully(byte[] target, int offset, int length) throws EOFException {
        require(length);
        System.arraycopy(bytes, position, target, offset, length);
        position += length;
    }

    @Override
    public int skipBytes(int count) {
        int skipped = Math.max(0, Math.min(count, remaining()));
        position += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws EOFException {
        return readByte() != 0;
    }

    @Override
    public byte readByte() throws EOFException {
        require(1);
        return bytes[position++];
    }

    @Override
    public int readUnsignedByte() throws EOFException {
        return readByte() & 0xFF;
    }

    @Override
    public short readShort() throws EOFException {
        require(2);
        short value = (short) (((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF));
        position += 2;
        return value;
    }

    @Override
    public int readUnsignedShort() throws EOFException {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws EOFException {
        return (char) readShort();
    }

    @Override
    public int readInt() throws EOFException {
        require(Integer.BYTES);
        int value = (int) INT.get(bytes, position);
        position += Integer.BYTES;
        return value;
    }

    @Override
    public long readLong() throws EOFException {
        require(Long.BYTES);
        long value = (long) LONG.get(bytes, position);
        position += Long.BYTES;
        return value;
    }

    @Override
    public float readFloat() throws EOFException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws EOFException {
        return Double.longBitsToDouble(readLong());
    }

    @Override
    public String readLine() {
        throw new UnsupportedOperationException("the feature format contains no text");
    }

    @Override
    public String readUTF() {
        throw new UnsupportedOperationException("the feature format contains no text");
    }
}
