package org.dicomdeid.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Sequential reading of a {@link Source} through a small window: element headers and small
 * values are read, bulk values are skipped over (never read). Running past the end raises
 * {@link Truncated}, which the parser turns into a quarantine reason.
 */
final class InputWindow {
    /** The input ends before what it declares. */
    static final class Truncated extends Exception {
        Truncated() {
            super(null, null, false, false);
        }
    }

    private final Source.Reader reader;
    private final long size;
    private final ByteBuffer window = ByteBuffer.allocate(1 << 14);
    private long windowStart;
    private long position;

    InputWindow(Source.Reader reader, long size, long position) {
        this.reader = reader;
        this.size = size;
        this.position = position;
        window.limit(0);
    }

    long position() {
        return position;
    }

    long size() {
        return size;
    }

    boolean atEnd() {
        return position >= size;
    }

    void skip(long n) throws Truncated {
        if (n > size - position) {
            throw new Truncated();
        }
        position += n;
    }

    private void need(int n) throws Truncated, IOException {
        if (n > size - position) {
            throw new Truncated();
        }
        long offset = position - windowStart;
        if (offset >= 0 && offset + n <= window.limit()) {
            return;
        }
        window.clear();
        windowStart = position;
        long want = Math.min(window.capacity(), size - position);
        window.limit((int) want);
        while (window.hasRemaining()) {
            if (reader.read(windowStart + window.position(), window) <= 0) {
                throw new Truncated(); // the file shrank while it was read
            }
        }
        window.flip();
    }

    int u16(boolean bigEndian) throws Truncated, IOException {
        need(2);
        int i = (int) (position - windowStart);
        position += 2;
        int a = window.get(i) & 0xFF;
        int b = window.get(i + 1) & 0xFF;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    long u32(boolean bigEndian) throws Truncated, IOException {
        need(4);
        int i = (int) (position - windowStart);
        position += 4;
        long v = 0;
        for (int k = 0; k < 4; k++) {
            int b = window.get(bigEndian ? i + k : i + 3 - k) & 0xFF;
            v = (v << 8) | b;
        }
        return v;
    }

    /** The next {@code n} bytes (n small, or read straight from the source when larger than the window). */
    byte[] bytes(int n) throws Truncated, IOException {
        if (n > window.capacity()) {
            if (n > size - position) {
                throw new Truncated();
            }
            byte[] b = Source.readFully(reader, position, n);
            position += n;
            return b;
        }
        need(n);
        byte[] b = new byte[n];
        window.get((int) (position - windowStart), b, 0, n);
        position += n;
        return b;
    }

    /** Looks at the next bytes without moving (false when fewer remain). */
    boolean peek(byte[] into) throws IOException {
        try {
            need(into.length);
        } catch (Truncated e) {
            return false;
        }
        window.get((int) (position - windowStart), into, 0, into.length);
        return true;
    }
}
