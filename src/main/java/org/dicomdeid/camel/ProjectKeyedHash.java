package org.dicomdeid.camel;

import org.apache.camel.support.service.ServiceSupport;
import org.dicomdeid.camel.dicomweb.KeyedHash;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.deid.SecretLocation;

import java.util.HexFormat;

/**
 * HMAC-SHA-256 keyed with the project secret, as a bean for the dicomweb consumer's record of
 * pulled studies: the record then holds no Study Instance UID, and nobody without the secret can
 * tell whether a given study is in it. Bean properties: {@code secretFile} (the routes give
 * {@code <deid.home>/keys/pseudonym.secret}; {@code DEID_SECRET}, when set, is used instead) and
 * {@code domain} (separates this use of the key from the pseudonyms; default {@code dicomweb-pulled}).
 */
public class ProjectKeyedHash extends ServiceSupport implements KeyedHash {
    private String secretFile;
    private String domain = "dicomweb-pulled";
    private volatile ProjectSecret secret;

    public void setSecretFile(String secretFile) {
        this.secretFile = secretFile;
    }

    public void setDomain(String domain) {
        this.domain = domain;
    }

    @Override
    protected void doStart() throws Exception {
        secret = SecretLocation.forRouteSetting(secretFile);
    }

    @Override
    public String hash(String value) {
        if (secret == null) {
            start();
        }
        return HexFormat.of().formatHex(secret.hmac(domain, value));
    }
}
