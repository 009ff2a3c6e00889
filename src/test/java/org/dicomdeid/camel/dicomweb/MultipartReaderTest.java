package org.dicomdeid.camel.dicomweb;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming multipart/related reader, with parts larger than its buffer and reads of any size. */
class MultipartReaderTest {
    private static final String BOUNDARY = "b0und4ry-xyz";

    private static byte[] body(String preamble, List<byte[]> parts, boolean closed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(p);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (closed) {
            out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** Returns at most {@code chunk} bytes per read, as a network stream may. */
    private static InputStream trickle(byte[] bytes, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static List<byte[]> readAll(InputStream in) throws IOException {
        MultipartReader reader = new MultipartReader(in, BOUNDARY);
        List<byte[]> parts = new ArrayList<>();
        for (Map<String, String> h = reader.nextPart(); h != null; h = reader.nextPart()) {
            assertThat(h).containsEntry("content-type", "application/dicom");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(reader.copyPart(out)).isEqualTo(out.size());
            parts.add(out.toByteArray());
        }
        return parts;
    }

    @Test
    void partsComeOutByteForByteWhateverTheReadSizes() throws Exception {
        Random random = new Random(12);
        byte[] big = new byte[300_000];
        random.nextBytes(big);
        // a part that holds almost-delimiters, and one ending in CR LF
        byte[] tricky = ("x\r\n--" + BOUNDARY.substring(0, 8) + "\r\n-" + "\r\n").getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = List.of(big, new byte[0], tricky, "DICM".getBytes(StandardCharsets.US_ASCII));
        for (int chunk : new int[] {1, 7, 13, 4096, 1 << 20}) {
            for (String preamble : new String[] {"", "a preamble\r\n"}) {
                List<byte[]> read = readAll(trickle(body(preamble, parts, true), chunk));
                assertThat(read).hasSize(parts.size());
                for (int i = 0; i < parts.size(); i++) {
                    assertThat(read.get(i)).as("part %d, reads of %d", i, chunk).isEqualTo(parts.get(i));
                }
            }
        }
    }

    @Test
    void aBodyCutShortIsAnErrorNotAShortPart() {
        byte[] whole = body("", List.of(new byte[100_000]), true);
        for (int cut : new int[] {whole.length - 10, 70_000, 60}) {
            byte[] shortened = java.util.Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> readAll(new ByteArrayInputStream(shortened))).isInstanceOf(EOFException.class);
        }
        byte[] unclosed = body("", List.of(new byte[10]), false);
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(unclosed))).isInstanceOf(IOException.class);
    }

    @Test
    void theBoundaryIsTakenFromTheContentType() throws Exception {
        assertThat(MultipartReader.boundary("multipart/related; type=\"application/dicom\"; boundary=\"abc def\""))
                .isEqualTo("abc def");
        assertThat(MultipartReader.boundary("Multipart/Related;boundary=xyz;type=application/dicom")).isEqualTo("xyz");
        assertThatThrownBy(() -> MultipartReader.boundary("application/json")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> MultipartReader.boundary("multipart/related; type=application/dicom"))
                .isInstanceOf(IOException.class);
    }
}
