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

    /** AES-256-GCM (AuthEnvelopedData) chosen on the command line or in a policy; a wrong name stops the run. */
    @Test
    void authenticatedEncryptionChosenByCommandLineOrPolicyRoundTrips() throws Exception {
        Path in = dir.resolve("gcm/in/x.dcm");
        Files.createDirectories(in.getParent());
        DicomObject original = TestDatasets.original();
        Files.write(in, DicomFiles.encode(original));
        byte[] before = TestDatasets.encodeDataSet(original.dataset());
        Path secret = dir.resolve("gcm/secret");
        Files.writeString(secret, "ab".repeat(32));
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path policy = dir.resolve("gcm/policy.yaml");
        Files.writeString(policy, "cipher: aes256-gcm\nrecipients: [keys/holder-cert.pem]\n");
        Files.createDirectories(dir.resolve("gcm/keys"));
        Files.copy(dir.resolve("keys/holder-cert.pem"), dir.resolve("gcm/keys/holder-cert.pem"));
        String cert = dir.resolve("keys/holder-cert.pem").toString();
        String[][] ways = {
            {"--cipher", "aes256-gcm", "--recipient", cert},
            {"--policy", policy.toString()},
        };
        for (int i = 0; i < ways.length; i++) {
            Path deid = dir.resolve("gcm/deid" + i);
            List<String> args = new java.util.ArrayList<>(List.of("anonymise", "--secret-file", secret.toString()));
            args.addAll(List.of(ways[i]));
            args.addAll(List.of("--out", deid.toString(), in.toString()));
            assertThat(Main.execute(args.toArray(String[]::new))).isZero();
            var item = ((com.pixelmed.dicom.SequenceAttribute) DicomFiles.read(deid.resolve("x.dcm")).dataset()
                    .get(com.pixelmed.dicom.TagFromName.EncryptedAttributesSequence)).getItem(0).getAttributeList();
            byte[] content = item.get(new com.pixelmed.dicom.AttributeTag(0x0400, 0x0520)).getByteValues();
            assertThat(org.bouncycastle.asn1.cms.ContentInfo.getInstance(content).getContentType())
                    .isEqualTo(org.bouncycastle.asn1.cms.CMSObjectIdentifiers.authEnvelopedData);
            Path restored = dir.resolve("gcm/restored" + i);
            assertThat(Main.execute("reidentify", "--key", p12.toString(), "--password-file", password.toString(),
                    "--out", restored.toString(), deid.resolve("x.dcm").toString())).isZero();
            assertThat(TestDatasets.encodeDataSet(DicomFiles.read(restored.resolve("x.dcm")).dataset()))
                    .isEqualTo(before);
        }
        Path bad = dir.resolve("gcm/bad");
        assertThat(Main.execute("anonymise", "--secret-file", secret.toString(), "--cipher", "aes-gsm",
                "--recipient", cert, "--out", bad.toString(), in.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(bad).doesNotExist();
    }

    private static List<String> filesUnder(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
        }
    }
}
