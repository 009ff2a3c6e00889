package org.dicomdeid.crypto;

import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * No change to any byte of the Encrypted Content (0400,0520) may restore wrong data without a
 * word. Every byte is flipped in turn, and the content is cut at every length; each result must
 * be either a quarantine with its reason, or — where the flipped byte is one decryption does not
 * use (a recipient's issuer and serial, a version number, the name of the unprotected attribute)
 * and so provably leaves the plaintext as it was — exactly the original data set.
 */
class EnvelopeTamperTest {
    private static RecipientKeys alice;
    private static RecipientKeys carol;

    @BeforeAll
    static void keys() throws Exception {
        alice = RecipientKeys.generate("alice", 2);
        carol = RecipientKeys.generate("carol", 2, RecipientKeys.Algorithm.EC);
    }

    @Test
    void cbcEnvelopedDataNeverRestoresWrongData() throws Exception {
        Outcomes o = tamperEveryByte(alice, ContentCipher.AES256_CBC);
        System.out.println("AES-256-CBC EnvelopedData: " + o);
        assertThat(o.quarantined).isGreaterThan(o.identical);
    }

    @Test
    void gcmAuthEnvelopedDataNeverRestoresWrongData() throws Exception {
        Outcomes o = tamperEveryByte(alice, ContentCipher.AES256_GCM);
        System.out.println("AES-256-GCM AuthEnvelopedData: " + o);
        assertThat(o.quarantined).isGreaterThan(o.identical);
    }

    @Test
    void gcmWithAnEllipticCurveRecipientNeverRestoresWrongData() throws Exception {
        Outcomes o = tamperEveryByte(carol, ContentCipher.AES256_GCM);
        System.out.println("AES-256-GCM AuthEnvelopedData, ECDH: " + o);
        assertThat(o.quarantined).isGreaterThan(o.identical);
    }

    @Test
    void gcmWritesAnAuthEnvelopedData() throws Exception {
        DicomObject object = TestDatasets.original();
        new EncryptedAttributes(List.of(alice.certificate()), ContentCipher.AES256_GCM, KeyTransport.RSA_PKCS1)
                .addTo(object.dataset(), TestDatasets.deidentify(object));
        ContentInfo info = ContentInfo.getInstance(EncryptedAttributesTest.encryptedContent(object.dataset()));
        assertThat(info.getContentType()).isEqualTo(CMSObjectIdentifiers.authEnvelopedData);
    }

    /**
     * The defect this class was written for: a damaged announcement of our digest (the
     * unprotected attribute's OID) made our content pass as foreign and restore wrong data.
     */
    @Test
    void aDamagedDigestAnnouncementStillRestoresExactlyTheOriginal() throws Exception {
        DicomObject object = TestDatasets.original();
        byte[] before = TestDatasets.encodeDataSet(object.dataset());
        new EncryptedAttributes(List.of(alice.certificate())).addTo(object.dataset(), TestDatasets.deidentify(object));
        byte[] content = EncryptedAttributesTest.encryptedContent(object.dataset());
        byte[] oid = CmsEnvelope.DIGEST_INSIDE.getEncoded();
        int at = EncryptedAttributesTest.indexOf(content, oid);
        assertThat(at).as("the announcement is in the envelope").isPositive();
        byte[] altered = content.clone();
        altered[at + oid.length - 1] ^= 0x01;
        EncryptedAttributesTest.setEncryptedContent(object.dataset(), altered);
        new Reidentifier(alice.privateKey()).restore(object);
        assertThat(TestDatasets.encodeDataSet(object.dataset())).isEqualTo(before);
    }

    private static Outcomes tamperEveryByte(RecipientKeys holder, ContentCipher cipher) throws Exception {
        DicomObject object = TestDatasets.original();
        byte[] before = TestDatasets.encodeDataSet(object.dataset());
        new EncryptedAttributes(List.of(holder.certificate()), cipher, KeyTransport.RSA_PKCS1)
                .addTo(object.dataset(), TestDatasets.deidentify(object));
        byte[] deidentified = DicomFiles.encode(object);
        byte[] content = EncryptedAttributesTest.encryptedContent(object.dataset());
        Reidentifier reidentifier = new Reidentifier(holder.privateKey());
        Outcomes outcomes = new Outcomes();
        for (int at = 0; at < content.length; at++) {
            byte[] altered = content.clone();
            altered[at] ^= (byte) (1 << (at % 8));
            judge(reidentifier, deidentified, altered, before, outcomes, "byte " + at + " flipped");
        }
        for (int length = 0; length < content.length; length++) {
            judge(reidentifier, deidentified, Arrays.copyOf(content, length), before, outcomes,
                    "cut to " + length + " bytes");
        }
        return outcomes;
    }

    private static void judge(Reidentifier reidentifier, byte[] deidentified, byte[] content, byte[] before,
                              Outcomes outcomes, String what) throws Exception {
        DicomObject copy = DicomFiles.read(deidentified);
        EncryptedAttributesTest.setEncryptedContent(copy.dataset(), content);
        try {
            reidentifier.restore(copy);
        } catch (QuarantineException e) {
            assertThat(e.getMessage()).as(what).isNotBlank();
            outcomes.quarantined++;
            return;
        } catch (RuntimeException e) {
            fail(what + ": neither quarantined nor restored, " + e);
        }
        if (!Arrays.equals(TestDatasets.encodeDataSet(copy.dataset()), before)) {
            fail(what + ": restored without complaint, but not to the original");
        }
        outcomes.identical++;
    }

    private static final class Outcomes {
        int quarantined;
        int identical;

        @Override
        public String toString() {
            return quarantined + " quarantined, " + identical + " restored exactly (bytes decryption does not use)";
        }
    }
}
