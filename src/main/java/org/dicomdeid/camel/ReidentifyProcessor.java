package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.dicomdeid.crypto.Passwords;
import org.dicomdeid.crypto.PrivateKeys;
import org.dicomdeid.crypto.Reidentifier;
import org.dicomdeid.deid.DicomFiles;
import org.dicomdeid.deid.DicomObject;
import org.dicomdeid.deid.QuarantineException;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Arrays;

/**
 * Re-identification for key holders: decrypts the Encrypted Attributes Sequence with the
 * holder's private key and puts the originals back. Body in: {@link DicomObject} or anything
 * Camel converts to bytes (a file); body out: the restored {@link DicomObject}, or its encoded
 * bytes when {@code encode} is true (for a file endpoint). On a {@link QuarantineException}
 * the body is left as it came, so a route can move it to quarantine.
 */
public class ReidentifyProcessor implements Processor {
    private String key;
    private String passwordFile;
    private String passwordEnv;
    private boolean encode;
    private volatile Reidentifier reidentifier;

    @Override
    public void process(Exchange exchange) throws Exception {
        DicomObject object = exchange.getMessage().getBody(DicomObject.class);
        if (object == null) {
            byte[] bytes = exchange.getMessage().getBody(byte[].class);
            if (bytes == null) {
                throw new QuarantineException("empty message: no DICOM instance to re-identify");
            }
            object = DicomFiles.read(bytes);
        }
        reidentifier().restore(object);
        exchange.getMessage().setBody(encode ? DicomFiles.encode(object) : object);
    }

    private Reidentifier reidentifier() throws Exception {
        Reidentifier r = reidentifier;
        if (r == null) {
            synchronized (this) {
                if (reidentifier == null) {
                    reidentifier = new Reidentifier(loadKey());
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

    public boolean isEncode() {
        return encode;
    }

    public void setEncode(boolean encode) {
        this.encode = encode;
    }
}
