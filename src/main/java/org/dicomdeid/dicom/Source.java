package org.dicomdeid.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Where the bytes of a parsed instance live: a file (read where it lies, never loaded whole) or
 * an array. Bulk values keep a reference to their source and are copied from it when written.
 */
public abstract sealed class Source permits Source.FileSource, Source.ArraySource {
    private static final int CHUNK = 1 << 16;

    /** Positional reads: fills {@code dst} from {@code position}; the bytes read, -1 at the end. */
    @FunctionalInterface
    interface Reader {
        int read(long position, ByteBuffer dst) throws IOException;
    }

    @FunctionalInterface
    interface ReaderWork<T, E extends Exception> {
        T run(Reader reader) throws IOException, E;
    }

    public abstract long size() throws IOException;

    /** Runs {@code work} with one reader (for a file: one open channel) for all its reads. */
    abstract <T, E extends Exception> T withReader(ReaderWork<T, E> work) throws IOException, E;

    /** Copies {@code length} bytes from {@code position} into {@code target} (zero-copy for files). */
    abstract void transferTo(long position, long length, WritableByteChannel target) throws IOException;

    /**
     * Copies {@code length} bytes from {@code position}, overwriting what {@code fills} cover
     * (offsets in the copied range), then swapping each word of {@code wordSize} bytes (1: none).
     */
    void copyTo(long position, long length, OutputStream out, int wordSize, Fills fills) throws IOException {
        withReader(reader -> {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            forEachChunk(reader, position, length, buf, (done, n) -> {
                fills.apply(done, buf.array(), n);
                if (wordSize > 1) {
                    swap(buf.array(), n, wordSize);
                }
                out.write(buf.array(), 0, n);
            });
            return null;
        });
    }

    /** Reads {@code length} bytes from {@code position} into a new array. */
    byte[] bytes(long position, int length) throws IOException {
        return withReader(reader -> readFully(reader, position, length));
    }

    static byte[] readFully(Reader reader, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (reader.read(position + buf.position(), buf) <= 0) {
                throw new IOException("source ended before the value did");
            }
        }
        return buf.array();
    }

    /** CRC-32C of a region: how outputs are checked against their inputs. */
    long crc(long position, long length) throws IOException {
        return withReader(reader -> crc(reader, position, length));
    }

    static long crc(Reader reader, long position, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        forEachChunk(reader, position, length, buf, (done, n) -> crc.update(buf.flip()));
        return crc.getValue();
    }

    /** CRC-32C of a region as {@code fills} change it. */
    long crc(long position, long length, Fills fills) throws IOException {
        return withReader(reader -> {
            CRC32C crc = new CRC32C();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            forEachChunk(reader, position, length, buf, (done, n) -> {
                fills.apply(done, buf.array(), n);
                crc.update(buf.array(), 0, n);
            });
            return crc.getValue();
        });
    }

    private interface ChunkSink {
        /** {@code n} bytes have been read, {@code done} bytes into the region. */
        void accept(long done, int n) throws IOException;
    }

    private static void forEachChunk(Reader reader, long position, long length, ByteBuffer buf, ChunkSink sink)
            throws IOException {
        long done = 0;
        while (done < length) {
            buf.clear().limit((int) Math.min(CHUNK, length - done));
            int n = reader.read(position + done, buf);
            if (n <= 0) {
                throw new IOException("source ended before the value did");
            }
            sink.accept(done, n);
            done += n;
        }
    }

    /** Reverses the bytes of each word of {@code wordSize} in the first {@code n} bytes of {@code a}. */
    static void swap(byte[] a, int n, int wordSize) {
        // chunks are multiples of every word size, so a word never spans two chunks
        for (int i = 0; i + wordSize <= n; i += wordSize) {
            for (int lo = i, hi = i + wordSize - 1; lo < hi; lo++, hi--) {
                byte t = a[lo];
                a[lo] = a[hi];
                a[hi] = t;
            }
        }
    }

    public static Source of(Path file) {
        return new FileSource(file);
    }

    public static Source of(byte[] bytes) {
        return new ArraySource(bytes);
    }

    /**
     * A file, opened for each use: nothing stays open between parsing and writing, so no
     * descriptor leaks when a message is dropped. The file must stay in place until the
     * instance has been written (routes move their sources only after that).
     */
    static final class FileSource extends Source {
        private final Path file;

        FileSource(Path file) {
            this.file = file;
        }

        Path file() {
            return file;
        }

        @Override
        public long size() throws IOException {
            return Files.size(file);
        }

        @Override
        <T, E extends Exception> T withReader(ReaderWork<T, E> work) throws IOException, E {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                return work.run((position, dst) -> ch.read(dst, position));
            }
        }

        @Override
        void transferTo(long position, long length, WritableByteChannel target) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long done = 0;
                while (done < length) {
                    long n = ch.transferTo(position + done, length - done, target);
                    if (n <= 0 && position + done >= ch.size()) {
                        throw new IOException("source ended before the value did");
                    }
                    done += Math.max(0, n);
                }
            }
        }
    }

    static final class ArraySource extends Source {
        private final byte[] bytes;

        ArraySource(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        <T, E extends Exception> T withReader(ReaderWork<T, E> work) throws IOException, E {
            return work.run(this::read);
        }

        private int read(long position, ByteBuffer dst) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, (int) position, n);
            return n;
        }

        @Override
        void transferTo(long position, long length, WritableByteChannel target) throws IOException {
            ByteBuffer view = ByteBuffer.wrap(bytes, (int) position, (int) length);
            while (view.hasRemaining()) {
                target.write(view);
            }
        }
    }
}
