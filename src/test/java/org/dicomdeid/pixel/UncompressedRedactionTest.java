package org.dicomdeid.pixel;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.pixel.TestImages.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Native pixel data: inside the region blanked to the darkest value, outside byte-identical. */
class UncompressedRedactionTest {
    /** Odd x and a size that is no multiple of 8, to catch off-by-one and block assumptions. */
    private static final Region TEXT = new Region(5, 4, 40, 12);
    private static final int ROWS = 30;
    private static final int COLUMNS = 70;
    private static final RedactionRules RULES = RedactionRules.parse("""
            rules:
              - name: test-banner
                when: {Modality: OT}
                regions: [{x: 5, y: 4, width: 40, height: 12}]
            """, "test");

    static Stream<Arguments> families() {
        return Stream.of(
                arguments(spec("MONOCHROME2", 1, 8, 8, false, 0, 1), new int[] {0}),
                arguments(spec("MONOCHROME2", 1, 16, 12, false, 0, 1), new int[] {0}),
                arguments(spec("MONOCHROME2", 1, 16, 16, true, 0, 1), new int[] {0x8000}),
                arguments(spec("MONOCHROME2", 1, 16, 12, true, 0, 1), new int[] {0xF800}),
                arguments(spec("MONOCHROME2", 1, 8, 8, true, 0, 1), new int[] {0x80}),
                arguments(spec("MONOCHROME1", 1, 8, 8, false, 0, 1), new int[] {0xFF}),
                arguments(spec("MONOCHROME1", 1, 16, 12, false, 0, 1), new int[] {4095}),
                arguments(spec("MONOCHROME1", 1, 16, 12, true, 0, 1), new int[] {2047}),
                arguments(spec("RGB", 3, 8, 8, false, 0, 1), new int[] {0, 0, 0}),
                arguments(spec("RGB", 3, 8, 8, false, 1, 1), new int[] {0, 0, 0}),
                arguments(spec("RGB", 3, 16, 16, false, 0, 1), new int[] {0, 0, 0}),
                arguments(spec("YBR_FULL", 3, 8, 8, false, 0, 1), new int[] {0, 128, 128}),
                arguments(spec("YBR_FULL", 3, 8, 8, false, 1, 1), new int[] {0, 128, 128}),
                arguments(spec("YBR_FULL_422", 3, 8, 8, false, 0, 1), new int[] {0, 128, 128}),
                arguments(spec("MONOCHROME2", 1, 8, 8, false, 0, 3), new int[] {0}),
                arguments(spec("MONOCHROME2", 1, 16, 12, false, 0, 2), new int[] {0}),
                arguments(spec("RGB", 3, 8, 8, false, 1, 2), new int[] {0, 0, 0}));
    }

    private static Spec spec(String photometric, int samples, int allocated, int stored, boolean signed,
                             int planar, int frames) {
        return new Spec(photometric, samples, allocated, stored, signed, planar, frames, ROWS, COLUMNS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void blanksInsideAndKeepsEverythingElse(Spec spec, int[] blank) throws Exception {
        DicomObject image = TestImages.create(spec, TEXT, TestImages.CT_IMAGE_STORAGE, "OT");
        int[] before = TestImages.storedSamples(image.dataset().getPixelData(), spec.bitsAllocated());

        PixelCleanResult result = new PixelCleaner(RULES, true).clean(image);

        assertThat(result.outcome()).isEqualTo(PixelCleanResult.Outcome.CLEANED);
        assertThat(result.method()).isEqualTo(PixelCleanResult.Method.NATIVE_IN_PLACE);
        assertThat(image.transferSyntaxUID()).isEqualTo(TransferSyntax.ExplicitVRLittleEndian);
        DicomObject written = DicomFiles.read(DicomFiles.encode(image));
        int[] after = TestImages.storedSamples(written.dataset().getPixelData(), spec.bitsAllocated());
        assertRedacted(spec, before, after, blank, TEXT);
    }

    /**
     * Pixel Data still in its file is blanked while it is copied (never loaded), with the same
     * result as in memory; two overlapping regions too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void blanksWhileCopyingFromTheFileAsInMemory(Spec spec, int[] blank) throws Exception {
        RedactionRules overlapping = RedactionRules.parse("""
                rules:
                  - name: test-banner
                    when: {Modality: OT}
                    regions: [{x: 5, y: 4, width: 40, height: 12}, {x: 30, y: 10, width: 20, height: 15}]
                """, "test");
        DicomObject inMemory = TestImages.create(spec, TEXT, TestImages.CT_IMAGE_STORAGE, "OT");
        int[] before = TestImages.storedSamples(inMemory.dataset().getPixelData(), spec.bitsAllocated());
        java.nio.file.Path file = java.nio.file.Files.createTempFile("streamed", ".dcm");
        try {
            java.nio.file.Files.write(file, DicomFiles.encode(inMemory));
            DicomObject fromFile = DicomFiles.read(file);

            PixelCleanResult streamed = new PixelCleaner(overlapping, true).clean(fromFile);
            new PixelCleaner(overlapping, true).clean(inMemory);

            assertThat(streamed.method()).isEqualTo(PixelCleanResult.Method.NATIVE_STREAMED);
            assertThat(fromFile.dataset().getPixelData()).isInstanceOf(org.dicomdeid.dicom.BulkValue.class);
            int[] after = TestImages.storedSamples(DicomFiles.read(DicomFiles.encode(fromFile)).dataset().getPixelData(),
                    spec.bitsAllocated());
            assertRedacted(spec, before, after, blank, java.util.List.of(TEXT, new Region(30, 10, 20, 15)));
            assertThat(after).isEqualTo(TestImages.storedSamples(
                    DicomFiles.read(DicomFiles.encode(inMemory)).dataset().getPixelData(), spec.bitsAllocated()));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    /** The encoding a file arrives in must not matter: big endian words, implicit VR bytes, deflate. */
    @Test
    void cleansBigEndianAndImplicitVrInputs() throws Exception {
        for (String syntax : new String[] {TransferSyntax.ExplicitVRBigEndian, TransferSyntax.ImplicitVRLittleEndian,
                TransferSyntax.DeflatedExplicitVRLittleEndian}) {
            for (Spec spec : new Spec[] {spec("MONOCHROME2", 1, 16, 12, false, 0, 1),
                    spec("MONOCHROME2", 1, 8, 8, false, 0, 2), spec("RGB", 3, 8, 8, false, 0, 1)}) {
                DicomObject image = TestImages.create(spec, TEXT, TestImages.CT_IMAGE_STORAGE, "OT");
                int[] before = TestImages.storedSamples(image.dataset().getPixelData(), spec.bitsAllocated());
                image.transferSyntaxUID(syntax);
                DicomObject arrived = DicomFiles.read(DicomFiles.encode(image));

                new PixelCleaner(RULES, true).clean(arrived);

                assertThat(arrived.transferSyntaxUID()).isEqualTo(syntax);
                DicomObject written = DicomFiles.read(DicomFiles.encode(arrived));
                int[] after = TestImages.storedSamples(written.dataset().getPixelData(), spec.bitsAllocated());
                assertRedacted(spec, before, after, spec.samples() == 3 ? new int[] {0, 0, 0} : new int[] {0}, TEXT);
            }
        }
    }

    /** Explicit VR files may carry 8-bit samples in OW: two per word, the first in the low byte. */
    @Test
    void cleansEightBitSamplesPackedInWords() throws Exception {
        Spec spec = spec("MONOCHROME1", 1, 8, 8, false, 0, 2);
        DicomObject image = TestImages.create(spec, TEXT, TestImages.CT_IMAGE_STORAGE, "OT");
        byte[] bytes = image.dataset().getPixelData().getByteValues();
        short[] words = new short[bytes.length / 2];
        for (int i = 0; i < words.length; i++) {
            words[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] & 0xFF) << 8);
        }
        com.pixelmed.dicom.OtherWordAttribute ow = new com.pixelmed.dicom.OtherWordAttribute(TagFromName.PixelData);
        ow.setValues(words);
        image.dataset().put(ow);
        int[] before = TestImages.storedSamples(ow, 8);

        new PixelCleaner(RULES, true).clean(image);

        int[] after = TestImages.storedSamples(image.dataset().getPixelData(), 8);
        assertRedacted(spec, before, after, new int[] {0xFF}, TEXT);
    }

