package org.dicomdeid.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Top-level elements of an explicit VR little endian Part 10 file, for aiming mutations. */
final class Elements {
    private static final Set<String> LONG = Set.of("OB", "OW", "OF", "OD", "OL", "OV", "SQ", "UC", "UN", "UR", "UT");

    private Elements() {
    }

    /**
     * Each element as {offset, tag (group << 16 | element), header length, value length}; stops
     * at an undefined length or at anything it cannot follow.
     */
    static List<int[]> topLevel(byte[] file) {
        List<int[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int p = 132;
        while (p + 8 <= file.length) {
            int tag = (b.getShort(p) & 0xFFFF) << 16 | (b.getShort(p + 2) & 0xFFFF);
            String vr = new String(file, p + 4, 2, java.nio.charset.StandardCharsets.US_ASCII);
            int header = LONG.contains(vr) ? 12 : 8;
            if (p + header > file.length) {
                break;
            }
            long length = header == 12 ? b.getInt(p + 8) & 0xFFFFFFFFL : b.getShort(p + 6) & 0xFFFF;
            if (length == 0xFFFFFFFFL || p + header + length > file.length) {
                break;
            }
            out.add(new int[] {p, tag, header, (int) length});
            p += header + (int) length;
        }
        return out;
    }
}
