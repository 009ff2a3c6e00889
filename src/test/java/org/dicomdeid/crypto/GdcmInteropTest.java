package org.dicomdeid.crypto;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interoperability with GDCM's gdcmanon (PS3.15 E.1.1 / E.1.2 implementation): each side
 * re-identifies what the other encrypted.
 */
@Tag("peers")
class GdcmInteropTest {
    private static final Path GDCMANON = Path.of("/usr/bin/gdcmanon");
    private static final Path CT_SMALL =
            Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");

    @TempDir
    static Path dir;
    private static RecipientKeys keys;
    private static Path certPem;
    private static Path keyPem;

    @BeforeAll
    static void keys() throws Exception {
        assumeTrue(Files.isExecutable(GDCMANON), "gdcmanon (libgdcm-tools) is not installed");
        keys = RecipientKeys.generate("gdcm-interop", 2);
        certPem = dir.resolve("cert.pem");
        keys.writeCertificatePem(certPem);
        // GDCM wants an unencrypted PEM private key
        keyPem = dir.resolve("key.pem");
        try (Writer w = Files.newBufferedWriter(keyPem); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(keys.privateKey(), null));
        }
    }

    @Test
    void gdcmReidentifiesWhatWeEncrypted() throws Exception {
        DicomObject object = TestDatasets.original();
        byte[] before = TestDatasets.encodeDataSet(object.dataset());
        String originalSop = object.sopInstanceUID();
        AttributeList originals = TestDatasets.deidentify(object);
        new EncryptedAttributes(List.of(keys.certificate())).addTo(object.dataset(), originals);
        Path ours = dir.resolve("ours-encrypted.dcm");
        DicomFiles.writeAtomically(object, ours);
        assertThat(TestDatasets.encodeDataSet(DicomFiles.read(ours).dataset())).isNotEqualTo(before);

        Path restoredFile = dir.resolve("gdcm-restored.dcm");
        gdcmanon("-d", "-k", keyPem.toString(), "-i", ours.toString(), "-o", restoredFile.toString());

        AttributeList restored = DicomFiles.read(restoredFile).dataset();
        assertThat(restored.get(TagFromName.EncryptedAttributesSequence)).isNull();
        assertThat(restored.get(TagFromName.PatientIdentityRemoved)).isNull();
        // GDCM removes only what its own profile adds; (0028,0303) is ours to remove
        restored.remove(TagFromName.LongitudinalTemporalInformationModified);
        assertThat(TestDatasets.encodeDataSet(restored)).isEqualTo(before);
        assertThat(Attribute.getSingleStringValueOrEmptyString(restored, TagFromName.PatientName))
                .isEqualTo("Müller^Jörg");
        assertThat(Attribute.getSingleStringValueOrEmptyString(restored, TagFromName.MediaStorageSOPInstanceUID))
                .isEqualTo(originalSop);
    }

    @Test
    void weReidentifyWhatGdcmEncryptedFromOurDataSet() throws Exception {
        Path original = dir.resolve("original.dcm");
        DicomFiles.writeAtomically(TestDatasets.original(), original);
        assertRoundTripThroughGdcm(original, "built");
    }

    @Test
    void weReidentifyWhatGdcmEncryptedFromARealCtImage() throws Exception {
        assumeTrue(Files.isReadable(CT_SMALL), "pydicom test files are not installed");
        assertRoundTripThroughGdcm(CT_SMALL, "ct");
    }

    private void assertRoundTripThroughGdcm(Path original, String name) throws Exception {
        DicomObject before = DicomFiles.read(original);
        Path anonymised = dir.resolve(name + "-gdcm-anonymised.dcm");
        gdcmanon("-e", "-c", certPem.toString(), "-i", original.toString(), "-o", anonymised.toString());

        DicomObject object = DicomFiles.read(anonymised);
        assertThat(object.sopInstanceUID()).isNotEqualTo(before.sopInstanceUID());
        assertThat(object.dataset().get(TagFromName.EncryptedAttributesSequence)).isNotNull();
        new Reidentifier(keys.privateKey()).restore(object);

        DicomObject restored = DicomFiles.read(DicomFiles.encode(object));
        assertThat(TestDatasets.encodeDataSet(restored.dataset()))
                .isEqualTo(TestDatasets.encodeDataSet(before.dataset()));
        assertThat(Attribute.getSingleStringValueOrEmptyString(restored.dataset(),
                TagFromName.MediaStorageSOPInstanceUID)).isEqualTo(before.sopInstanceUID());
    }

    private static void gdcmanon(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(GDCMANON.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("gdcmanon.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("gdcmanon finished").isTrue();
        assertThat(p.exitValue()).as("gdcmanon exit code, log: %s",
                Files.readString(dir.resolve("gdcmanon.log"))).isZero();
    }
}
