package org.dicomdeid.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Loads recipient certificates (PEM or DER, one or more per file). */
public final class Certificates {
    private Certificates() {
    }

    public static List<X509Certificate> load(Path file) throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("no certificate file at " + file);
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("PRIVATE KEY-----") || isPkcs12Name(file)) {
            // a key holder's private key at an anonymising site is a custody problem, not just a typo
            throw new GeneralSecurityException(file + " holds a private key, not a certificate: give the"
                    + " anonymiser the key holder's certificate (NAME-cert.pem); the private key must stay"
                    + " with the key holder (see keys/README.md)");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            for (Certificate c : factory.generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
        } catch (CertificateException e) {
            throw new GeneralSecurityException(file + " is not an X.509 certificate (PEM or DER)");
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no X.509 certificate in " + file);
        }
        return certs;
    }

    private static boolean isPkcs12Name(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
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
