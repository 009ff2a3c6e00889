package org.dicomdeid.crypto;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;

import java.util.Locale;

/**
 * The symmetric cipher that encrypts the Encrypted Content; the key is wrapped per recipient.
 * CBC goes into a CMS EnvelopedData (what GDCM and OpenSSL read); GCM into a CMS
 * AuthEnvelopedData (RFC 5083/5084), whose tag detects any change of the ciphertext by itself,
 * for when every recipient re-identifies with dicom-deid (or another AuthEnvelopedData reader).
 */
public enum ContentCipher {
    AES128_CBC(CMSAlgorithm.AES128_CBC, false),
    AES256_CBC(CMSAlgorithm.AES256_CBC, false),
    AES256_GCM(CMSAlgorithm.AES256_GCM, true);

    private final ASN1ObjectIdentifier oid;
    private final boolean authenticated;

    ContentCipher(ASN1ObjectIdentifier oid, boolean authenticated) {
        this.oid = oid;
        this.authenticated = authenticated;
    }

    ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** True for authenticated encryption (AuthEnvelopedData). */
    public boolean authenticated() {
        return authenticated;
    }

    /** Accepts "aes256", "AES-256-CBC", "aes128_cbc", "aes256-gcm", "AES256_GCM" and the like; empty means the default. */
    public static ContentCipher parse(String text) {
        if (text == null || text.isBlank()) {
            return AES256_CBC;
        }
        String t = text.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        switch (t) {
            case "AES256", "AES256CBC":
                return AES256_CBC;
            case "AES128", "AES128CBC":
                return AES128_CBC;
            case "AES256GCM":
                return AES256_GCM;
            default:
                throw new IllegalArgumentException("unknown content cipher '" + text
                        + "' (expected aes256, aes128 or aes256-gcm)");
        }
    }
}
