package org.dicomdeid.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

/**
 * Mutated copies of valid DICOM files, reproducible from a seed: truncation at every byte of the
 * header (so at every element boundary and inside every element header), random byte and bit
 * flips, and structural damage (lengths, VRs, delimiters, transfer syntax, duplicates), plus
 * poison files (deep nesting, huge declared lengths, a deflate bomb). Used by {@link FuzzTest}
 * and, for long campaigns, by {@code scripts/fuzz.sh}.
 */
public final class Mutations {
    /** One mutated input: a name that says what was done (no UID shape, so names stay as given). */
    public record Mutant(String name, byte[] bytes) {
    }

    private static final String[] WRONG_SYNTAXES = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.5",
            "1.2.3.4.5.6.7", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2"};
    private static final String[] VRS = {"FD", "UN", "SQ", "OB", "US", "LO", "ZZ"};

    private final Random random;

    public Mutations(long seed) {
        this.random = new Random(seed);
    }

    /** Truncations at every byte up to {@code headerBytes}, then at a few places in the rest. */
    public List<Mutant> truncations(String seedName, byte[] seed, int headerBytes) {
        List<Mutant> out = new ArrayList<>();
        int header = Math.min(headerBytes, seed.length - 1);
        for (int cut = 0; cut < header; cut++) {
            out.add(new Mutant(seedName + "-cut" + cut, Arrays.copyOf(seed, cut)));
        }
        for (int i = 1; i <= 8 && header < seed.length - 1; i++) {
            int cut = header + (int) ((long) (seed.length - 1 - header) * i / 8);
            out.add(new Mutant(seedName + "-cut" + cut, Arrays.copyOf(seed, cut)));
        }
        return out;
    }

    /** {@code count} copies with 1 to 8 random bytes changed, mostly in the header. */
    public List<Mutant> flips(String seedName, byte[] seed, int headerBytes, int count) {
        List<Mutant> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = seed.clone();
            int changes = 1 + random.nextInt(8);
            for (int k = 0; k < changes; k++) {
                int at = random.nextInt(10) < 8 ? random.nextInt(Math.min(headerBytes, b.length)) : random.nextInt(b.length);
                b[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (b[at] ^ (1 << random.nextInt(8)));
            }
            out.add(new Mutant(seedName + "-flip" + i, b));
        }
        return out;
    }

