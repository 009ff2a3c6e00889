package org.dicomdeid.app;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.crypto.RecipientKeys;
import org.dicomdeid.crypto.TestDatasets;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each configuration mistake gets its own clear message and exit 2 before anything is
 * processed, without a stack trace or a value from an image; a tampered file is quarantined
 * with its reason (exit 3). Also: the project secret no longer depends on the current folder.
 */
class ConfigurationErrorsTest {
    @TempDir
    static Path dir;
    private static Path input;
    private static Path p12;
    private static Path password;
    private static Path cert;

    private record Run(int exit, String err) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        assertThat(Main.execute("keygen", "--out", dir.resolve("keys/holder").toString())).isZero();
        p12 = dir.resolve("keys/holder.p12");
        password = dir.resolve("keys/holder.p12.password");
        cert = dir.resolve("keys/holder-cert.pem");
        input = dir.resolve("in/image.dcm");
        Files.createDirectories(input.getParent());
        Files.write(input, DicomFiles.encode(TestDatasets.original()));
    }

    private static Run deid(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.execute(args);
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).as("no stack trace, no value of the image")
                .doesNotContain("\tat ", "Exception", "Müller", "PID-4711");
        return new Run(exit, text);
    }

    private static Path secret() throws Exception {
        Path file = dir.resolve("test.secret");
        if (!Files.exists(file)) {
            Files.writeString(file, "ab".repeat(32) + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    @Test
    void aPrivateKeyGivenAsRecipientIsRefused() throws Exception {
        RecipientKeys keys = RecipientKeys.generate("pem", 2);
        Path pem = dir.resolve("keys/pem-key.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        for (Path wrong : List.of(pem, p12)) {
            Path out = dir.resolve("recipient-" + wrong.getFileName() + "/out");
            Run run = deid("anonymise", "--secret-file", secret().toString(), "--recipient", wrong.toString(),
                    "--out", out.toString(), input.toString());
            assertThat(run.exit()).as(wrong.toString()).isEqualTo(Main.EXIT_USAGE);
            assertThat(run.err()).contains("holds a private key, not a certificate");
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void keyFileMistakesEachHaveTheirOwnMessage() throws Exception {
        Path wrongPassword = dir.resolve("wrong.password");
        Files.writeString(wrongPassword, "not it\n");
        Path out = dir.resolve("keys-out/out");
        String[][] cases = {
            {dir.resolve("keys/nobody.p12").toString(), password.toString(), "no key file at"},
            {p12.toString(), wrongPassword.toString(), "wrong password"},
            {p12.toString(), dir.resolve("missing.password").toString(), "no password file at"},
            {cert.toString(), password.toString(), "holds a certificate, not a private key"},
        };
        for (String[] c : cases) {
            Run run = deid("reidentify", "--key", c[0], "--password-file", c[1], "--out", out.toString(),
                    input.toString());
            assertThat(run.exit()).as(c[2]).isEqualTo(Main.EXIT_USAGE);
            assertThat(run.err()).contains(c[2]);
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void aTamperedFileIsQuarantinedWithItsReason() throws Exception {
        Path out = dir.resolve("tamper/deid");
        assertThat(deid("anonymise", "--secret-file", secret().toString(), "--recipient", cert.toString(),
                "--out", out.toString(), input.toString()).exit()).isZero();
        Path file = out.resolve("image.dcm");
        DicomObject object = DicomFiles.read(file);
        var item = ((com.pixelmed.dicom.SequenceAttribute) object.dataset()
                .get(TagFromName.EncryptedAttributesSequence)).getItem(0).getAttributeList();
        Attribute content = item.get(new com.pixelmed.dicom.AttributeTag(0x0400, 0x0520));
        byte[] bytes = content.getByteValues();
        bytes[bytes.length - 40] ^= 0x10;  // inside the ciphertext
        ((com.pixelmed.dicom.OtherByteAttribute) content).setValues(bytes);
        Files.write(file, DicomFiles.encode(object));

        Path restored = dir.resolve("tamper/restored");
        Run run = deid("reidentify", "--key", p12.toString(), "--password-file", password.toString(),
                "--out", restored.toString(), file.toString());
        assertThat(run.exit()).isEqualTo(Main.EXIT_QUARANTINED);
        assertThat(Files.readString(dir.resolve("tamper/quarantine/image.dcm.reason.txt")))
                .contains("cannot be decrypted with this key", "altered");
        assertThat(restored.resolve("image.dcm")).doesNotExist();
    }

    @Test
    void aLookupTableThatIsNotOneToOneStopsTheRun() throws Exception {
        Files.writeString(dir.resolve("subjects.csv"), "originalId,subjectId\nPID-4711,S-1\nPID-9,S-1\n");
        Files.writeString(dir.resolve("lookup-policy.yaml"), "pseudonyms:\n  lookup: subjects.csv\n");
        Path out = dir.resolve("lookup/out");
        Run run = deid("anonymise", "--policy", dir.resolve("lookup-policy.yaml").toString(), "--secret-file",
                secret().toString(), "--out", out.toString(), input.toString());
        assertThat(run.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("line 3", "line 2").doesNotContain("S-1", "PID-9");
        assertThat(out).doesNotExist();
    }

    @Test
    void aSecretFileOthersCanReadStopsTheRun() throws Exception {
        Path loose = dir.resolve("loose.secret");
        Files.writeString(loose, "cd".repeat(32) + "\n");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        Path out = dir.resolve("loose/out");
        Run run = deid("anonymise", "--secret-file", loose.toString(), "--out", out.toString(), input.toString());
        assertThat(run.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("chmod 600");
        assertThat(out).doesNotExist();
    }

    /** The defect: run from two folders, the same file got two secrets, so two pseudonyms and UID sets. */
    @Test
    void theSameFileAnonymisedFromTwoFoldersGetsTheSamePseudonymsAndUids() throws Exception {
        Path deidHome = dir.resolve("deid-home");
        List<String> seen = new ArrayList<>();
        for (String folder : List.of("site-a", "site-b")) {
            Path cwd = Files.createDirectories(dir.resolve(folder));
            Path out = cwd.resolve("out");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "anonymise", "--out", out.toString(), input.toString())
                    .directory(cwd.toFile()).redirectErrorStream(true);
            pb.environment().remove("DEID_SECRET");
            pb.environment().put("DEID_HOME", deidHome.toString());
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(log).isZero();
            boolean first = seen.isEmpty();
            assertThat(log.contains("created a new project secret in " + deidHome.resolve("keys/pseudonym.secret")))
                    .as("announced once, with its path: " + log).isEqualTo(first);
            assertThat(cwd.resolve("keys")).doesNotExist();
            DicomObject result = DicomFiles.read(out.resolve("image.dcm"));
            seen.add(result.sopInstanceUID() + " " + Attribute.getSingleStringValueOrEmptyString(result.dataset(),
                    TagFromName.PatientID));
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }
}
