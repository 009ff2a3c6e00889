package org.dicomdeid.pixel;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.dicom.BulkValue;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.dicomdeid.pipeline.Anonymiser;
import org.dicomdeid.policy.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JPEG COM and APPn segments inside encapsulated Pixel Data are stripped losslessly by the Anonymiser. */
class JpegSegmentStripperTest {
    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final String COM_CANARY = "CANARY-COM-DOE^JANE";
    private static final String EXIF_CANARY = "CANARY-EXIF-Hospital-X";
    private static final String XMP_CANARY = "CANARY-XMP-1949-04-25";
    @TempDir
    Path folder;

    @Test
    void canariesInCommentAndAppSegmentsLeaveAndEveryFrameDecodesAsBefore() throws Exception {
        DicomObject generated = CompressedRedactionTest.jpegUltrasound(new Region(20, 10, 50, 14),
                TransferSyntax.JPEGBaseline);
        byte[][] clean = frames(generated);
        byte[][] withText = {withSegments(clean[0], textSegments()), withSegments(clean[1], textSegments())};
        byte[] input = withOffsetTable(encode(generated, withText), withText);
        DicomObject object = DicomFiles.read(input);
        assertThat(object.dataset().getPixelData()).isInstanceOf(BulkValue.class);

        byte[] output = anonymise(object);

        String text = new String(output, StandardCharsets.ISO_8859_1);
        assertThat(new String(input, StandardCharsets.ISO_8859_1)).contains(COM_CANARY, EXIF_CANARY, XMP_CANARY);
        assertThat(text).doesNotContain(COM_CANARY).doesNotContain(EXIF_CANARY).doesNotContain(XMP_CANARY)
                .doesNotContain("Exif").doesNotContain("JFXX");
        List<byte[]> items = pixelDataItems(output);
        int[] offsets = offsets(items.get(0));
        assertThat(offsets).as("the Basic Offset Table is recomputed").hasSize(2);
        for (int f = 0; f < 2; f++) {
            byte[] frame = fragmentAt(items, offsets[f]);
            assertThat(frame.length % 2).isZero();
            assertThat(indexOf(frame, "JFIF\0".getBytes(StandardCharsets.US_ASCII))).as("bare JFIF kept").isPositive();
            assertThat(samples(frame)).as("frame %d decodes as before", f).isEqualTo(samples(clean[f]));
            assertThat(scanData(frame)).as("entropy-coded data untouched").isEqualTo(scanData(clean[f]));
        }
    }

    @Test
    void adobeSegmentThatDecodingNeedsIsKept() throws Exception {
        DicomObject original = DicomFiles.read(PYDICOM.resolve("SC_jpeg_no_color_transform.dcm")); // RGB, no transform
        byte[] frame = frames(original)[0];
        // transform 1 (YCbCr): decoders then convert colours they would otherwise take as RGB
        byte[] adobe = segment(0xEE, concat("Adobe".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 100, 0, 0, 0, 0, 1}));
        byte[] withAdobe = withSegments(frame, adobe);
        assertThat(rgb(withAdobe)).as("the fixture needs Adobe's flag to decode right").isNotEqualTo(rgb(frame));
        byte[] withText = withSegments(withAdobe, textSegments());

        byte[] output = anonymise(DicomFiles.read(encode(original, new byte[][] {withText})));

