package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.app.Main;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `deid anonymise --option clean-pixel-data` end to end: the pixel step inside the pipeline. */
class CleanPixelDataCommandTest {
    @TempDir
    Path dir;

    @Test
    void anUltrasoundIsCleanedByItsRuleAndQuarantinedWithoutOne() throws Exception {
        TestImages.Spec spec = new TestImages.Spec("MONOCHROME2", 1, 8, 8, false, 0, 1, 64, 96);
        Region banner = new Region(0, 0, 96, 16);
        DicomObject us = TestImages.create(spec, banner, TestImages.US_IMAGE_STORAGE, "US");
        us.dataset().replace(TagFromName.BurnedInAnnotation, "YES");
        DicomFiles.writeAtomically(us, dir.resolve("in/us.dcm"));
        Files.writeString(dir.resolve("rules.yaml"), """
                version: 1
                rules:
                  - name: test-banner
                    when: {Modality: US, Rows: 64, Columns: 96}
                    regions:
                      - {x: 0, y: 0, width: 96, height: 16}
                """);
        Files.writeString(dir.resolve("policy.yaml"), "pixelRules: rules.yaml\n");

        int cleaned = Main.execute("anonymise", "--option", "clean-pixel-data", "--policy",
                dir.resolve("policy.yaml").toString(), "--secret-file", dir.resolve("secret").toString(),
                "--out", dir.resolve("out").toString(), dir.resolve("in").toString());
        assertThat(cleaned).isEqualTo(Main.EXIT_OK);
        DicomObject out = DicomFiles.read(dir.resolve("out/us.dcm"));
        assertThat(Attribute.getSingleStringValueOrEmptyString(out.dataset(), TagFromName.BurnedInAnnotation))
                .isEqualTo("NO");
        byte[] pixels = out.dataset().getPixelData().getByteValues();
        for (int row = 0; row < 16; row++) {
            for (int col = 0; col < 96; col++) {
                assertThat(pixels[row * 96 + col]).as("row %d col %d", row, col).isZero();
            }
        }
        SequenceAttribute codes = (SequenceAttribute) out.dataset().get(TagFromName.DeidentificationMethodCodeSequence);
        boolean has113101 = false;
        for (int i = 0; i < codes.getNumberOfItems(); i++) {
            has113101 |= "113101".equals(Attribute.getSingleStringValueOrEmptyString(
                    codes.getItem(i).getAttributeList(), TagFromName.CodeValue));
        }
        assertThat(has113101).isTrue();

        // the built-in starter rules match no real device: the same image is quarantined
        int quarantined = Main.execute("anonymise", "--option", "clean-pixel-data", "--secret-file",
                dir.resolve("secret").toString(), "--out", dir.resolve("out2").toString(), dir.resolve("in").toString());
        assertThat(quarantined).isEqualTo(Main.EXIT_QUARANTINED);
        assertThat(Files.readString(dir.resolve("quarantine/us.dcm.reason.txt"))).contains("no pixel redaction rule");
    }
}
