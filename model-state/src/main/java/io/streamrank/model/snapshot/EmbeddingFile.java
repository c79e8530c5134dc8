package io.streamrank.model.snapshot;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Binary file of embedding weights: the magic number {@code SREM}, a format version, the row
 * length and the row count, then per row the 64-bit id and its floats, all big-endian.
 */
public final class EmbeddingFile {

    private static final int MAGIC = 0x5352454D;
    private static final int FORMAT_VERSION = 1;

    private EmbeddingFile() {}

    public static void write(Path file, int dimension, Map<Long, float[]> weights) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(dimension);
            out.writeInt(weights.size());
            for (Map.Entry<Long, float[]> row : weights.entrySet()) {
                float[] values = row.getValue();
                if (values.length != dimension) {
                    throw new IllegalArgumentException(
                            "row " + row.getKey() + " has " + values.length + " values; expected " + dimension);
                }
                out.writeLong(row.getKey());
                for (float value : values) {
                    out.writeFloat(value);
                }
            }
        }
    }

    public static Map<Long, float[]> read(Path file) throws IOException {
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException(file + " is not an embedding file (magic " + Integer.toHexString(magic) + ")");
            }
            int format = in.readInt();
            if (format != FORMAT_VERSION) {
                throw new IOException(
                        file + " has format version " + format + "; this build reads version " + FORMAT_VERSION);
            }
            int dimension = in.readInt();
            int count = in.readInt();
            Map<Long, float[]> weights = new HashMap<>(Math.max(16, count * 2));
            for (int r = 0; r < count; r++) {
                long id = in.readLong();
                float[] values = new float[dimension];
                for (int i = 0; i < dimension; i++) {
                    values[i] = in.readFloat();
                }
                weights.put(id, values);
            }
            return weights;
        }
    }
}