        byte[] stripped = fragmentAt(pixelDataItems(output), 0);
        assertThat(new String(output, StandardCharsets.ISO_8859_1)).doesNotContain(COM_CANARY).doesNotContain(EXIF_CANARY);
        assertThat(indexOf(stripped, adobe)).isPositive();
        assertThat(rgb(stripped)).isEqualTo(rgb(withAdobe));
    }

    @Test
    void pixelDataWithoutTextSegmentsStaysTheSameBulkValue() throws Exception {
        DicomObject generated = CompressedRedactionTest.jpegUltrasound(new Region(20, 10, 50, 14),
                TransferSyntax.JPEGBaseline);
        DicomObject object = DicomFiles.read(DicomFiles.encode(generated));
        BulkValue before = (BulkValue) object.dataset().getPixelData();

        byte[] output = anonymise(object);

        assertThat(object.dataset().getPixelData()).isSameAs(before);
        BulkValue after = (BulkValue) DicomFiles.read(output).dataset().getPixelData();
        assertThat(after.crc()).isEqualTo(before.crc());
        assertThat(after.storedLength()).isEqualTo(before.storedLength());
    }

    /** Frames in memory, as JPEG block redaction leaves them: stripped too. */
    @Test
    void framesInMemoryAreStrippedToo() throws Exception {
        DicomObject object = CompressedRedactionTest.jpegUltrasound(new Region(20, 10, 50, 14), TransferSyntax.JPEGBaseline);
        byte[][] clean = frames(object);
        encode(object, new byte[][] {withSegments(clean[0], textSegments()), clean[1]});

        assertThat(JpegSegmentStripper.strip(object)).isTrue();

        byte[][] after = ((OtherByteAttributeMultipleCompressedFrames) object.dataset().getPixelData()).getFrames();
        assertThat(new String(after[0], StandardCharsets.ISO_8859_1)).doesNotContain(COM_CANARY).doesNotContain(EXIF_CANARY);
        assertThat(samples(after[0])).isEqualTo(samples(clean[0]));
        assertThat(after[1]).isEqualTo(clean[1]);
    }

    @Test
    void jpeg2000IsLeftAlone() throws Exception {
        DicomObject object = DicomFiles.read(PYDICOM.resolve("JPEG2000.dcm"));
        assertThat(JpegSegmentStripper.strip(object)).isFalse();
        assertThat(object.dataset().getPixelData()).isInstanceOf(BulkValue.class);
    }

    @Test
    void framesWhoseSegmentsCannotBeWalkedAreQuarantined() throws Exception {
        DicomObject generated = CompressedRedactionTest.jpegUltrasound(new Region(20, 10, 50, 14),
                TransferSyntax.JPEGBaseline);
        byte[][] frames = frames(generated);
        byte[] broken = withSegments(frames[1], textSegments());
        broken[2] = 0x12; // no marker where the first segment must begin
        DicomObject object = DicomFiles.read(encode(generated, new byte[][] {withSegments(frames[0], textSegments()), broken}));

        assertThatThrownBy(() -> JpegSegmentStripper.strip(object)).isInstanceOf(QuarantineException.class)
                .hasMessageContaining("cannot be read").hasMessageNotContaining("CANARY");
    }

    @Test
    void headerRulesKeepOnlyBareJfifAndAdobeAndPadToEvenLength() {
        byte[] bareJfif = segment(0xE0, concat("JFIF\0".getBytes(StandardCharsets.US_ASCII), new byte[9]));
        byte[] jfifThumbnail = segment(0xE0, concat("JFIF\0".getBytes(StandardCharsets.US_ASCII),
                new byte[] {1, 1, 0, 0, 1, 0, 1, 1, 1, 9, 9, 9}));
        byte[] otherApp14 = segment(0xEE, "Vendor text".getBytes(StandardCharsets.US_ASCII));
        byte[] app15 = segment(0xEF, "x".getBytes(StandardCharsets.US_ASCII));
        byte[] dqt = segment(0xDB, new byte[64]);
        byte[] stream = concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, bareJfif, jfifThumbnail,
                new byte[] {(byte) 0xFF}, otherApp14, app15, dqt, new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 2, 7,
                        (byte) 0xFF, (byte) 0xD9});

        JpegHeader.Walk walk = JpegHeader.walk(stream, stream.length);
        byte[] stripped = JpegHeader.without(stream, walk.drops());

        assertThat(walk.outcome()).isEqualTo(JpegHeader.Outcome.COMPLETE);
        assertThat(walk.drops()).hasSize(3);
        assertThat(stripped).isEqualTo(concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, bareJfif, dqt,
                new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 2, 7, (byte) 0xFF, (byte) 0xD9, 0}));
        assertThat(JpegHeader.walk(stream, 40).outcome()).isEqualTo(JpegHeader.Outcome.INCOMPLETE);
    }

    // --- fixtures -------------------------------------------------------------------------------

    /** Anonymised and written as the routes write (the output check included). */
    private byte[] anonymise(DicomObject object) throws Exception {
        new Anonymiser(PolicyLoader.basic(List.of()), ProjectSecret.of(new byte[32])).anonymise(object);
        Path out = folder.resolve("out.dcm");
        DicomFiles.writeAtomically(object, out, false);
        return Files.readAllBytes(out);
    }

    /** A comment, EXIF, XMP, a JFXX thumbnail extension and Photoshop's APP13, each with text. */
    private static byte[] textSegments() {
        return concat(segment(0xFE, COM_CANARY.getBytes(StandardCharsets.US_ASCII)),
                segment(0xE1, ("Exif\0\0II*\0" + EXIF_CANARY).getBytes(StandardCharsets.US_ASCII)),
                segment(0xE1, ("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>" + XMP_CANARY + "</x:xmpmeta>")
                        .getBytes(StandardCharsets.US_ASCII)),
                segment(0xE0, "JFXX\0\u0010thumb".getBytes(StandardCharsets.US_ASCII)),
                segment(0xED, ("Photoshop 3.0\0" + COM_CANARY).getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] segment(int marker, byte[] payload) {
        int length = payload.length + 2;
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, payload);
    }

    /** Inserts {@code segments} after SOI and the APP0 that follows it, if any (JFIF stays first). */
    private static byte[] withSegments(byte[] jpeg, byte[] segments) {
        int at = 2;
        if ((jpeg[3] & 0xFF) == 0xE0) {
            at += 2 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        return concat(Arrays.copyOf(jpeg, at), segments, Arrays.copyOfRange(jpeg, at, jpeg.length));
    }

    private static byte[][] frames(DicomObject object) throws Exception {
        object.loadIntoMemory(TagFromName.PixelData);
        return ((OtherByteAttributeMultipleCompressedFrames) object.dataset().getPixelData()).getFrames().clone();
    }

    /** The instance with these frames, encoded (PixelMed writes an empty Basic Offset Table). */
    private static byte[] encode(DicomObject object, byte[][] frames) throws Exception {
        AttributeList list = object.dataset();
        list.put(new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData, frames));
        return DicomFiles.encode(new DicomObject(list, object.transferSyntaxUID()));
    }

    /** Replaces the empty Basic Offset Table of {@code encoded} by one that lists the frames. */
    private static byte[] withOffsetTable(byte[] encoded, byte[][] frames) {
        byte[] emptyTable = {(byte) 0xE0, 0x7F, 0x10, 0, 'O', 'B', 0, 0, -1, -1, -1, -1, -2, -1, 0, (byte) 0xE0, 0, 0, 0, 0};
        int at = indexOf(encoded, emptyTable);
        assertThat(at).isPositive();
        ByteBuffer table = ByteBuffer.allocate(8 + 4 * frames.length).order(ByteOrder.LITTLE_ENDIAN);
        table.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(4 * frames.length);
        int offset = 0;
        for (byte[] frame : frames) {
            table.putInt(offset);
            offset += 8 + frame.length + frame.length % 2;
        }
        int tableStart = at + emptyTable.length - 8;
        return concat(Arrays.copyOf(encoded, tableStart), table.array(),
                Arrays.copyOfRange(encoded, tableStart + 8, encoded.length));
    }

    /** The items of the encapsulated Pixel Data of an encoded instance (Basic Offset Table first), parsed here. */
    private static List<byte[]> pixelDataItems(byte[] encoded) {
        int at = indexOf(encoded, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0, 'O', 'B', 0, 0, -1, -1, -1, -1});
        ByteBuffer in = ByteBuffer.wrap(encoded, at + 12, encoded.length - at - 12).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> items = new ArrayList<>();
        while (in.getShort() == (short) 0xFFFE && in.getShort() == (short) 0xE000) {
            byte[] item = new byte[in.getInt()];
            in.get(item);
            items.add(item);
        }
        return items;
    }

    private static int[] offsets(byte[] table) {
        int[] offsets = new int[table.length / 4];
        ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(offsets);
        return offsets;
    }

    /** The fragment whose item starts {@code offset} bytes after the Basic Offset Table's item. */
    private static byte[] fragmentAt(List<byte[]> items, int offset) {
        int position = 0;
        for (byte[] fragment : items.subList(1, items.size())) {
            if (position == offset) {
                return fragment;
            }
            position += 8 + fragment.length;
        }
        throw new AssertionError("no fragment at offset " + offset);
    }

    /** From SOS to the end: the scan header and the entropy-coded data (trailing padding excluded). */
    private static byte[] scanData(byte[] jpeg) {
        int sos = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xDA});
        int end = jpeg.length;
        while (jpeg[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOfRange(jpeg, sos, end);
    }

    private static int[] samples(byte[] jpeg) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    }

    private static int[] rgb(byte[] jpeg) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (bytes[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
