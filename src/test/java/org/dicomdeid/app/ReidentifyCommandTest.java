package org.dicomdeid.app;

import org.dicomdeid.crypto.Certificates;
import org.dicomdeid.crypto.EncryptedAttributes;
import org.dicomdeid.crypto.TestDatasets;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReidentifyCommandTest {
    @TempDir
    static Path dir;
    private static Path p12;
    private static Path password;
    private static List<X509Certificate> recipients;

    @BeforeAll
    static void keys() throws Exception {
        assertThat(Main.execute("keygen", "--out", dir.resolve("keys/holder").toString())).isZero();
        p12 = dir.resolve("keys/holder.p12");
        password = dir.resolve("keys/holder.p12.password");
        recipients = Certificates.loadAll(dir.resolve("keys/holder-cert.pem").toString());
    }

    /** Writes a de-identified, encrypted instance and returns the original data set's encoding. */
    private static byte[] encryptedInstance(Path file) throws Exception {
        DicomObject object = TestDatasets.original();
        byte[] before = TestDatasets.encodeDataSet(object.dataset());
        new EncryptedAttributes(recipients).addTo(object.dataset(), TestDatasets.deidentify(object));
        Files.createDirectories(file.getParent());
        Files.write(file, DicomFiles.encode(object));
        return before;
    }

    @Test
    void restoresFoldersKeepingTheLayoutAndQuarantinesTheRest() throws Exception {
        Path in = dir.resolve("batch/in");
        byte[] a = encryptedInstance(in.resolve("sub/a.dcm"));
        byte[] b = encryptedInstance(in.resolve("b.dcm"));
        Files.write(in.resolve("plain.dcm"), DicomFiles.encode(TestDatasets.original()));
        Path out = dir.resolve("batch/out");

        int exit = Main.execute("reidentify", "--key", p12.toString(), "--password-file", password.toString(),
                "--out", out.toString(), in.toString());

        assertThat(exit).isEqualTo(Main.EXIT_QUARANTINED);
        assertThat(TestDatasets.encodeDataSet(DicomFiles.read(out.resolve("sub/a.dcm")).dataset())).isEqualTo(a);
        assertThat(TestDatasets.encodeDataSet(DicomFiles.read(out.resolve("b.dcm")).dataset())).isEqualTo(b);
        Path quarantine = dir.resolve("batch/quarantine");
        assertThat(Files.readString(quarantine.resolve("plain.dcm.reason.txt")))
                .contains("no Encrypted Attributes Sequence");
        // nothing else was written: no temporary or plaintext side files
        assertThat(filesUnder(out)).containsExactlyInAnyOrder("b.dcm", "sub/a.dcm");
        assertThat(filesUnder(quarantine)).containsExactlyInAnyOrder("plain.dcm", "plain.dcm.reason.txt");
    }

    @Test
    void allRestoredExitsZeroAndABadPasswordIsAUsageError() throws Exception {
        Path file = dir.resolve("single/in/x.dcm");
        byte[] x = encryptedInstance(file);
        Path out = dir.resolve("single/out");
        Path wrong = dir.resolve("wrong.password");
        Files.writeString(wrong, "not it\n");

        assertThat(Main.execute("reidentify", "--key", p12.toString(), "--password-file", wrong.toString(),
                "--out", out.toString(), file.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(out).doesNotExist();

        assertThat(Main.execute("reidentify", "--key", p12.toString(), "--password-file", password.toString(),
                "--out", out.toString(), file.toString())).isEqualTo(Main.EXIT_OK);
        assertThat(TestDatasets.encodeDataSet(DicomFiles.read(out.resolve("x.dcm")).dataset())).isEqualTo(x);
    }

    private static List<String> filesUnder(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
        }
    }
}
