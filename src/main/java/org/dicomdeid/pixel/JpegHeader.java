package org.dicomdeid.pixel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The marker segments of one JPEG stream (ISO 10918-1 and JPEG-LS, ISO 14495-1) from SOI up to
 * the first SOS, and which of them can carry text: COM, APP1-APP13, APP15 (EXIF, XMP, ICC profile
 * names, vendor text), APP0 other than a bare JFIF header (a JFXX or JFIF thumbnail is a picture of
 * the image), APP14 other than Adobe's 12-byte colour-transform segment, which decoding needs.
 * Nothing from SOS on (the entropy-coded data) is read or changed.
 */
final class JpegHeader {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int COM = 0xFE;
    private static final int APP0 = 0xE0;
    private static final int APP14 = 0xEE;
    private static final int APP15 = 0xEF;
    private static final byte[] JFIF = "JFIF\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADOBE = "Adobe".getBytes(StandardCharsets.US_ASCII);
    /** JFIF APP0 payload without thumbnail: identifier, version, units, densities, thumbnail size 0x0. */
    private static final int JFIF_BARE_LENGTH = 16;
    /** Adobe APP14: length field (2) and 12 bytes of payload. */
    private static final int ADOBE_LENGTH = 14;

    /** What a walk over the marker segments found. */
    enum Outcome {
        /** SOS reached: {@link Walk#drops} lists the segments that can hold text (maybe none). */
        COMPLETE,
        /** The bytes ended before SOS (a head of the stream was given: look at all of it). */
        INCOMPLETE,
        /** Not a JPEG stream of marker segments (no SOI, a byte where a marker must be...). */
        MALFORMED
    }

    /** @param drops [start, end) of every segment to drop, in order */
    record Walk(Outcome outcome, List<int[]> drops) {
    }

    private JpegHeader() {
    }

    /** Whether a JPEG stream (SOI, FFD8) begins at {@code at}. */
    static boolean soiAt(byte[] bytes, int at, int limit) {
        return at + 2 <= limit && u8(bytes, at) == 0xFF && u8(bytes, at + 1) == SOI;
    }

    /** Walks the segments of {@code stream[0, limit)}, which begins with SOI. */
    static Walk walk(byte[] stream, int limit) {
        if (!soiAt(stream, 0, limit)) {
            return new Walk(limit < 2 ? Outcome.INCOMPLETE : Outcome.MALFORMED, List.of());
        }
        List<int[]> drops = new ArrayList<>();
        int i = 2;
        while (true) {
            int start = i;
            if (i >= limit) {
                return new Walk(Outcome.INCOMPLETE, drops);
            }
            if (u8(stream, i) != 0xFF) {
                return new Walk(Outcome.MALFORMED, drops);
            }
            while (i + 1 < limit && u8(stream, i + 1) == 0xFF) {
                i++; // fill bytes before a marker (B.1.1.2)
            }
            if (i + 3 >= limit) {
                return new Walk(Outcome.INCOMPLETE, drops);
            }
            int marker = u8(stream, i + 1);
            if (marker == SOS) {
                return new Walk(Outcome.COMPLETE, drops);
            }
            if (marker == 0x00 || marker == SOI || marker == EOI || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                return new Walk(Outcome.MALFORMED, drops); // no segment, or none before the first scan
            }
            int length = (u8(stream, i + 2) << 8) | u8(stream, i + 3);
            int end = i + 2 + length;
            if (length < 2) {
                return new Walk(Outcome.MALFORMED, drops);
            }
            if (end > limit) {
                return new Walk(Outcome.INCOMPLETE, drops);
            }
            if (mayHoldText(marker, stream, i + 4, length - 2)) {
                drops.add(new int[] {start, end});
            }
            i = end;
        }
    }

    private static boolean mayHoldText(int marker, byte[] stream, int payload, int payloadLength) {
        if (marker == COM || (marker > APP0 && marker <= APP15 && marker != APP14)) {
            return true;
        }
        if (marker == APP0) {
            return !(payloadLength + 2 == JFIF_BARE_LENGTH && startsWith(stream, payload, JFIF)
                    && stream[payload + 12] == 0 && stream[payload + 13] == 0);
        }
        if (marker == APP14) {
            return !(payloadLength + 2 == ADOBE_LENGTH && startsWith(stream, payload, ADOBE));
        }
        return false;
    }

    /**
     * The stream without the segments {@code drops} lists, kept at an even length as a fragment
     * must be (PS3.5 A.4): a padding byte after EOI is added, or removed where one is now too many.
     */
    static byte[] without(byte[] stream, List<int[]> drops) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(stream.length);
        int from = 0;
        for (int[] drop : drops) {
            out.write(stream, from, drop[0] - from);
            from = drop[1];
        }
        out.write(stream, from, stream.length - from);
        byte[] result = out.toByteArray();
        if (result.length % 2 == 0) {
            return result;
        }
        int n = result.length;
        if (n >= 3 && result[n - 1] == 0 && u8(result, n - 3) == 0xFF && u8(result, n - 2) == EOI) {
            return Arrays.copyOf(result, n - 1); // the old padding byte, now one too many
        }
        return Arrays.copyOf(result, n + 1); // padding 0x00 after EOI
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (at + prefix.length > bytes.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (bytes[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] bytes, int i) {
        return bytes[i] & 0xFF;
    }
}
