package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.dicomdeid.crypto.Passwords;
import org.dicomdeid.crypto.PrivateKeys;
import org.dicomdeid.crypto.Reidentifier;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Arrays;

/**
 * Re-identification for key holders: decrypts the Encrypted Attributes Sequence with the
 * holder's private key and puts the originals back. Body in: {@link DicomObject}, a picked-up
 * file, bytes or a stream; body out: the restored {@link DicomObject}. On failure the body is
 * left as it came, so a route can move it to quarantine. The key is loaded on first use.
 */
public class ReidentifyProcessor implements Processor {
    private String key;
    private String passwordFile;
    private String passwordEnv;
    private volatile Reidentifier reidentifier;

    @Override
    public void process(Exchange exchange) throws Exception {
        Reidentifier r = reidentifier();
        DicomObject object;
        try {
            object = DicomBodies.toDicomObject(exchange);
            r.restore(object);
        } catch (Throwable failure) {
            throw Faults.classify(failure);
        }
        exchange.getMessage().setBody(object);
    }

    private Reidentifier reidentifier() throws Exception {
        Reidentifier r = reidentifier;
        if (r == null) {
            synchronized (this) {
                if (reidentifier == null) {
                    try {
                        reidentifier = new Reidentifier(loadKey());
                    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                        // every file would fail the same way: say why in its reason file
                        throw new QuarantineException("the private key cannot be loaded: " + e.getMessage(), e);
                    }
                }
                r = reidentifier;
            }
        }
        return r;
    }

    private PrivateKey loadKey() throws Exception {
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("ReidentifyProcessor: property 'key' (private key file) is not set");
        }
        char[] password = null;
        if (passwordFile != null && !passwordFile.isBlank()) {
            password = Passwords.fromFile(Path.of(passwordFile));
        } else if (passwordEnv != null && !passwordEnv.isBlank()) {
            password = Passwords.fromEnv(passwordEnv);
        }
        try {
            return PrivateKeys.load(Path.of(key), password);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
        this.reidentifier = null;
    }

    public String getPasswordFile() {
        return passwordFile;
    }

    public void setPasswordFile(String passwordFile) {
        this.passwordFile = passwordFile;
        this.reidentifier = null;
    }

    public String getPasswordEnv() {
        return passwordEnv;
    }

    public void setPasswordEnv(String passwordEnv) {
        this.passwordEnv = passwordEnv;
        this.reidentifier = null;
    }
}
