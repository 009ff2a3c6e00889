package org.dicomdeid.crypto;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class EncryptedAttributesTest {
    private static RecipientKeys alice;
    private static RecipientKeys bob;

    @BeforeAll
    static void keys() throws Exception {
        alice = RecipientKeys.generate("alice", 2);
        bob = RecipientKeys.generate("bob", 2);
    }

    @Test
    void roundTripRestoresTheWholeOriginalDataSet() throws Exception {
        DicomObject object = TestDatasets.original();
        byte[] before = TestDatasets.encodeDataSet(object.dataset());
        String originalSop = object.sopInstanceUID();
        AttributeList originals = TestDatasets.deidentify(object);
        new EncryptedAttributes(List.of(alice.certificate())).addTo(object.dataset(), originals);

        // through a file encoding and back, as it travels
        DicomObject travelled = DicomFiles.read(DicomFiles.encode(object));
        assertThat(TestDatasets.encodeDataSet(travelled.dataset())).isNotEqualTo(before);
        assertThat(Attribute.getSingleStringValueOrEmptyString(travelled.dataset(), TagFromName.PatientName))
                .isEqualTo("ANON^0001");

        new Reidentifier(alice.privateKey()).restore(travelled);
        DicomObject restored = DicomFiles.read(DicomFiles.encode(travelled));
        assertThat(TestDatasets.encodeDataSet(restored.dataset())).isEqualTo(before);
        assertThat(Attribute.getSingleStringValueOrEmptyString(restored.dataset(), TagFromName.PatientName))
                .isEqualTo("Müller^Jörg");
        assertThat(Attribute.getSingleStringValueOrEmptyString(restored.dataset(),
                TagFromName.MediaStorageSOPInstanceUID)).isEqualTo(originalSop);
    }

    @Test
    void everyRecipientCanDecryptAndTheVariantsWork() throws Exception {
        for (ContentCipher cipher : ContentCipher.values()) {
            for (KeyTransport transport : KeyTransport.values()) {
                DicomObject object = TestDatasets.original();
                byte[] before = TestDatasets.encodeDataSet(object.dataset());
                AttributeList originals = TestDatasets.deidentify(object);
                new EncryptedAttributes(List.of(alice.certificate(), bob.certificate()), cipher, transport)
                        .addTo(object.dataset(), originals);
                byte[] encoded = DicomFiles.encode(object);
                for (RecipientKeys holder : List.of(alice, bob)) {
                    DicomObject copy = DicomFiles.read(encoded);
                    new Reidentifier(holder.privateKey()).restore(copy);
                    assertThat(TestDatasets.encodeDataSet(copy.dataset()))
                            .as("%s %s", cipher, transport).isEqualTo(before);
                }
            }
        }
    }

    @Test
    void anEllipticCurveRecipientBesideAnRsaOneBothDecrypt() throws Exception {
        RecipientKeys carol = RecipientKeys.generate("carol", 2, RecipientKeys.Algorithm.EC);
        DicomObject object = TestDatasets.original();
        byte[] before = TestDatasets.encodeDataSet(object.dataset());
        new EncryptedAttributes(List.of(carol.certificate(), alice.certificate()))
                .addTo(object.dataset(), TestDatasets.deidentify(object));
        byte[] encoded = DicomFiles.encode(object);
        var enveloped = new org.bouncycastle.cms.CMSEnvelopedData(encryptedContent(object.dataset()));
        assertThat(enveloped.getRecipientInfos().getRecipients())
                .anyMatch(r -> r instanceof org.bouncycastle.cms.KeyAgreeRecipientInformation)
                .anyMatch(r -> r instanceof org.bouncycastle.cms.KeyTransRecipientInformation);
        for (RecipientKeys holder : List.of(carol, alice)) {
            DicomObject copy = DicomFiles.read(encoded);
            new Reidentifier(holder.privateKey()).restore(copy);
            assertThat(TestDatasets.encodeDataSet(copy.dataset())).isEqualTo(before);
        }
        DicomObject copy = DicomFiles.read(encoded);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Reidentifier(
                RecipientKeys.generate("mallory", 2, RecipientKeys.Algorithm.EC).privateKey()).restore(copy))
                .isInstanceOf(org.dicomdeid.dicom.QuarantineException.class);
    }

    @Test
    void theEnvelopeUsesTheChosenAlgorithms() throws Exception {
        DicomObject object = TestDatasets.original();
        new EncryptedAttributes(List.of(alice.certificate()), ContentCipher.AES128_CBC, KeyTransport.RSA_OAEP)
                .addTo(object.dataset(), TestDatasets.deidentify(object));
        var enveloped = new org.bouncycastle.cms.CMSEnvelopedData(encryptedContent(object.dataset()));
        assertThat(enveloped.getEncryptionAlgOID()).isEqualTo("2.16.840.1.101.3.4.1.2");
        assertThat(enveloped.getRecipientInfos().getRecipients().iterator().next().getKeyEncryptionAlgOID())
                .isEqualTo("1.2.840.113549.1.1.7");
    }

    @Test
    void anEarlierEncryptedAttributesSequenceComesBackOnRestore() throws Exception {
        // an instance de-identified before (by bob's site) and now de-identified again for alice
        DicomObject object = TestDatasets.original();
        new EncryptedAttributes(List.of(bob.certificate())).addTo(object.dataset(), new AttributeList());
        byte[] before = TestDatasets.encodeDataSet(object.dataset());
        AttributeList originals = TestDatasets.deidentify(object);
        new EncryptedAttributes(List.of(alice.certificate())).addTo(object.dataset(), originals);

        assertThatThrownBy(() -> new Reidentifier(bob.privateKey()).decryptOriginals(object.dataset()))
                .as("the outer sequence is for alice only").isInstanceOf(QuarantineException.class);
        new Reidentifier(alice.privateKey()).restore(object);
        assertThat(TestDatasets.encodeDataSet(object.dataset())).isEqualTo(before);
    }

    @Test
    void aWrongKeyIsQuarantined() throws Exception {
        DicomObject object = TestDatasets.original();
        new EncryptedAttributes(List.of(alice.certificate())).addTo(object.dataset(), TestDatasets.deidentify(object));
        byte[] before = TestDatasets.encodeDataSet(object.dataset());
        assertThatThrownBy(() -> new Reidentifier(bob.privateKey()).restore(object))
                .isInstanceOf(QuarantineException.class)
                .hasMessageContaining("cannot be decrypted with this key");
        assertThat(TestDatasets.encodeDataSet(object.dataset())).as("left unchanged").isEqualTo(before);
    }

    @Test
    void tamperedContentIsQuarantinedWhereverItIsAltered() throws Exception {
        DicomObject object = TestDatasets.original();
        new EncryptedAttributes(List.of(alice.certificate())).addTo(object.dataset(), TestDatasets.deidentify(object));
        byte[] content = encryptedContent(object.dataset());
        byte[] ciphertext = new org.bouncycastle.cms.CMSEnvelopedData(content).toASN1Structure().getContent()
                .toASN1Primitive().getEncoded();
        int start = indexOf(content, encryptedOctets(content));
        int end = start + encryptedOctets(content).length;
        assertThat(start).isPositive();
        assertThat(ciphertext).isNotEmpty();
        // CBC has no integrity of its own: a change anywhere in the ciphertext must still be caught
        // (a stride of 5 hits every 16-byte block at several offsets, and keeps the test fast)
        for (int at = start; at < end; at += 5) {
            byte[] altered = content.clone();
            altered[at] ^= (byte) (1 << (at % 8));
            setEncryptedContent(object.dataset(), altered);
            int position = at - start;
            Throwable thrown = catchThrowable(() -> new Reidentifier(alice.privateKey()).decryptOriginals(object.dataset()));
            assertThat(thrown).as("ciphertext altered at %d of %d", position, end - start)
                    .isInstanceOf(QuarantineException.class);
        }
        setEncryptedContent(object.dataset(), new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> new Reidentifier(alice.privateKey()).restore(object))
                .isInstanceOf(QuarantineException.class)
                .hasMessageContaining("not a CMS EnvelopedData");
    }

    private static byte[] encryptedOctets(byte[] content) throws Exception {
        var info = org.bouncycastle.asn1.cms.EnvelopedData.getInstance(
                org.bouncycastle.asn1.cms.ContentInfo.getInstance(
                        org.bouncycastle.asn1.ASN1Primitive.fromByteArray(trimPadding(content))).getContent());
        return info.getEncryptedContentInfo().getEncryptedContent().getOctets();
    }

    private static byte[] trimPadding(byte[] content) throws Exception {
        try (var in = new org.bouncycastle.asn1.ASN1InputStream(content)) {
            return in.readObject().getEncoded();
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aFileWithoutTheSequenceIsQuarantined() throws Exception {
        DicomObject object = TestDatasets.original();
        assertThatThrownBy(() -> new Reidentifier(alice.privateKey()).restore(object))
                .isInstanceOf(QuarantineException.class)
                .hasMessageContaining("no Encrypted Attributes Sequence");
    }

    @Test
    void quarantineReasonsCarryNoValues() throws Exception {
        DicomObject object = TestDatasets.original();
        new EncryptedAttributes(List.of(alice.certificate())).addTo(object.dataset(), TestDatasets.deidentify(object));
        try {
            new Reidentifier(bob.privateKey()).restore(object);
        } catch (QuarantineException e) {
            assertThat(e.getMessage()).doesNotContain("Müller", "PID-4711", "ANON", "1961");
            return;
        }
        throw new AssertionError("a wrong key must be quarantined");
    }

    static byte[] encryptedContent(AttributeList dataset) throws Exception {
        SequenceAttribute seq = (SequenceAttribute) dataset.get(TagFromName.EncryptedAttributesSequence);
        AttributeList item = seq.getItem(0).getAttributeList();
        assertThat(Attribute.getSingleStringValueOrEmptyString(item, TagFromName.EncryptedContentTransferSyntaxUID))
                .isEqualTo("1.2.840.10008.1.2.1");
        return item.get(EncryptedAttributes.ENCRYPTED_CONTENT).getByteValues();
    }

    static void setEncryptedContent(AttributeList dataset, byte[] content) throws Exception {
        SequenceAttribute seq = (SequenceAttribute) dataset.get(TagFromName.EncryptedAttributesSequence);
        OtherByteAttribute a = new OtherByteAttribute(EncryptedAttributes.ENCRYPTED_CONTENT);
        a.setValues(content);
        seq.getItem(0).getAttributeList().put(a);
    }
}
