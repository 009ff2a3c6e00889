package org.dicomdeid.deid;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.dicomdeid.pipeline.Anonymiser;
import org.dicomdeid.policy.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dicomdeid.deid.TestInstances.ct;
import static org.dicomdeid.deid.TestInstances.put;
import static org.dicomdeid.deid.TestInstances.sequence;
import static org.dicomdeid.deid.TestInstances.value;

/** The residual-PHI scan quarantines what a permissive policy lets through, naming the place, never the value. */
class ResidualScanTest {
    private static final ProjectSecret SECRET = ProjectSecret.of(new byte[32]);

    private static Anonymiser anonymiser(Path dir, String policy) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, policy);
        return new Anonymiser(PolicyLoader.load(file, List.of(), List.of()), SECRET);
    }

    @Test
    void aKeptDescriptionHoldingThePatientsNameIsQuarantinedWithItsPath(@TempDir Path dir) throws Exception {
        Anonymiser a = anonymiser(dir, "rules:\n  - keyword: StudyDescription\n    action: K\n");
        DicomObject o = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        put(o.dataset(), TagFromName.StudyDescription, "CT chest for janedoe");
        assertThatThrownBy(() -> a.anonymise(o)).isInstanceOf(QuarantineException.class)
                .hasMessageContaining("(0008,1030)").message().doesNotContainIgnoringCase("jane")
                .doesNotContainIgnoringCase("doe");
    }

    @Test
    void nestedHitsNameTheirPath(@TempDir Path dir) throws Exception {
        Anonymiser a = anonymiser(dir, "rules:\n  - keyword: RequestAttributesSequence\n    action: K\n"
                + "  - keyword: RequestedProcedureDescription\n    action: K\n");
        DicomObject o = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        put(o.dataset(), TagFromName.PatientBirthDate, "19490425");
        AttributeList first = new AttributeList();
        put(first, TagFromName.RequestedProcedureDescription, "CT chest");
        AttributeList second = new AttributeList();
        put(second, TagFromName.RequestedProcedureDescription, "CT chest, born 25 Apr 1949");
        o.dataset().put(sequence(TagFromName.RequestAttributesSequence, first, second));
        assertThatThrownBy(() -> a.anonymise(o)).isInstanceOf(QuarantineException.class)
                .hasMessageContaining("(0040,0275)[1]/(0032,1060)").message().doesNotContain("1949");
    }

    @Test
    void privateTextAndOriginalUidsAreSearchedToo(@TempDir Path dir) throws Exception {
        Anonymiser a = anonymiser(dir, "privateCreators:\n  keep: [\"ACME 1.1\"]\nunlistedText: keep\n");
        DicomObject o = ct("P77123", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        TestInstances.putPrivate(o.dataset(), new AttributeTag(0x0029, 0x0010), "LO", "ACME 1.1");
        TestInstances.putPrivate(o.dataset(), new AttributeTag(0x0029, 0x1001), "LO", "mrn P-77123");
        assertThatThrownBy(() -> a.anonymise(o)).hasMessageContaining("(0029,1001)");

        Anonymiser keepsUid = anonymiser(dir, "rules:\n  - keyword: StudyComments\n    action: K\n");
        DicomObject u = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        put(u.dataset(), TagFromName.StudyComments, "see 1.2.3.1.1.1"); // text holding the SOP Instance UID
        assertThatThrownBy(() -> keepsUid.anonymise(u)).hasMessageContaining("(0032,4000)");
    }

    @Test
    void theScanCanBeTurnedOffAndPassesCleanOutputs(@TempDir Path dir) throws Exception {
        Anonymiser off = anonymiser(dir, "residualScan: off\nrules:\n  - keyword: StudyDescription\n    action: K\n");
        DicomObject o = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        put(o.dataset(), TagFromName.StudyDescription, "CT chest for janedoe");
        off.anonymise(o);
        assertThat(value(o.dataset(), TagFromName.StudyDescription)).isEqualTo("CT chest for janedoe");

        DicomObject clean = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        new Anonymiser(PolicyLoader.basic(List.of()), SECRET).anonymise(clean); // default: on, and nothing found
        assertThatThrownBy(() -> anonymiser(dir, "residualScan: sometimes\n")).hasMessageContaining("residualScan");
    }

    /** Cost of the scan per instance, on a CT-like instance with 512x512 pixels (printed, not asserted). */
    /** A date the engine shifted may equal another original date by chance: not a leak when dates are shifted. */
    @Test
    void aShiftedDateEqualToAnotherOriginalDateIsChanceNotALeak() throws Exception {
        AttributeList output = new AttributeList();
        put(output, TagFromName.StudyDate, "19490425");
        AttributeList input = new AttributeList();
        put(input, TagFromName.PatientBirthDate, "19490425");
        IdentifyingValues identifying = IdentifyingValues.collect(input,
                PolicyLoader.load(null, List.of("retain-long-modified-dates"), List.of()));
        assertThatThrownBy(() -> ResidualScan.check(output, identifying, false))
                .isInstanceOf(QuarantineException.class).hasMessageContaining("(0008,0020)");
        ResidualScan.check(output, identifying, true); // shifted: passes
        put(output, TagFromName.StudyDescription, "born 25 Apr 1949");
        assertThatThrownBy(() -> ResidualScan.check(output, identifying, true))
                .isInstanceOf(QuarantineException.class).hasMessageContaining("(0008,1030)");
    }

    @Test
    void costPerInstance() throws Exception {
        Anonymiser on = new Anonymiser(PolicyLoader.basic(List.of()), SECRET);
        long scanNanos = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            DicomObject o = ct("P" + i, "DOE^JANE" + i, "1.2.3." + i, "1.2.3." + i + ".1", "1.2.3." + i + ".1.1");
            OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
            pixels.setValues(new short[512 * 512]);
            o.dataset().put(pixels);
            IdentifyingValues ids = on.anonymise(o).identifyingValues();
            long t = System.nanoTime();
            ResidualScan.check(o.dataset(), ids);
            scanNanos += System.nanoTime() - t;
        }
        System.out.printf("residual-PHI scan: %.1f µs per instance (mean of %d)%n", scanNanos / 1000.0 / n, n);
        assertThat(scanNanos).isPositive();
    }
}
