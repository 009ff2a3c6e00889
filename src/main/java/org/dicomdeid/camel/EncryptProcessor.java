package org.dicomdeid.camel;

import com.pixelmed.dicom.AttributeList;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.dicomdeid.crypto.Certificates;
import org.dicomdeid.crypto.ContentCipher;
import org.dicomdeid.crypto.EncryptedAttributes;
import org.dicomdeid.crypto.KeyTransport;
import org.dicomdeid.dicom.DicomObject;

/**
 * Adds the Encrypted Attributes Sequence (0400,0500) after any anonymiser: the body is the
 * de-identified {@link DicomObject}, the originals come from the exchange property
 * {@value #DeidExchange.ORIGINALS} the anonymiser set. Needs only the recipients' certificates.
 *
 * <pre>
 * - beans:
 *     - name: encryptOriginals
 *       type: org.dicomdeid.camel.EncryptProcessor
 *       properties:
 *         recipients: keys/alice-cert.pem,keys/bob-cert.pem
 *         cipher: aes256          # AES-256-CBC EnvelopedData (GDCM reads it); aes128; or aes256-gcm:
 *                                 # AES-256-GCM AuthEnvelopedData, tamper-evident by itself, for key
 *                                 # holders who all re-identify with dicom-deid
 *         keyTransport: pkcs1     # or oaep
 * </pre>
 */
public class EncryptProcessor implements Processor {

    private String recipients;
    private String cipher = "aes256";
    private String keyTransport = "pkcs1";
    private volatile EncryptedAttributes encryptor;

    @Override
    public void process(Exchange exchange) throws Exception {
        DicomObject object = exchange.getMessage().getBody(DicomObject.class);
        if (object == null) {
            throw new IllegalArgumentException("EncryptProcessor needs a DicomObject body (place it after an anonymiser)");
        }
        AttributeList originals = exchange.getProperty(DeidExchange.ORIGINALS, AttributeList.class);
        if (originals == null) {
            throw new IllegalStateException("exchange property " + DeidExchange.ORIGINALS
                    + " is missing: EncryptProcessor must follow an anonymiser that records the originals");
        }
        encryptor().addTo(object.dataset(), originals);
    }

    private EncryptedAttributes encryptor() throws Exception {
        EncryptedAttributes e = encryptor;
        if (e == null) {
            synchronized (this) {
                if (encryptor == null) {
                    if (recipients == null || recipients.isBlank()) {
                        throw new IllegalStateException("EncryptProcessor: property 'recipients' (certificate paths) is not set");
                    }
                    encryptor = new EncryptedAttributes(Certificates.loadAll(recipients),
                            ContentCipher.parse(cipher), KeyTransport.parse(keyTransport));
                }
                e = encryptor;
            }
        }
        return e;
    }

    public String getRecipients() {
        return recipients;
    }

    public void setRecipients(String recipients) {
        this.recipients = recipients;
        this.encryptor = null;
    }

    public String getCipher() {
        return cipher;
    }

    public void setCipher(String cipher) {
        ContentCipher.parse(cipher);
        this.cipher = cipher;
        this.encryptor = null;
    }

    public String getKeyTransport() {
        return keyTransport;
    }

    public void setKeyTransport(String keyTransport) {
        KeyTransport.parse(keyTransport);
        this.keyTransport = keyTransport;
        this.encryptor = null;
    }
}
