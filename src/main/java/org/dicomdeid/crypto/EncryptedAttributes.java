package org.dicomdeid.crypto;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Adds the Encrypted Attributes Sequence (0400,0500) of PS3.15 E.1.2 to a de-identified data
 * set: the original values, as one Modified Attributes Sequence item, encrypted for every
 * recipient certificate. Only public certificates are needed here.
 */
public final class EncryptedAttributes {
    static final AttributeTag ENCRYPTED_CONTENT = new AttributeTag(0x0400, 0x0520);

    private final List<X509Certificate> recipients;
    private final ContentCipher cipher;
    private final KeyTransport transport;

    public EncryptedAttributes(List<X509Certificate> recipients, ContentCipher cipher, KeyTransport transport) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient certificate is needed");
        }
        this.recipients = List.copyOf(recipients);
        this.cipher = Objects.requireNonNull(cipher);
        this.transport = Objects.requireNonNull(transport);
    }

    public EncryptedAttributes(List<X509Certificate> recipients) {
        this(recipients, ContentCipher.AES256_CBC, KeyTransport.RSA_PKCS1);
    }

    /**
     * Encrypts {@code originals} (the top-level attributes de-identification changed or
     * removed) into {@code deidentified}, replacing any Encrypted Attributes Sequence there.
     * Such a pre-existing sequence is itself an original and is kept inside the new item.
     */
    public void addTo(AttributeList deidentified, AttributeList originals)
            throws DicomException, IOException, GeneralSecurityException {
        AttributeList item = itemFor(deidentified, originals);
        byte[] plaintext = EncryptedAttributesDataSet.encode(item);
        byte[] content;
        try {
            content = CmsEnvelope.encrypt(plaintext, recipients, cipher, transport);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        deidentified.put(sequenceHolding(content));
    }

    private static AttributeList itemFor(AttributeList deidentified, AttributeList originals) {
        AttributeList item = new AttributeList();
        for (Attribute a : originals.values()) {
            int group = a.getTag().getGroup();
            // file meta and group lengths are not data set attributes
            if (group != 0x0002 && a.getTag().getElement() != 0x0000) {
                item.put(a);
            }
        }
        Attribute existing = deidentified.get(TagFromName.EncryptedAttributesSequence);
        if (existing != null && !item.containsKey(TagFromName.EncryptedAttributesSequence)) {
            item.put(existing);
        }
        // the item's strings are decoded with its own Specific Character Set when read back
        Attribute charset = deidentified.get(TagFromName.SpecificCharacterSet);
        if (charset != null && !item.containsKey(TagFromName.SpecificCharacterSet)) {
            item.put(charset);
        }
        return item;
    }

    private static SequenceAttribute sequenceHolding(byte[] content) throws DicomException {
        AttributeList item = new AttributeList();
        UniqueIdentifierAttribute ts = new UniqueIdentifierAttribute(TagFromName.EncryptedContentTransferSyntaxUID);
        ts.addValue(EncryptedAttributesDataSet.TRANSFER_SYNTAX);
        item.put(ts);
        OtherByteAttribute encrypted = new OtherByteAttribute(ENCRYPTED_CONTENT);
        encrypted.setValues(content);
        item.put(encrypted);
        SequenceAttribute seq = new SequenceAttribute(TagFromName.EncryptedAttributesSequence);
        seq.addItem(item);
        return seq;
    }
}
