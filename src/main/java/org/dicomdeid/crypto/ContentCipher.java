package org.dicomdeid.crypto;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;

import java.util.Locale;

/** The symmetric cipher that encrypts the Encrypted Content; the key is wrapped per recipient. */
public enum ContentCipher {
    AES128_CBC(CMSAlgorithm.AES128_CBC),
    AES256_CBC(CMSAlgorithm.AES256_CBC);

    private final ASN1ObjectIdentifier oid;

    ContentCipher(ASN1ObjectIdentifier oid) {
        this.oid = oid;
    }

    ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** Accepts "aes256", "AES-256-CBC", "aes128_cbc" and the like; empty means the default. */
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
            default:
                throw new IllegalArgumentException("unknown content cipher '" + text
                        + "' (expected aes256 or aes128)");
        }
    }
}
