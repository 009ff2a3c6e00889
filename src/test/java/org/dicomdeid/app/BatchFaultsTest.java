package org.dicomdeid.app;

import org.dicomdeid.camel.PoisonFiles;
import org.dicomdeid.camel.TinyDisk;
import org.dicomdeid.deid.TestInstances;
import org.dicomdeid.dicom.DicomFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.camel.TransferAssertions.allFiles;
import static org.dicomdeid.camel.TransferAssertions.hashes;

/** deid anonymise on what broke it before: equal names, a full or missing output folder, poison, odd files, messages. */
class BatchFaultsTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private int anonymise(Path outDir, String... inputs) {
        ensureSecret(); // its creation is announced with its path: these tests check messages without paths
        String[] args = new String[4 + inputs.length];
        args[0] = "anonymise";
        args[1] = "--secret-file";
        args[2] = dir.resolve("keys/secret").toString();
        args[3] = "--out=" + outDir;
        System.arraycopy(inputs, 0, args, 4, inputs.length);
        return Main.execute(args);
    }

    private void ensureSecret() {
        Path secret = dir.resolve("keys/secret");
        try {
            if (!java.nio.file.Files.exists(secret)) {
                java.nio.file.Files.createDirectories(secret.getParent());
                java.nio.file.Files.writeString(secret, "ab".repeat(32) + "\n");
                java.nio.file.Files.setPosixFilePermissions(secret,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void ct(Path file, String sop) throws Exception {
        DicomFiles.writeAtomically(TestInstances.ct("P1", "DOE^JANE", "1.2.3.4", "1.2.3.4.5", sop), file);
    }

    @Test
    void equalNamesFromTwoFoldersKeepEveryOutputAndARerunAddsNone() throws Exception {
        for (String site : new String[]{"siteA", "siteB"}) {
            for (int i = 1; i <= 3; i++) {
                ct(dir.resolve(site).resolve("IMG000" + i + ".dcm"), "1.2.3.4.5." + site.length() + site.charAt(4) * 10 + i);
            }
        }
        Path o = dir.resolve("o");
        assertThat(anonymise(o, dir.resolve("siteA").toString(), dir.resolve("siteB").toString())).isZero();
        assertThat(stdout()).startsWith("processed 6, quarantined 0");
        assertThat(allFiles(o)).hasSize(6).contains("IMG0001.dcm", "IMG0002.dcm", "IMG0003.dcm")
                .anyMatch(n -> n.matches("IMG0001~[0-9a-f]{8}\\.dcm"));
        Set<String> uids = new HashSet<>();
        for (String name : allFiles(o)) {
            uids.add(DicomFiles.read(o.resolve(name)).sopInstanceUID());
        }
        assertThat(uids).hasSize(6);
        var first = hashes(o);
        // the same inputs again: every instance replaces its own output
        assertThat(anonymise(o, dir.resolve("siteA").toString(), dir.resolve("siteB").toString())).isZero();
        assertThat(hashes(o)).isEqualTo(first);
    }

    @Test
    void aMissingOutputFolderExits1LeavesInputsAndQuarantinesNothing() throws Exception {
        Path in = dir.resolve("in");
        ct(in.resolve("a.dcm"), "1.2.3.4.5.1");
        ct(in.resolve("b.dcm"), "1.2.3.4.5.2");
        var before = hashes(in);
        Files.writeString(dir.resolve("blocked"), "a file where a folder should be");
        int code = anonymise(dir.resolve("blocked/out"), in.toString());
        assertThat(code).isEqualTo(Main.EXIT_FAILURE);
        assertThat(stdout()).contains("processed 0, quarantined 0").contains("not processed 2");
        assertThat(stderr()).contains("stopped").doesNotContain(dir.toString()).doesNotContain("\tat ");
        assertThat(hashes(in)).isEqualTo(before);
        assertThat(dir.resolve("quarantine")).doesNotExist();
    }

    @Test
    void aFullDiskExits1WithTheCauseAndQuarantinesNothing() throws Exception {
        Assumptions.assumeTrue(TinyDisk.available(), "needs root and tmpfs");
        Path in = dir.resolve("in");
        for (int i = 0; i < 40; i++) {
            ct(in.resolve("img" + i + ".dcm"), "1.2.3.4.5." + i);
        }
        Path disk = dir.resolve("disk");
        try (TinyDisk tiny = TinyDisk.mount(disk, 32)) {
            int code = anonymise(disk.resolve("out"), "--threads=1", in.toString());
            assertThat(code).isEqualTo(Main.EXIT_FAILURE);
            assertThat(stdout()).contains("quarantined 0").contains("No space left on device");
            assertThat(stderr()).contains("No space left on device").doesNotContain(dir.toString());
            assertThat(disk.resolve("quarantine")).doesNotExist();
            assertThat(allFiles(in)).hasSize(40);
        }
    }

    @Test
    void aPoisonFileIsQuarantinedAndTheBatchGoesOn() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        Files.write(in.resolve("nested.dcm"), PoisonFiles.nestedSequences(5000));
        ct(in.resolve("z.dcm"), "1.2.3.4.5.9");
        int code = anonymise(dir.resolve("out"), in.toString());
        assertThat(code).isEqualTo(Main.EXIT_QUARANTINED);
        assertThat(stdout()).startsWith("processed 1, quarantined 1");
        assertThat(dir.resolve("quarantine/nested.dcm")).exists();
        assertThat(Files.readString(dir.resolve("quarantine/nested.dcm.reason.txt"))).isNotBlank();
        assertThat(stderr()).doesNotContain("\tat ").doesNotContain("nested.dcm");
    }

    @Test
    void oddFilesInsideFoldersAreSkippedAndCountedAndAFolderGivenThroughALinkIsFollowed() throws Exception {
        Path in = dir.resolve("in");
        ct(in.resolve("a.dcm"), "1.2.3.4.5.1");
        Files.writeString(in.resolve("a.dcm.reason.txt"), "an old reason\n");
        Process mkfifo = new ProcessBuilder("mkfifo", in.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.createSymbolicLink(in.resolve("dangling.dcm"), in.resolve("gone.dcm"));
        Files.createSymbolicLink(in.resolve("self"), in.resolve("self"));
        Files.createSymbolicLink(in.resolve("loop"), in);
        Path link = Files.createSymbolicLink(dir.resolve("link-to-in"), in);

        int code = anonymise(dir.resolve("out"), link.toString());
        assertThat(code).isZero();
        assertThat(stdout()).startsWith("processed 1, quarantined 0, skipped 5 (1 dangling link, 2 link loop,"
                + " 1 not a regular file, 1 quarantine reason file)");
        assertThat(allFiles(dir.resolve("out"))).containsExactly("a.dcm");
    }

    @Test
    void anUnreadableFileIsSkippedAndCounted() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path in = dir.resolve("in");
        ct(in.resolve("a.dcm"), "1.2.3.4.5.1");
        ct(in.resolve("b.dcm"), "1.2.3.4.5.2");
        Files.setPosixFilePermissions(in.resolve("b.dcm"), Set.of());
        assertThat(anonymise(dir.resolve("out"), in.toString())).isZero();
        assertThat(stdout()).startsWith("processed 1, quarantined 0, skipped 1 (1 unreadable)");
    }

    @Test
    void exitCodesAndMessagesNameCausesNeverPaths() throws Exception {
        Path in = dir.resolve("secret-patient-folder");
        ct(in.resolve("a.dcm"), "1.2.3.4.5.1");
        // an INPUT that does not exist: usage error, nothing processed, no path echoed
        assertThat(anonymise(dir.resolve("out"), dir.resolve("nope-patient").toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(stderr()).contains("INPUT 1").doesNotContain("nope-patient");
        assertThat(dir.resolve("out")).doesNotExist();

        // a secret file that others may read (here a folder): a configuration error, exit 2, one line,
        // no stack trace, nothing processed; --debug does not change the outcome
        Files.createDirectories(dir.resolve("keys-folder"));
        err.reset();
        int code = Main.execute("anonymise", "--secret-file", dir.resolve("keys-folder").toString(),
                "--out", dir.resolve("out").toString(), in.toString());
        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(stderr()).startsWith("deid: ").doesNotContain("\tat ").doesNotContain("secret-patient-folder");
        assertThat(dir.resolve("out")).doesNotExist();
        err.reset();
        code = Main.execute("anonymise", "--debug", "--secret-file", dir.resolve("keys-folder").toString(),
                "--out", dir.resolve("out").toString(), in.toString());
        assertThat(code).isEqualTo(Main.EXIT_USAGE);
    }
}
