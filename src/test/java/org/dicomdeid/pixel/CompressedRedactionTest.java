package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.dicomdeid.pixel.PixelCleanResult.Method;
import org.dicomdeid.pixel.TestImages.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Encapsulated pixel data: JPEG baseline by block, the rest decoded or quarantined, never passed uncleaned. */
class CompressedRedactionTest {
    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final List<Region> FAMILY_REGIONS = List.of(new Region(20, 20, 30, 12), new Region(0, 0, 2, 2));
    private static final RedactionRules EVERYTHING = RedactionRules.parse("""
            rules:
              - name: every-image
                when: {SOPClassUID: {regex: ".+"}}
                regions:
                  - {x: 20, y: 20, width: 30, height: 12}
                  - {x: 0, y: 0, width: 2, height: 2}
            """, "test");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "SC_rgb_jpeg_dcmtk.dcm, JPEG_BASELINE_BLOCKS",
            "SC_rgb_dcmtk_+eb+cy+s2.dcm, JPEG_BASELINE_BLOCKS",
            // PixelMed's block rewrite garbles this 3x3 frame (its optimised Huffman table has no
            // code for a zero DC difference): the check catches it and the frame is decoded instead.
            "SC_rgb_small_odd_jpeg.dcm, DECODED_TO_NATIVE",
            "SC_jpeg_no_color_transform.dcm, JPEG_BASELINE_BLOCKS",
            "SC_rgb_jpeg_gdcm.dcm, DECODED_TO_NATIVE",
            "MR_small_RLE.dcm, DECODED_TO_NATIVE",
            "SC_rgb_rle.dcm, DECODED_TO_NATIVE",
            "SC_rgb_rle_2frame.dcm, DECODED_TO_NATIVE",
            "SC_rgb_rle_16bit.dcm, QUARANTINED",
            "SC_rgb_rle_32bit.dcm, QUARANTINED",
            "rtdose_rle.dcm, QUARANTINED",
            "JPEG-lossy.dcm, QUARANTINED",
            "JPGExtended.dcm, QUARANTINED",
            "JPEG2000.dcm, QUARANTINED",
            "MR_small_jp2klossless.dcm, QUARANTINED",
            "GDCMJ2K_TextGBR.dcm, QUARANTINED",
            "693_J2KI.dcm, QUARANTINED",
            "MR_small_jpeg_ls_lossless.dcm, QUARANTINED"})
    void pydicomFilesAreCleanedOrQuarantinedNeverPassedUncleaned(String file, String expected) throws Exception {
        byte[] original = Files.readAllBytes(PYDICOM.resolve(file));
        DicomObject object = DicomFiles.read(original);
        String syntaxBefore = object.transferSyntaxUID();
        PixelCleaner cleaner = new PixelCleaner(EVERYTHING, true);

        if (expected.equals("QUARANTINED")) {
            QuarantineException e = catchThrowableOfType(QuarantineException.class, () -> cleaner.clean(object));
            assertThat(e).as("must not pass uncleaned").isNotNull();
            assertThat(e.getMessage()).contains("no usable decoder").contains(syntaxBefore).doesNotContain("\\");
            return;
        }
        PixelCleanResult result = cleaner.clean(object);
        assertThat(result.method()).isEqualTo(Method.valueOf(expected));
        assertThat(result.cleanPixelDataApplies()).isTrue();
        AttributeList cleaned = decode(DicomFiles.encode(object));
        assertThat(Attribute.getSingleStringValueOrEmptyString(cleaned, TagFromName.BurnedInAnnotation)).isEqualTo("NO");
        AttributeList before = decode(original);
        Spec spec = specOf(cleaned);
        int[] beforeSamples = TestImages.storedSamples(before.getPixelData(), spec.bitsAllocated());
        int[] afterSamples = TestImages.storedSamples(cleaned.getPixelData(), spec.bitsAllocated());
        List<Region> inImage = FAMILY_REGIONS.stream()
                .flatMap(r -> r.clippedTo(spec.columns(), spec.rows()).stream()).toList();
        if (result.method() == Method.JPEG_BASELINE_BLOCKS) {
            assertThat(object.transferSyntaxUID()).isEqualTo(TransferSyntax.JPEGBaseline);
            assertThat(Attribute.getSingleStringValueOrEmptyString(cleaned, TagFromName.LossyImageCompression)).isEqualTo("01");
            // Whole MCUs (at most 16x16 here) around the regions, plus one pixel of chroma upsampling.
            assertBlankInsideAndSameBeyond(spec, beforeSamples, afterSamples, inImage, 128, 17);
        } else {
            assertThat(object.transferSyntaxUID()).isEqualTo(TransferSyntax.ExplicitVRLittleEndian);
            boolean lossySource = new TransferSyntax(syntaxBefore).isLossy();
            assertThat(Attribute.getSingleStringValueOrEmptyString(cleaned, TagFromName.LossyImageCompression)
                    .equals("01")).as("Lossy Image Compression stays truthful").isEqualTo(lossySource);
            UncompressedRedactionTest.assertRedacted(spec, beforeSamples, afterSamples, darkest(spec), inImage);
        }
    }

    /** Generated two-frame ultrasound in JPEG baseline: exactly the 8x8 blocks under the text change. */
    @Test
    void jpegBaselineMultiFrameIsRedactedByBlockAndTheRestIsUntouched() throws Exception {
        Region text = new Region(20, 10, 50, 14);
        DicomObject object = DicomFiles.read(DicomFiles.encode(jpegUltrasound(text, TransferSyntax.JPEGBaseline)));
        object.loadIntoMemory(TagFromName.PixelData);
        byte[][] framesBefore = ((OtherByteAttributeMultipleCompressedFrames) object.dataset().getPixelData())
                .getFrames().clone();
        AttributeList before = decode(DicomFiles.encode(object));
        RedactionRules rules = RedactionRules.parse("""
                rules:
                  - name: test-us
                    when: {Modality: US, Manufacturer: {regex: "(?i)test.*"}}
                    regions: [{x: 20, y: 10, width: 50, height: 14}]
                """, "test");

        PixelCleanResult result = new PixelCleaner(rules, true).clean(object);

        assertThat(result.method()).isEqualTo(Method.JPEG_BASELINE_BLOCKS);
        assertThat(result.matchedRules()).containsExactly("test-us");
        assertThat(result.riskReason()).contains("ultrasound");
        byte[][] framesAfter = ((OtherByteAttributeMultipleCompressedFrames) object.dataset().getPixelData()).getFrames();
        assertThat(framesAfter).hasNumberOfRows(2);
        assertThat(framesAfter[0]).isNotEqualTo(framesBefore[0]);
        assertThat(framesAfter[1]).isNotEqualTo(framesBefore[1]);
        AttributeList after = decode(DicomFiles.encode(object));
        Spec spec = specOf(after);
        assertBlankInsideAndSameBeyond(spec, TestImages.storedSamples(before.getPixelData(), 8),
                TestImages.storedSamples(after.getPixelData(), 8), List.of(text), 128, 7);
    }

    /** 8-bit JPEG labelled Extended (process 2+4): decoded, blanked black, and still declared lossy. */
    @Test
    void lossyJpegThatIsDecodedStaysDeclaredLossy() throws Exception {
        Region text = new Region(20, 10, 50, 14);
        DicomObject object = DicomFiles.read(DicomFiles.encode(jpegUltrasound(text, TransferSyntax.JPEGExtended)));
        AttributeList before = decode(DicomFiles.encode(object));
        RedactionRules rules = RedactionRules.parse("""
                rules: [{name: r, when: {Modality: US}, regions: [{x: 20, y: 10, width: 50, height: 14}]}]
                """, "test");

        PixelCleanResult result = new PixelCleaner(rules, true).clean(object);

        assertThat(result.method()).isEqualTo(Method.DECODED_TO_NATIVE);
        assertThat(object.transferSyntaxUID()).isEqualTo(TransferSyntax.ExplicitVRLittleEndian);
        AttributeList list = object.dataset();
        assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.LossyImageCompression)).isEqualTo("01");
        assertThat(Attribute.getDelimitedStringValuesOrEmptyString(list, TagFromName.LossyImageCompressionMethod))
                .contains("ISO_10918_1");
        AttributeList after = decode(DicomFiles.encode(object));
        Spec spec = specOf(after);
        UncompressedRedactionTest.assertRedacted(spec, TestImages.storedSamples(before.getPixelData(), 8),
                TestImages.storedSamples(after.getPixelData(), 8), new int[] {0}, text);
    }

    @Test
    void unknownTransferSyntaxIsQuarantined() throws Exception {
        DicomObject object = DicomFiles.read(DicomFiles.encode(jpegUltrasound(new Region(1, 1, 20, 10),
                TransferSyntax.JPEGBaseline)));
        for (String unknown : new String[] {"1.2.3.4.5.6.7", "1.2.840.10008.1.2.4.201" /* HTJ2K */}) {
            object.transferSyntaxUID(unknown);
            assertThatThrownBy(() -> new PixelCleaner(EVERYTHING, true).clean(object))
                    .isInstanceOf(QuarantineException.class).hasMessageContaining("unknown transfer syntax");
        }
    }

    static DicomObject jpegUltrasound(Region text, String syntax) throws Exception {
        int rows = 64;
        int columns = 96;
        boolean[][] glyphs = TestImages.glyphMask(columns, rows, text);
        byte[][] frames = new byte[2][];
        for (int f = 0; f < 2; f++) {
            BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    image.getRaster().setSample(c, r, 0, glyphs[r][c] ? 255 : (r * 3 + c * 2 + f * 40) % 200);
                }
            }
            frames[f] = jpeg(image);
        }
        AttributeList list = TestImages.header(TestImages.US_MULTIFRAME_STORAGE, "US");
        list.replace(TagFromName.Rows, Integer.toString(rows));
        list.replace(TagFromName.Columns, Integer.toString(columns));
        list.replace(TagFromName.NumberOfFrames, "2");
        list.replace(TagFromName.SamplesPerPixel, "1");
        list.replace(TagFromName.PhotometricInterpretation, "MONOCHROME2");
        list.replace(TagFromName.BitsAllocated, "8");
        list.replace(TagFromName.BitsStored, "8");
        list.replace(TagFromName.HighBit, "7");
        list.replace(TagFromName.PixelRepresentation, "0");
        list.replace(TagFromName.LossyImageCompression, "01");
        list.put(new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData, frames));
        return new DicomObject(list, syntax);
    }

    private static byte[] jpeg(BufferedImage image) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Pixel data decoded by PixelMed (colour as RGB, interleaved). */
    static AttributeList decode(byte[] encoded) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(true);
        list.read(new DicomInputStream(new ByteArrayInputStream(encoded)));
        list.correctDecompressedImagePixelModule();
        return list;
    }

    static Spec specOf(AttributeList list) {
        int samples = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        int allocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 8);
        return new Spec(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PhotometricInterpretation),
                samples, allocated, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, allocated),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1,
                samples > 1 ? Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PlanarConfiguration, 0) : 0,
                Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1)),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0));
    }

    private static int[] darkest(Spec spec) {
        if (spec.samples() == 3) {
            return new int[] {0, 0, 0};
        }
        int value = spec.signed() ? -(1 << (spec.bitsStored() - 1)) : 0;
        return new int[] {value & ((1 << spec.bitsAllocated()) - 1)};
    }

    /**
     * Inside the regions every sample decodes to {@code grey}; farther than {@code reach} pixels
     * from every region nothing changed (block redaction rounds regions out to whole blocks).
     */
    private static void assertBlankInsideAndSameBeyond(Spec spec, int[] before, int[] after, List<Region> regions,
                                                       int grey, int reach) {
        assertThat(after).hasSameSizeAs(before);
        int changedInside = 0;
        for (int f = 0; f < spec.frames(); f++) {
            for (int r = 0; r < spec.rows(); r++) {
                for (int c = 0; c < spec.columns(); c++) {
                    boolean inside = UncompressedRedactionTest.inAny(regions, c, r);
                    boolean near = false;
                    for (Region g : regions) {
                        near |= c >= g.x() - reach && c < g.x() + g.width() + reach
                                && r >= g.y() - reach && r < g.y() + g.height() + reach;
                    }
                    for (int s = 0; s < spec.samples(); s++) {
                        int i = TestImages.sampleIndex(spec, f, r, c, s);
                        if (inside) {
                            changedInside += before[i] != grey ? 1 : 0;
                            assertThat(after[i]).as("frame %d (%d,%d) sample %d inside", f, c, r, s).isEqualTo(grey);
                        } else if (!near && after[i] != before[i]) {
                            throw new AssertionError("frame " + f + " (" + c + "," + r + ") sample " + s
                                    + " far from every region changed");
                        }
                    }
                }
            }
        }
        assertThat(changedInside).as("the regions held something other than grey before").isPositive();
    }
}
