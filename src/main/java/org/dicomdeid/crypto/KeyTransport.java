package org.dicomdeid.crypto;

import java.util.Locale;

/** How the content key is wrapped for each RSA recipient. */
public enum KeyTransport {
    /** RSAES-PKCS1-v1_5: what every CMS implementation (GDCM, OpenSSL) reads. */
    RSA_PKCS1,
    /** RSAES-OAEP with SHA-256 and MGF1-SHA-256. */
    RSA_OAEP;

    /** Accepts "pkcs1", "rsa", "oaep", "rsa-oaep"; empty means the default. */
    public static KeyTransport parse(String text) {
        if (text == null || text.isBlank()) {
            return RSA_PKCS1;
        }
        String t = text.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        switch (t) {
            case "RSA", "PKCS1", "RSAPKCS1", "PKCS1V15", "RSAPKCS1V15":
                return RSA_PKCS1;
            case "OAEP", "RSAOAEP":
                return RSA_OAEP;
            default:
                throw new IllegalArgumentException("unknown key transport '" + text
                        + "' (expected pkcs1 or oaep)");
        }
    }
}
