package org.dicomdeid.app;

import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.deid.TestInstances;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.testing.ContentSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deid anonymise --policy} with filters: drops are counted and write nothing, quarantines name the filter, a typo stops the run. */
class AnonymiseFiltersTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run anonymise(Path policy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.execute("anonymise", "--policy", policy.toString(), "--secret-file",
                    dir.resolve("keys/secret").toString(), "--out", dir.resolve("out").toString(),
                    dir.resolve("in").toString());
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void inputs() throws Exception {
        Path in = dir.resolve("in");
        DicomFiles.writeAtomically(ContentSamples.ct(1), in.resolve("ct.dcm"));
        DicomFiles.writeAtomically(ContentSamples.secondaryCapture(2), in.resolve("sc.dcm"));
        DicomFiles.writeAtomically(ContentSamples.multiFrameSecondaryCapture(3), in.resolve("sc-mf.dcm"));
        DicomFiles.writeAtomically(ContentSamples.screenSave(4), in.resolve("screen.dcm"));
        DicomFiles.writeAtomically(ContentSamples.radiationDoseSr(5), in.resolve("dose.dcm"));
    }

    private static long files(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void theExamplePolicyDropsAndCountsAndWritesOnlyTheImage() throws Exception {
        inputs();
        Run run = anonymise(Path.of("policies/drop-non-diagnostic.yaml"));
        assertThat(run.exit()).as(run.err()).isEqualTo(Main.EXIT_OK);
        assertThat(run.out()).startsWith("processed 1, quarantined 0, dropped 4,");
        assertThat(files(dir.resolve("out"))).isEqualTo(1);
        assertThat(DicomFiles.read(dir.resolve("out/ct.dcm")).sopInstanceUID()).startsWith("2.25.");
        assertThat(files(dir.resolve("quarantine"))).isZero();
        assertThat(files(dir.resolve("in"))).as("inputs untouched").isEqualTo(5);
    }

    @Test
    void aQuarantineFilterQuarantinesWithItsName() throws Exception {
        inputs();
        DicomObject burned = ContentSamples.ct(6);
        TestInstances.put(burned.dataset(), TagFromName.BurnedInAnnotation, "YES");
        DicomFiles.writeAtomically(burned, dir.resolve("in/burned.dcm"));
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                filters:
                  - name: burned-in
                    when: {attribute: BurnedInAnnotation, equals: "YES"}
                    action: quarantine
                  - name: only CT
                    when: {not: {attribute: Modality, equals: CT}}
                    action: drop
                """);
        Run run = anonymise(policy);
        assertThat(run.exit()).isEqualTo(Main.EXIT_QUARANTINED);
        // ct, screen save, sc, sc-mf (OT: dropped), dose SR (SR: dropped), burned (quarantined)
        assertThat(run.out()).startsWith("processed 2, quarantined 1, dropped 3,");
        // first line the reason, second the input's keyed hash (as in the log and the audit log)
        assertThat(Files.readAllLines(dir.resolve("quarantine/burned.dcm.reason.txt")))
                .satisfiesExactly(reason -> assertThat(reason).isEqualTo("quarantined by filter 'burned-in'"),
                        id -> assertThat(id).matches("id #\\p{XDigit}{12}"));
        assertThat(run.err()).doesNotContain(ContentSamples.PATIENT_NAME);
    }

    @Test
    void aTypoInAFilterStopsTheRunNamingThePlace() throws Exception {
        inputs();
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                filters:
                  - name: screen saves
                    when: {attribute: ImageTyp, contains: SCREEN SAVE}
                    action: drop
                """);
        Run run = anonymise(policy);
        assertThat(run.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("filters[0].when.attribute: unknown attribute 'ImageTyp'");
        assertThat(files(dir.resolve("out"))).isZero();
    }
}
