package org.dicomdeid.camel;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Inputs that have stopped services before: built byte by byte, so no library can refuse to write them. */
public final class PoisonFiles {
    private PoisonFiles() {
    }

    /**
     * A Part 10 file (Explicit VR Little Endian) whose Request Attributes Sequence nests itself
     * {@code depth} times, each with undefined lengths: ~36 bytes a level, 5,000 levels ~180 KB.
     */
    public static byte[] nestedSequences(int depth) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        element(data, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7");
        element(data, 0x0008, 0x0018, "UI", "1.2.826.0.1.3680043.10.1137.5000");
        element(data, 0x0010, 0x0010, "PN", "POISON^NESTED");
        element(data, 0x0010, 0x0020, "LO", "P5000");
        for (int i = 0; i < depth; i++) {
            data.writeBytes(header(0x0040, 0x0275, "SQ", 0xFFFFFFFF));
            data.writeBytes(tag(0xFFFE, 0xE000, 0xFFFFFFFF));
        }
        for (int i = 0; i < depth; i++) {
            data.writeBytes(tag(0xFFFE, 0xE00D, 0));
            data.writeBytes(tag(0xFFFE, 0xE0DD, 0));
        }
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x0002, 0x0001, "OB", new byte[]{0, 1});
        element(meta, 0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.7");
        element(meta, 0x0002, 0x0003, "UI", "1.2.826.0.1.3680043.10.1137.5000");
        element(meta, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[128]);
        file.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(file, 0x0002, 0x0000, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(meta.size()).array());
        file.writeBytes(meta.toByteArray());
        file.writeBytes(data.toByteArray());
        return file.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String vr, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length % 2 == 1) {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length + 1);
            bytes[bytes.length - 1] = (byte) (vr.equals("UI") ? 0 : ' ');
        }
        element(out, group, element, vr, bytes);
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        out.writeBytes(header(group, element, vr, value.length));
        out.writeBytes(value);
    }

    private static byte[] header(int group, int element, String vr, int length) {
        boolean longForm = vr.equals("OB") || vr.equals("SQ") || vr.equals("UN") || vr.equals("OW");
        ByteBuffer b = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            b.putShort((short) 0).putInt(length);
        } else {
            b.putShort((short) length);
        }
        return b.array();
    }

    private static byte[] tag(int group, int element, int length) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) group).putShort((short) element).putInt(length).array();
    }
}
