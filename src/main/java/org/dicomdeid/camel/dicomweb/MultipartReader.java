package org.dicomdeid.camel.dicomweb;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@code multipart/related} body (RFC 2046) part by part, streaming: a part's content is
 * copied to an output as it arrives, with at most one buffer (64 KiB) in memory whatever the size
 * of the part or of the whole body. A body that ends before its closing delimiter is an error,
 * never a short last part.
 */
final class MultipartReader {
    private static final int BUFFER = 1 << 16;
    private static final int MAX_HEADERS = 16 * 1024;

    private final InputStream in;
    /** "\r\n--boundary": what ends every part's content. */
    private final byte[] delimiter;
    private final byte[] buf = new byte[BUFFER];
    private int start;
    private int end;
    private boolean begun;
    private boolean finished;

    MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    }

    /** The boundary parameter of a multipart Content-Type, or an error when there is none. */
    static String boundary(String contentType) throws IOException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/related")) {
            throw new IOException("the response is not multipart/related");
        }
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).strip();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                if (!b.isEmpty() && b.length() <= 200) {
                    return b;
                }
            }
        }
        throw new IOException("the multipart response has no boundary");
    }

    /**
     * Moves to the next part and returns its headers (names in lower case), or null after the
     * last part.
     */
    Map<String, String> nextPart() throws IOException {
        if (finished) {
            return null;
        }
        if (!begun) {
            begun = true;
            // the first delimiter may open the body without the CRLF in front of it
            fill(delimiter.length);
            if (end - start >= delimiter.length - 2 && startsWith(2)) {
                start += delimiter.length - 2;
            } else {
                skipTo(null);
            }
        }
        // after a delimiter: "--" closes the body, CRLF opens a part
        fill(2);
        if (end - start >= 2 && buf[start] == '-' && buf[start + 1] == '-') {
            finished = true;
            return null;
        }
        Map<String, String> headers = new TreeMap<>();
        StringBuilder line = new StringBuilder();
        int read = 0;
        skipLinearWhitespaceAndCrlf();
        while (true) {
            int b = read();
            if (++read > MAX_HEADERS) {
                throw new IOException("a multipart part's headers are too long");
            }
            if (b == '\n') {
                String l = line.toString().strip();
                line.setLength(0);
                if (l.isEmpty()) {
                    return headers;
                }
                int colon = l.indexOf(':');
                if (colon > 0) {
                    headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
                }
            } else if (b != '\r') {
                line.append((char) b);
            }
        }
    }

    /** Copies the current part's content to {@code out} and returns its length. */
    long copyPart(OutputStream out) throws IOException {
        return skipTo(out);
    }

    /** Copies (or skips, with null) everything up to the next delimiter and consumes the delimiter. */
    private long skipTo(OutputStream out) throws IOException {
        long copied = 0;
        while (true) {
            int at = indexOfDelimiter();
            if (at >= 0) {
                if (out != null) {
                    out.write(buf, start, at - start);
                }
                copied += at - start;
                start = at + delimiter.length;
                return copied;
            }
            // keep what could be the beginning of a delimiter cut by the buffer's end
            int safe = Math.max(start, end - (delimiter.length - 1));
            if (out != null) {
                out.write(buf, start, safe - start);
            }
            copied += safe - start;
            start = safe;
            if (!fillMore()) {
                throw new EOFException("the multipart response ended in the middle of a part");
            }
        }
    }

    private int indexOfDelimiter() {
        byte first = delimiter[0];
        for (int i = start; i <= end - delimiter.length; i++) {
            if (buf[i] != first) {
                continue;
            }
            int j = 1;
            while (j < delimiter.length && buf[i + j] == delimiter[j]) {
                j++;
            }
            if (j == delimiter.length) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(int delimiterOffset) {
        for (int j = delimiterOffset; j < delimiter.length; j++) {
            if (buf[start + j - delimiterOffset] != delimiter[j]) {
                return false;
            }
        }
        return true;
    }

    private void skipLinearWhitespaceAndCrlf() throws IOException {
        // transport padding after the boundary, then the CRLF that ends the delimiter line
        while (true) {
            fill(1);
            if (end == start) {
                throw new EOFException("the multipart response ended after a delimiter");
            }
            byte b = buf[start];
            if (b == ' ' || b == '\t') {
                start++;
            } else {
                break;
            }
        }
        if (read() != '\r' || read() != '\n') {
            throw new IOException("a multipart delimiter is not followed by a line end");
        }
    }

    private int read() throws IOException {
        fill(1);
        if (end == start) {
            throw new EOFException("the multipart response ended in a part's headers");
        }
        return buf[start++] & 0xFF;
    }

    /** Makes at least {@code n} bytes available from {@code start}, unless the stream ends first. */
    private void fill(int n) throws IOException {
        while (end - start < n && fillMore()) {
            // loop
        }
    }

    /** Reads more bytes after {@code end}, compacting first; false at the end of the stream. */
    private boolean fillMore() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }
}
