package org.dicomdeid.camel.dicom;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Sends single bytes together with what follows them. PixelMed writes each PDV's 12-byte header
 * one byte at a time straight to the socket, then the fragment, then flushes: with Nagle off
 * (see {@link Sockets}) every byte was a system call and a TCP segment of its own, about 400
 * per 512 KiB instance. Here single bytes wait in a small buffer and go out in the same write
 * as the next array (the fragment) or at a flush; arrays are never held back, so nothing that
 * PixelMed writes and then waits an answer for can stay behind.
 */
final class CoalescingOutputStream extends FilterOutputStream {
    private static final int PENDING_LIMIT = 64;
    /** Fragments up to this size are sent with their header in one write (one copy). */
    private static final int JOIN_LIMIT = 1 << 17;
    private final byte[] pending = new byte[PENDING_LIMIT];
    private int count;

    CoalescingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (count == pending.length) {
            sendPending();
        }
        pending[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (count > 0 && count + len <= JOIN_LIMIT) {
            byte[] joined = new byte[count + len];
            System.arraycopy(pending, 0, joined, 0, count);
            System.arraycopy(b, off, joined, count, len);
            count = 0;
            out.write(joined, 0, joined.length);
            return;
        }
        sendPending();
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        sendPending();
        out.flush();
    }

    private void sendPending() throws IOException {
        if (count > 0) {
            int n = count;
            count = 0;
            out.write(pending, 0, n);
        }
    }
}
