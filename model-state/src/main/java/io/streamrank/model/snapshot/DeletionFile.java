package io.streamrank.model.snapshot;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Binary file of the ids whose rows a delta snapshot deletes: the magic number {@code SRDL}, a
 * format version and the id count, then the 64-bit ids in ascending order, all big-endian.
 */
public final class DeletionFile {

    private static final int MAGIC = 0x5352444C;
    private static final int FORMAT_VERSION = 1;

    private DeletionFile() {}

    public static void write(Path file, Set<Long> ids) throws IOException {
        long[] sorted = ids.stream().mapToLong(Long::longValue).sorted().toArray();
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(sorted.length);
            for (long id : sorted) {
                out.writeLong(id);
            }
        }
    }

    public static Set<Long> read(Path file) throws IOException {
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException(file + " is not a deletion file (magic " + Integer.toHexString(magic) + ")");
            }
            int format = in.readInt();
            if (format != FORMAT_VERSION) {
                throw new IOException(
                        file + " has format version " + format + "; this build reads version " + FORMAT_VERSION);
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IOException(file + " declares " + count + " ids; expected zero or more");
            }
            Set<Long> ids = new HashSet<>(Math.max(16, count * 2));
            for (int i = 0; i < count; i++) {
                ids.add(in.readLong());
            }
            return ids;
        }
    }
}
