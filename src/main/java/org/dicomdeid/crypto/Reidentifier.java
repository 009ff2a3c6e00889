package org.dicomdeid.crypto;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import java.security.PrivateKey;
import java.util.Objects;
import java.util.Optional;

/**
 * Re-identification by a key holder (PS3.15 E.1.2): decrypts the Encrypted Attributes
 * Sequence and puts the original attributes back.
 *
 * <p>Contract with our de-identification engine: the originals hold every pre-existing
 * top-level attribute it overwrote or removed, including all of group 0012 and Longitudinal
 * Temporal Information Modified (0028,0303), even when a value did not change. So what it may
 * have added is exactly group 0012, (0028,0303) and (0400,0500): for content of ours (it carries
 * our integrity digest) those are removed, then every original is put back. Another
 * implementation may leave group 0012 attributes untouched and so unrecorded; for its content
 * (no digest of ours in the plaintext, whatever the envelope's unprotected attributes say)
 * only what the standard's tracking adds goes: (0012,0062), (0012,0063), (0012,0064) and
 * (0400,0500). GDCM's gdcmanon adds exactly (0012,0062/0063) and (0400,0500).
 */
public final class Reidentifier {
    private static final AttributeTag LONGITUDINAL_MODIFIED = TagFromName.LongitudinalTemporalInformationModified;

    private final PrivateKey key;

    /** A decrypted Modified Attributes item, and whether our engine wrote it. */
    public record Originals(AttributeList attributes, boolean ours) {
    }

    public Reidentifier(PrivateKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** Restores {@code object} in place; on failure it is left unchanged. */
    public void restore(DicomObject object) throws QuarantineException {
        AttributeList dataset = object.dataset();
        Originals originals = decrypt(dataset);
        if (originals.ours()) {
            dataset.removeGroup(0x0012);
            dataset.remove(LONGITUDINAL_MODIFIED);
        } else {
            dataset.remove(TagFromName.PatientIdentityRemoved);
            dataset.remove(TagFromName.DeidentificationMethod);
            dataset.remove(TagFromName.DeidentificationMethodCodeSequence);
        }
        dataset.remove(TagFromName.EncryptedAttributesSequence);
        for (Attribute original : originals.attributes().values()) {
            dataset.put(original);
        }
        try {
            dataset.replace(TagFromName.MediaStorageSOPInstanceUID, object.sopInstanceUID());
            if (!object.sopClassUID().isEmpty()) {
                dataset.replace(TagFromName.MediaStorageSOPClassUID, object.sopClassUID());
            }
        } catch (DicomException e) {
            throw new QuarantineException("cannot restore file meta information after re-identification", e);
        }
    }

    /** Decrypts the first item this key opens and returns its Modified Attributes item. */
    public AttributeList decryptOriginals(AttributeList dataset) throws QuarantineException {
        return decrypt(dataset).attributes();
    }

    private Originals decrypt(AttributeList dataset) throws QuarantineException {
        Attribute a = dataset.get(TagFromName.EncryptedAttributesSequence);
        if (!(a instanceof SequenceAttribute seq) || seq.getNumberOfItems() == 0) {
            throw new QuarantineException("no Encrypted Attributes Sequence (0400,0500): nothing to re-identify");
        }
        int undecodable = 0;
        for (int i = 0; i < seq.getNumberOfItems(); i++) {
            AttributeList item = seq.getItem(i).getAttributeList();
            String ts = Attribute.getSingleStringValueOrEmptyString(item, TagFromName.EncryptedContentTransferSyntaxUID);
            byte[] content = contentOf(item);
            if (!EncryptedAttributesDataSet.TRANSFER_SYNTAX.equals(ts) || content == null) {
                undecodable++;
                continue;
            }
            Optional<Originals> originals = open(content);
            if (originals.isPresent()) {
                return originals.get();
            }
        }
        if (undecodable == seq.getNumberOfItems()) {
            throw new QuarantineException("Encrypted Attributes Sequence has no item with Encrypted Content"
                    + " in Explicit VR Little Endian");
        }
        throw new QuarantineException("Encrypted Content cannot be decrypted with this key"
                + " (not a recipient, or the content was altered); items tried: " + seq.getNumberOfItems());
    }

    private Optional<Originals> open(byte[] content) throws QuarantineException {
        try {
            // "ours" is read from the verified plaintext, never from the envelope's unprotected
            // attributes: a damaged announcement must not turn our content into foreign content
            return CmsEnvelope.decrypt(content, key, EncryptedAttributesDataSet::decode);
        } catch (CmsEnvelope.NotEnvelopedDataException e) {
            throw new QuarantineException(e.getMessage());
        }
    }

    private static byte[] contentOf(AttributeList item) {
        Attribute content = item.get(EncryptedAttributes.ENCRYPTED_CONTENT);
        try {
            return content == null ? null : content.getByteValues();
        } catch (DicomException e) {
            return null;
        }
    }
}
