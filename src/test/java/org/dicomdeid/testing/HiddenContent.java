package org.dicomdeid.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Content a byte scan would miss because it is compressed: the data set of a Deflated Explicit
 * VR Little Endian file (after its uncompressed meta information), or a gzip file's content.
 */
final class HiddenContent {
    private static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    private static final int LIMIT = 256 << 20;

    private HiddenContent() {
    }

    /** The uncompressed content, when {@code bytes} are a gzip file or a deflated Part 10 file. */
    static Optional<byte[]> uncompressed(byte[] bytes) {
        try {
            if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                return Optional.of(readAll(new GZIPInputStream(new ByteArrayInputStream(bytes))));
            }
            int dataSetStart = deflatedDataSetStart(bytes);
            if (dataSetStart > 0) {
                return Optional.of(readAll(new InflaterInputStream(
                        new ByteArrayInputStream(bytes, dataSetStart, bytes.length - dataSetStart), new Inflater(true))));
            }
        } catch (IOException e) {
            return Optional.empty(); // not really compressed: the raw scan covers it
        }
        return Optional.empty();
    }

    /** Where the deflated data set starts, or -1 when this is no Part 10 deflated file. */
    private static int deflatedDataSetStart(byte[] b) {
        if (b.length < 144 || b[128] != 'D' || b[129] != 'I' || b[130] != 'C' || b[131] != 'M'
                || b[132] != 2 || b[133] != 0 || b[134] != 0 || b[135] != 0) {
            return -1;
        }
        long groupLength = (b[140] & 0xffL) | (b[141] & 0xffL) << 8 | (b[142] & 0xffL) << 16 | (b[143] & 0xffL) << 24;
        long end = 144 + groupLength;
        if (end > b.length) {
            return -1;
        }
        String meta = new String(b, 132, (int) groupLength + 12, StandardCharsets.ISO_8859_1);
        return meta.contains(DEFLATED) ? (int) end : -1;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readNBytes(LIMIT);
        }
    }
}
