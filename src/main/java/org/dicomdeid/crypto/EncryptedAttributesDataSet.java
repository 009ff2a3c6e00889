package org.dicomdeid.crypto;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The plaintext of the Encrypted Content (PS3.3 C.12.1.1.4.1): a data set in Explicit VR
 * Little Endian, without meta information, holding one item of the Modified Attributes
 * Sequence (0400,0550) with the original attribute values.
 *
 * <p>CBC encryption does not detect alteration, so after the sequence we append a private
 * element with the SHA-256 of the sequence's encoding, and the envelope says so (see
 * {@link CmsEnvelope#DIGEST_INSIDE}); an altered ciphertext then fails this check instead of
 * restoring silently corrupted values. Other implementations (GDCM) read the Modified
 * Attributes Sequence only; content they made has no digest and is accepted if it parses to
 * exactly that sequence. Content is "ours" when its digest verifies, whatever the envelope says.
 */
public final class EncryptedAttributesDataSet {
    static final String TRANSFER_SYNTAX = TransferSyntax.ExplicitVRLittleEndian;
    private static final int INTEGRITY_GROUP = 0x0401;
    private static final String INTEGRITY_CREATOR = "DICOMDEID INTEGRITY";
    private static final AttributeTag CREATOR_TAG = new AttributeTag(INTEGRITY_GROUP, 0x0010);
    private static final AttributeTag DIGEST_TAG = new AttributeTag(INTEGRITY_GROUP, 0x1000);

    private EncryptedAttributesDataSet() {
    }

    /** Encodes {@code originals} (top-level data set attributes, no file meta) as the plaintext. */
    public static byte[] encode(AttributeList originals) throws DicomException, IOException {
        SequenceAttribute modified = new SequenceAttribute(TagFromName.ModifiedAttributesSequence);
        modified.addItem(originals);
        AttributeList outer = new AttributeList();
        outer.put(modified);
        byte[] sequence = write(outer);
        return concat(sequence, write(integrityElements(sha256(sequence))));
    }

    /**
     * Parses decrypted content into the Modified Attributes item, and says whether it is ours
     * (it carries our digest, and the digest matches). Empty when the bytes are not such a data
     * set, a digest they carry does not match, or {@code digestRequired} and they carry none
     * (wrong key or altered content). A digest is verified whenever present: the demand for it
     * comes from outside the ciphertext and may itself have been damaged.
     */
    public static Optional<Reidentifier.Originals> decode(byte[] plaintext, boolean digestRequired) {
        try {
            AttributeList outer = new AttributeList();
            outer.read(new DicomInputStream(new ByteArrayInputStream(plaintext), TRANSFER_SYNTAX, false));
            Optional<Boolean> ours = verify(outer, plaintext, digestRequired);
            Attribute a = outer.get(TagFromName.ModifiedAttributesSequence);
            if (ours.isEmpty() || !(a instanceof SequenceAttribute seq) || seq.getNumberOfItems() != 1) {
                return Optional.empty();
            }
            return Optional.of(new Reidentifier.Originals(seq.getItem(0).getAttributeList(), ours.get()));
        } catch (IOException | DicomException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True: our digest matched; false: another implementation's content, acceptable; empty: refuse. */
    private static Optional<Boolean> verify(AttributeList outer, byte[] plaintext, boolean digestRequired)
            throws DicomException, IOException {
        Attribute digest = outer.get(DIGEST_TAG);
        boolean ours = INTEGRITY_CREATOR.equals(Attribute.getSingleStringValueOrEmptyString(outer, CREATOR_TAG));
        if (digest == null && !ours) {
            // content from another implementation: the Modified Attributes Sequence alone
            return !digestRequired && outer.size() == 1 ? Optional.of(false) : Optional.empty();
        }
        if (digest == null || !ours || outer.size() != 3) {
            return Optional.empty();
        }
        byte[] expected = digest.getByteValues();
        int tailLength = write(integrityElements(expected)).length;
        if (tailLength > plaintext.length) {
            return Optional.empty();
        }
        byte[] sequence = Arrays.copyOf(plaintext, plaintext.length - tailLength);
        return MessageDigest.isEqual(expected, sha256(sequence)) ? Optional.of(true) : Optional.empty();
    }

    private static AttributeList integrityElements(byte[] digest) throws DicomException {
        AttributeList list = new AttributeList();
        LongStringAttribute creator = new LongStringAttribute(CREATOR_TAG);
        creator.addValue(INTEGRITY_CREATOR);
        list.put(creator);
        OtherByteAttribute value = new OtherByteAttribute(DIGEST_TAG);
        value.setValues(digest);
        list.put(value);
        return list;
    }

    private static byte[] write(AttributeList list) throws DicomException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        DicomOutputStream dout = new DicomOutputStream(out, null, TRANSFER_SYNTAX);
        list.write(dout);
        dout.flush();
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
