package org.dicomdeid.app;

import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.deid.TestInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class AnonymiseCommandTest {
    @TempDir
    Path dir;

    @Test
    void keepsLayoutQuarantinesBadInputsAndNeverTouchesInputs() throws Exception {
        Path in = dir.resolve("in");
        DicomObject good = TestInstances.ct("P1", "DOE^JANE", "1.2.3.4", "1.2.3.4.5", "1.2.3.4.5.6");
        DicomFiles.writeAtomically(good, in.resolve("study/series/img1.dcm"));
        Files.writeString(in.resolve("study/notes.txt"), "not dicom");
        byte[] whole = Files.readAllBytes(in.resolve("study/series/img1.dcm"));
        Files.write(in.resolve("study/truncated.dcm"), java.util.Arrays.copyOf(whole, whole.length / 2));
        DicomFiles.writeAtomically(good, in.resolve("1.2.3.4.5.6.dcm"));
        long before = Files.getLastModifiedTime(in.resolve("study/notes.txt")).toMillis();

        Path out = dir.resolve("out");
        Path secret = dir.resolve("keys/secret");
        int code = Main.execute("anonymise", "--secret-file", secret.toString(), "--out", out.toString(), in.toString());

        assertThat(code).isEqualTo(Main.EXIT_QUARANTINED);
        Path result = out.resolve("study/series/img1.dcm");
        DicomObject read = DicomFiles.read(result);
        assertThat(TestInstances.value(read.dataset(), TagFromName.PatientName)).startsWith("ANON-");
        assertThat(TestInstances.value(read.dataset(), TagFromName.MediaStorageSOPInstanceUID))
                .isEqualTo(TestInstances.value(read.dataset(), TagFromName.SOPInstanceUID));
        // a file named by its UID gets the de-identified UID as its name
        assertThat(out.resolve("1.2.3.4.5.6.dcm")).doesNotExist();
        assertThat(out.resolve(TestInstances.value(read.dataset(), TagFromName.SOPInstanceUID) + ".dcm")).exists();
        Path quarantine = dir.resolve("quarantine");
        assertThat(quarantine.resolve("study/notes.txt.reason.txt")).exists();
        assertThat(Files.readString(quarantine.resolve("study/truncated.dcm.reason.txt"))).isNotBlank();
        assertThat(in.resolve("study/notes.txt")).exists();
        assertThat(Files.getLastModifiedTime(in.resolve("study/notes.txt")).toMillis()).isEqualTo(before);
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void aWrongPolicyIsAUsageErrorAndProcessesNothing() throws Exception {
        Path in = dir.resolve("in");
        DicomFiles.writeAtomically(TestInstances.ct("P1", "DOE^JANE", "1.2.3", "1.2.3.1", "1.2.3.1.1"), in.resolve("a.dcm"));
        Path policy = dir.resolve("bad.yaml");
        Files.writeString(policy, "options: [nonsense]\n");
        Path out = dir.resolve("out");
        int code = Main.execute("anonymise", "--policy", policy.toString(), "--secret-file",
                dir.resolve("s").toString(), "--out", out.toString(), in.toString());
        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(out).doesNotExist();
        assertThat(Main.execute("anonymise", "--out", out.toString())).isEqualTo(Main.EXIT_USAGE);
    }
}