    /** {@code count} structural mutations of an explicit VR little endian Part 10 file. */
    public List<Mutant> structural(String seedName, byte[] seed, int count) {
        List<int[]> elements = Elements.topLevel(seed);
        List<Mutant> out = new ArrayList<>();
        for (int i = 0; i < count && !elements.isEmpty(); i++) {
            int[] e = elements.get(random.nextInt(elements.size()));
            int kind = random.nextInt(7);
            byte[] b = switch (kind) {
                case 0 -> withLength(seed, e, new long[] {0xFFFFFFFFL, 0xFFFFFFF0L, e[3] + 1, e[3] + 2, 0, 3}
                        [random.nextInt(6)]);
                case 1 -> withVr(seed, e, VRS[random.nextInt(VRS.length)]);
                case 2 -> removeAll(seed, new byte[] {(byte) 0xFE, (byte) 0xFF, 0x0D, (byte) 0xE0});
                case 3 -> removeAll(seed, new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0});
                case 4 -> duplicate(seed, e);
                case 5 -> withTransferSyntax(seed, WRONG_SYNTAXES[random.nextInt(WRONG_SYNTAXES.length)]);
                default -> swapElements(seed, e, elements.get(random.nextInt(elements.size())));
            };
            out.add(new Mutant(seedName + "-struct" + i + "k" + kind, b));
        }
        return out;
    }

    private static byte[] withLength(byte[] seed, int[] e, long length) {
        byte[] b = seed.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (e[2] == 12) {
            buf.putInt(e[0] + 8, (int) length);
        } else {
            buf.putShort(e[0] + 6, (short) length);
        }
        return b;
    }

    private static byte[] withVr(byte[] seed, int[] e, String vr) {
        byte[] b = seed.clone();
        b[e[0] + 4] = (byte) vr.charAt(0);
        b[e[0] + 5] = (byte) vr.charAt(1);
        return b;
    }

    private static byte[] duplicate(byte[] seed, int[] e) {
        int end = e[0] + e[2] + e[3];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(seed, 0, end);
        out.write(seed, e[0], e[2] + e[3]);
        out.write(seed, end, seed.length - end);
        return out.toByteArray();
    }

    private static byte[] swapElements(byte[] seed, int[] a, int[] b) {
        if (a[0] == b[0]) {
            return duplicate(seed, a);
        }
        int[] first = a[0] < b[0] ? a : b;
        int[] second = a[0] < b[0] ? b : a;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(seed, 0, first[0]);
        out.write(seed, second[0], second[2] + second[3]);
        int firstEnd = first[0] + first[2] + first[3];
        out.write(seed, firstEnd, second[0] - firstEnd);
        out.write(seed, first[0], first[2] + first[3]);
        int secondEnd = second[0] + second[2] + second[3];
        out.write(seed, secondEnd, seed.length - secondEnd);
        return out.toByteArray();
    }

    private static byte[] removeAll(byte[] seed, byte[] tag) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < seed.length) {
            if (i + 8 <= seed.length && Arrays.equals(seed, i, i + 4, tag, 0, 4)) {
                i += 8; // the delimiter and its zero length
            } else {
                out.write(seed[i++]);
            }
        }
        return out.toByteArray();
    }

    /** Rewrites the meta Transfer Syntax UID (same length kept by padding, meta group length adjusted). */
    static byte[] withTransferSyntax(byte[] seed, String uid) {
        for (int[] e : Elements.topLevel(seed)) {
            if (e[1] == 0x00020010) {
                byte[] value = (uid.length() % 2 == 0 ? uid : uid + "\0").getBytes(StandardCharsets.US_ASCII);
                int delta = value.length - e[3];
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(seed, 0, e[0] + 6);
                out.write(value.length & 0xFF);
                out.write(value.length >> 8);
                out.write(value, 0, value.length);
                int end = e[0] + e[2] + e[3];
                out.write(seed, end, seed.length - end);
                byte[] b = out.toByteArray();
                ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                buf.putInt(140, buf.getInt(140) + delta); // (0002,0000) is the first meta element
                return b;
            }
        }
        return seed.clone();
    }

    /** A valid header whose sequences nest {@code depth} deep (undefined lengths), then the seed's tail. */
    public static byte[] deeplyNested(byte[] seed, int depth) {
        List<int[]> elements = Elements.topLevel(seed);
        int insertAt = elements.stream().filter(e -> (e[1] >>> 16) >= 0x0008).findFirst().map(e -> e[0])
                .orElse(seed.length);
        ByteArrayOutputStream nest = new ByteArrayOutputStream();
        byte[] open = {0x09, 0x00, 0x10, 0x10, 'S', 'Q', 0, 0, -1, -1, -1, -1, // (0009,1010) SQ undefined
                (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, -1, -1, -1, -1};  // item, undefined
        byte[] close = {(byte) 0xFE, (byte) 0xFF, 0x0D, (byte) 0xE0, 0, 0, 0, 0,
                (byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0};
        for (int i = 0; i < depth; i++) {
            nest.writeBytes(open);
        }
        for (int i = 0; i < depth; i++) {
            nest.writeBytes(close);
        }
        byte[] creator = element(0x0009, 0x0010, "LO", "FUZZ NEST ".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(seed, 0, insertAt);
        int after = insertAt;
        // keep tags ascending: the private group 0009 goes after group 0008
        for (int[] e : elements) {
            if (e[0] >= insertAt && (e[1] >>> 16) <= 0x0008) {
                after = e[0] + e[2] + e[3];
            }
        }
        out.write(seed, insertAt, after - insertAt);
        out.writeBytes(creator);
        out.writeBytes(nest.toByteArray());
        out.write(seed, after, seed.length - after);
        return out.toByteArray();
    }

    /** The seed with its Pixel Data declaring {@code length} bytes (far more than the file holds). */
    public static byte[] hugePixelLength(byte[] seed, long length) {
        for (int[] e : Elements.topLevel(seed)) {
            if (e[1] == 0x7FE00010 && e[2] == 12) {
                return withLength(seed, e, length);
            }
        }
        return seed.clone();
    }

    /**
     * A small deflated instance whose data set inflates to {@code inflatedBytes}: the seed's
     * data set (explicit VR little endian) followed by a private OB of zeros.
     */
    public static byte[] deflateBomb(byte[] seed, int inflatedBytes) {
        List<int[]> elements = Elements.topLevel(seed);
        int dataStart = elements.stream().filter(e -> (e[1] >>> 16) != 0x0002).findFirst().map(e -> e[0]).orElseThrow();
        byte[] meta = withTransferSyntax(Arrays.copyOf(seed, dataStart), "1.2.840.10008.1.2.1.99");
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        deflater.setInput(Arrays.copyOfRange(seed, dataStart, seed.length));
        drain(deflater, compressed, chunk);
        byte[] zeros = new byte[1 << 20];
        byte[] header = element(0x7FE1, 0x1010, "OB", new byte[0]);
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(8, inflatedBytes);
        deflater.setInput(header);
        drain(deflater, compressed, chunk);
        for (int done = 0; done < inflatedBytes; done += zeros.length) {
            deflater.setInput(zeros, 0, Math.min(zeros.length, inflatedBytes - done));
            drain(deflater, compressed, chunk);
        }
        deflater.finish();
        while (!deflater.finished()) {
            compressed.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(meta);
        out.writeBytes(compressed.toByteArray());
        return out.toByteArray();
    }

    private static void drain(Deflater deflater, ByteArrayOutputStream out, byte[] chunk) {
        while (!deflater.needsInput()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
    }

    /** An explicit VR little endian element with a long (12-byte) header where the VR needs one. */
    static byte[] element(int group, int element, String vr, byte[] value) {
        boolean longHeader = "OB OW OF OD OL OV SQ UC UN UR UT".contains(vr);
        ByteBuffer b = ByteBuffer.allocate((longHeader ? 12 : 8) + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) group).putShort((short) element).put((byte) vr.charAt(0)).put((byte) vr.charAt(1));
        if (longHeader) {
            b.putShort((short) 0).putInt(value.length);
        } else {
            b.putShort((short) value.length);
        }
        b.put(value);
        return b.array();
    }
}
