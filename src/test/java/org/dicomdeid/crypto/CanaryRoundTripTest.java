package org.dicomdeid.crypto;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.dicomdeid.app.Main;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.testing.CanaryCorpus;
import org.dicomdeid.testing.LeakScanner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The confidentiality promise on the canary corpus: what `deid anonymise --recipient` writes
 * leaks nothing, yet `deid reidentify` (our key holder) and GDCM's `gdcmanon -d` (the other
 * implementation) get every original attribute back.
 */
@Tag("peers")
class CanaryRoundTripTest {
    @TempDir
    Path dir;

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rsa", "ec"})
    void anonymiseEncryptThenReidentifyGivesBackTheWholeOriginal(String algorithm) throws Exception {
        CanaryCorpus corpus = CanaryCorpus.write(dir.resolve("in"));
        assertThat(Main.execute("keygen", "--algorithm", algorithm, "--out", dir.resolve("keys/holder").toString()))
                .isZero();
        Path cert = dir.resolve("keys/holder-cert.pem");
        Path out = dir.resolve("out");
        assertThat(Main.execute("anonymise", "--recipient", cert.toString(), "--secret-file",
                dir.resolve("keys/secret").toString(), "--out", out.toString(), corpus.root().toString()))
                .isEqualTo(Main.EXIT_OK);
        // Four-character ages turn up by chance in kilobytes of ciphertext; CanaryLeakTest covers them.
        var report = LeakScanner.forCorpus(corpus).scan(out).withoutKinds(org.dicomdeid.testing.Canary.Kind.AGE);
        assertThat(report.isClean()).as(report.toString()).isTrue();

        Path restored = dir.resolve("restored");
        assertThat(Main.execute("reidentify", "--key", dir.resolve("keys/holder.p12").toString(),
                "--password-file", dir.resolve("keys/holder.p12.password").toString(),
                "--out", restored.toString(), out.toString())).isEqualTo(Main.EXIT_OK);
        for (Path original : corpus.files()) {
            String relative = corpus.root().relativize(original).toString();
            Path back = restored.resolve(out.relativize(findOutput(out, relative)));
            assertSameDataSet(original, back, relative);
        }
    }

    @Test
    void gdcmanonDecryptsWhatWeEncrypted() throws Exception {
        Path gdcmanon = Path.of("/usr/bin/gdcmanon");
        assumeTrue(Files.isExecutable(gdcmanon), "gdcmanon (libgdcm-tools) is not installed");
        // dciodvfy and GDCM expect no command group inside a data set
        CanaryCorpus corpus = CanaryCorpus.write(dir.resolve("in"), CanaryCorpus.Options.DEFAULT.withoutCommandGroup());
        RecipientKeys keys = RecipientKeys.generate("gdcm", 2);
        Path cert = dir.resolve("cert.pem");
        keys.writeCertificatePem(cert);
        Path keyPem = dir.resolve("key.pem");
        try (Writer w = Files.newBufferedWriter(keyPem); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(keys.privateKey(), null));
        }
        Path out = dir.resolve("out");
        assertThat(Main.execute("anonymise", "--recipient", cert.toString(), "--secret-file",
                dir.resolve("secret").toString(), "--out", out.toString(), corpus.root().toString()))
                .isEqualTo(Main.EXIT_OK);
        for (Path original : corpus.files()) {
            String relative = corpus.root().relativize(original).toString();
            Path restored = dir.resolve("gdcm").resolve(relative);
            Files.createDirectories(restored.getParent());
            Process p = new ProcessBuilder(gdcmanon.toString(), "-d", "-k", keyPem.toString(),
                    "-i", findOutput(out, relative).toString(), "-o", restored.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("gdcm.log").toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("gdcm.log"))).isZero();
            AttributeList back = DicomFiles.read(restored).dataset();
            // GDCM removes only what its own profile adds; (0028,0303) and the method codes are ours
            back.remove(TagFromName.LongitudinalTemporalInformationModified);
            back.remove(TagFromName.DeidentificationMethodCodeSequence);
            assertThat(TestDatasets.encodeDataSet(back)).as(relative)
                    .isEqualTo(TestDatasets.encodeDataSet(DicomFiles.read(original).dataset()));
        }
    }

    @Test
    void weReidentifyWhatGdcmanonEncrypted() throws Exception {
        Path gdcmanon = Path.of("/usr/bin/gdcmanon");
        assumeTrue(Files.isExecutable(gdcmanon), "gdcmanon (libgdcm-tools) is not installed");
        CanaryCorpus corpus = CanaryCorpus.write(dir.resolve("in"), CanaryCorpus.Options.DEFAULT.withoutCommandGroup());
        assertThat(Main.execute("keygen", "--out", dir.resolve("keys/holder").toString())).isZero();
        Path key = dir.resolve("keys/holder.p12");
        Path password = dir.resolve("keys/holder.p12.password");
        Path gdcmOut = dir.resolve("gdcm");
        for (Path original : corpus.files()) {
            Path target = gdcmOut.resolve(corpus.root().relativize(original));
            Files.createDirectories(target.getParent());
            Process p = new ProcessBuilder(gdcmanon.toString(), "-e", "-c", dir.resolve("keys/holder-cert.pem").toString(),
                    "-i", original.toString(), "-o", target.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("gdcm.log").toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("gdcm.log"))).isZero();
        }
        Path restored = dir.resolve("restored");
        assertThat(Main.execute("reidentify", "--key", key.toString(), "--password-file", password.toString(),
                "--out", restored.toString(), gdcmOut.toString())).isEqualTo(Main.EXIT_OK);
        for (Path original : corpus.files()) {
            String relative = corpus.root().relativize(original).toString();
            assertSameDataSet(original, restored.resolve(relative), relative);
        }
    }

    /** Output names keep the layout; a name holding a UID would be mapped (the corpus has none). */
    private static Path findOutput(Path out, String relative) {
        Path p = out.resolve(relative);
        assertThat(p).exists();
        return p;
    }

    private static void assertSameDataSet(Path original, Path restored, String relative) throws Exception {
        AttributeList before = DicomFiles.read(original).dataset();
        AttributeList after = DicomFiles.read(restored).dataset();
        // A command group (0000,xxxx) has no place in a stored instance; our writer (PixelMed) drops it.
        before.removeGroup(0x0000);
        assertThat(TestDatasets.encodeDataSet(after)).as(relative).isEqualTo(TestDatasets.encodeDataSet(before));
        assertThat(com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(after,
                TagFromName.MediaStorageSOPInstanceUID)).isEqualTo(
                com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(before, TagFromName.SOPInstanceUID));
    }
}
