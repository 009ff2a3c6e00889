package org.dicomdeid.camel.dicom;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Follows the PDU framing of an association's input (PS3.8 9.3.1: type, reserved, 4-byte
 * length, then that many bytes) and fails on a PDU longer than {@code maxPduLength} before the
 * reader sees its header. PixelMed allocates a byte array of the declared length for every PDU,
 * so without this a peer declaring 4 GB in one header would cost an OutOfMemoryError.
 */
final class PduLimitInputStream extends FilterInputStream {
    private static final int HEADER = 6;
    private final long maxPduLength;
    private final byte[] header = new byte[HEADER];
    /** Bytes of the current header read so far, or HEADER while inside a PDU's body. */
    private int headerRead;
    private long bodyLeft;

    PduLimitInputStream(InputStream in, long maxPduLength) {
        super(in);
        this.maxPduLength = maxPduLength;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (headerRead < HEADER) {
            // Hand out header bytes one read at a time, checking the length once all six are in.
            int n = in.read(header, headerRead, Math.min(len, HEADER - headerRead));
            if (n < 0) {
                return -1;
            }
            System.arraycopy(header, headerRead, b, off, n);
            headerRead += n;
            if (headerRead == HEADER) {
                bodyLeft = ((header[2] & 0xffL) << 24) | ((header[3] & 0xff) << 16) | ((header[4] & 0xff) << 8)
                        | (header[5] & 0xff);
                if (bodyLeft > maxPduLength) {
                    throw new IOException("peer sent a PDU of " + bodyLeft + " bytes, above the limit of " + maxPduLength);
                }
                if (bodyLeft == 0) {
                    headerRead = 0;
                }
            }
            return n;
        }
        int n = in.read(b, off, (int) Math.min(len, bodyLeft));
        if (n > 0) {
            bodyLeft -= n;
            if (bodyLeft == 0) {
                headerRead = 0;
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override
    public int available() throws IOException {
        return headerRead < HEADER ? 0 : (int) Math.min(in.available(), bodyLeft);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