    @Test
    void regionReachingPastTheEdgeIsCutAtTheEdge() throws Exception {
        Spec spec = spec("MONOCHROME2", 1, 8, 8, false, 0, 1);
        DicomObject image = TestImages.create(spec, new Region(50, 20, 20, 10), TestImages.CT_IMAGE_STORAGE, "OT");
        int[] before = TestImages.storedSamples(image.dataset().getPixelData(), 8);
        RedactionRules wide = RedactionRules.parse("""
                rules:
                  - name: bottom-right-corner
                    when: {Modality: OT}
                    regions: [{x: 50, y: 20, width: 10000, height: 10000}]
                """, "test");

        new PixelCleaner(wide, true).clean(image);

        int[] after = TestImages.storedSamples(image.dataset().getPixelData(), 8);
        assertRedacted(spec, before, after, new int[] {0}, new Region(50, 20, COLUMNS - 50, ROWS - 20));
    }

    /** Every sample inside the region (widened to column pairs for YBR_FULL_422) is blank, every other one unchanged. */
    static void assertRedacted(Spec spec, int[] before, int[] after, int[] blank, Region region) {
        assertRedacted(spec, before, after, blank, java.util.List.of(region));
    }

    static void assertRedacted(Spec spec, int[] before, int[] after, int[] blank, java.util.List<Region> regions) {
        if (after.length == before.length + 1) {
            after = java.util.Arrays.copyOf(after, before.length); // odd length padded to even when written
        }
        assertThat(after).hasSameSizeAs(before);
        java.util.List<Region> covered = regions.stream().map(region -> spec.photometric().equals("YBR_FULL_422")
                ? new Region(region.x() & ~1, region.y(), ((region.x() + region.width() + 1) & ~1) - (region.x() & ~1),
                region.height())
                : region).toList();
        int textSamples = 0;
        boolean[] checked = new boolean[after.length];
        for (int f = 0; f < spec.frames(); f++) {
            for (int r = 0; r < spec.rows(); r++) {
                for (int c = 0; c < spec.columns(); c++) {
                    for (int s = 0; s < spec.samples(); s++) {
                        int i = TestImages.sampleIndex(spec, f, r, c, s);
                        checked[i] = true;
                        if (inAny(covered, c, r)) {
                            textSamples += before[i] != blank[s] ? 1 : 0;
                            assertThat(after[i]).as("frame %d row %d column %d sample %d inside", f, r, c, s)
                                    .isEqualTo(blank[s]);
                        } else if (after[i] != before[i]) {
                            throw new AssertionError("frame " + f + " row " + r + " column " + c + " sample " + s
                                    + " outside the region changed");
                        }
                    }
                }
            }
        }
        for (int i = 0; i < after.length; i++) {
            if (!checked[i]) {
                assertThat(after[i]).as("padding sample %d", i).isEqualTo(before[i]);
            }
        }
        assertThat(textSamples).as("the region held text before cleaning").isPositive();
    }

    static boolean inAny(java.util.List<Region> regions, int column, int row) {
        return regions.stream().anyMatch(region -> region.contains(column, row));
    }
}
