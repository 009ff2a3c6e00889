package org.dicomdeid.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Loads recipient certificates (PEM or DER, one or more per file). */
public final class Certificates {
    private Certificates() {
    }

    public static List<X509Certificate> load(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : factory.generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no X.509 certificate in " + file.getFileName());
        }
        return certs;
    }

    /** Comma-separated certificate paths, as given to a route or the command line. */
    public static List<X509Certificate> loadAll(String commaSeparatedPaths) throws IOException, GeneralSecurityException {
        List<X509Certificate> certs = new ArrayList<>();
        for (String p : commaSeparatedPaths.split(",")) {
            if (!p.isBlank()) {
                certs.addAll(load(Path.of(p.trim())));
            }
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no recipient certificate given");
        }
        return certs;
    }
}
