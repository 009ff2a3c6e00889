package org.dicomdeid.testing;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the hand classification of pydicom's test files and the dcmdump/dciodvfy wrappers. */
@Tag("peers")
class RealTestFilesTest {
    @Test
    void validFilesAreCompositeInstancesThatPixelMedAndDcmdumpRead() {
        Assumptions.assumeTrue(Dcmdump.isInstalled(), "dcmtk is not installed");
        List<RealTestFiles.RealFile> valid = RealTestFiles.valid();
        assertThat(valid).hasSizeGreaterThan(100).anyMatch(f -> f.name().equals("CT_small.dcm"));
        for (RealTestFiles.RealFile f : valid) {
            assertThat(TestDicom.isCompositeInstance(f.path())).as("PixelMed " + f.name()).isTrue();
            assertThat(Dcmdump.isReadable(f.path())).as("dcmdump " + f.name()).isTrue();
        }
    }

    @Test
    void brokenFilesAreBrokenTheWayTheClassificationSays() throws Exception {
        Assumptions.assumeTrue(Dcmdump.isInstalled(), "dcmtk is not installed");
        List<RealTestFiles.RealFile> broken = RealTestFiles.broken();
        assertThat(broken).extracting(RealTestFiles.RealFile::kind).doesNotContain(RealTestFiles.Kind.VALID)
                .contains(RealTestFiles.Kind.NO_META, RealTestFiles.Kind.TRUNCATED,
                        RealTestFiles.Kind.WRONG_TRANSFER_SYNTAX, RealTestFiles.Kind.NOT_COMPOSITE,
                        RealTestFiles.Kind.NOT_DICOM);
        assertThat(broken).hasSize(29); // every hand-checked entry exists in the installed package
        for (RealTestFiles.RealFile f : broken) {
            String what = f.name() + " (" + f.kind() + ")";
            switch (f.kind()) {
                case TRUNCATED, WRONG_TRANSFER_SYNTAX -> assertThat(Dcmdump.isReadable(f.path())).as(what).isFalse();
                case NO_META -> assertThat(TestDicom.hasPart10Prefix(f.path())).as(what).isFalse();
                case NOT_COMPOSITE -> {
                    assertThat(TestDicom.hasPart10Prefix(f.path())).as(what).isTrue();
                    assertThat(TestDicom.isCompositeInstance(f.path())).as(what).isFalse();
                }
                case NOT_DICOM -> {
                    assertThat(TestDicom.hasPart10Prefix(f.path())).as(what).isFalse();
                    assertThat(TestDicom.isCompositeInstance(f.path())).as(what).isFalse();
                }
                default -> throw new AssertionError(what);
            }
        }
        assertThat(TestDicom.isCompositeInstance(RealTestFiles.get("SC_rgb_jpeg.dcm").path())).isFalse();
    }

    @Test
    void pixelMedReadsTruncatedFilesWithoutComplaint() throws Exception {
        // Documented so the engine does not rely on PixelMed to detect truncation.
        AttributeList list = TestDicom.read(RealTestFiles.get("rtplan_truncated.dcm").path());
        assertThat(list.get(TagFromName.SOPInstanceUID)).isNotNull();
    }

    @Test
    void dciodvfyErrorsAreNormalisedAndComparable(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Dciodvfy.isInstalled(), "dicom3tools is not installed");
        Path input = RealTestFiles.get("CT_small.dcm").path();
        Set<String> errors = Dciodvfy.errors(input);
        assertThat(errors).allMatch(e -> e.startsWith("Error"));
        assertThat(Dciodvfy.newErrors(input, input)).isEmpty();

        AttributeList list = TestDicom.read(input);
        list.remove(TagFromName.Modality);
        Path output = dir.resolve("no-modality.dcm");
        list.write(output.toString(), com.pixelmed.dicom.TransferSyntax.ExplicitVRLittleEndian, true, true);
        assertThat(Dciodvfy.newErrors(input, output))
                .anyMatch(e -> e.startsWith("Error - Missing attribute") && e.contains("Element=<Modality>"));

        assertThat(Dciodvfy.normalise("Error - Unrecognized enumerated value <CNRY10010D> for value 1 of attribute <Patient's Sex>"))
                .isEqualTo("Error - Unrecognized enumerated value <> for value 1 of attribute <Patient's Sex>");
        assertThat(Dciodvfy.normalise("Error - Value invalid for this VR - (0x0008,0x0020) DA Study Date  DA [1] = <1.2> - x"))
                .isEqualTo("Error - Value invalid for this VR - (0x0008,0x0020) DA Study Date DA [1] = <> - x");
    }

    @Test
    void theCorpusWithoutCommandGroupIsValidatedToTheEnd(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Dciodvfy.isInstalled(), "dicom3tools is not installed");
        CanaryCorpus corpus = CanaryCorpus.write(dir, new CanaryCorpus.Options(new CanaryCorpus.Shape(1, 1, 1, 1), 3,
                false));
        Set<String> errors = Dciodvfy.errors(corpus.files().get(0));
        assertThat(errors).noneMatch(e -> e.contains("Tags out of order"))
                .anyMatch(e -> e.contains("attribute <Patient's Sex>"));
        assertThat(String.join("\n", errors)).doesNotContain("CNRY");
        assertThat(Files.size(corpus.files().get(0))).isPositive();
    }
}
