package org.dicomdeid.crypto;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Creates a key holder's RSA key pair: a self-signed certificate to hand to anonymising sites
 * and a password-protected PKCS#12 file that stays with the key holder. Secret files are
 * created with mode 600 from the start, never widened then narrowed.
 */
public final class RecipientKeys {
    private static final int RSA_BITS = 3072;

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private RecipientKeys(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** The kinds of key a key holder can have: RSA (key transport) or EC P-256 (key agreement). */
    public enum Algorithm { RSA, EC }

    public static RecipientKeys generate(String commonName, int validDays) throws GeneralSecurityException {
        return generate(commonName, validDays, Algorithm.RSA);
    }

    public static RecipientKeys generate(String commonName, int validDays, Algorithm algorithm)
            throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.name());
        if (algorithm == Algorithm.EC) {
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), new SecureRandom());
        } else {
            generator.initialize(RSA_BITS, new SecureRandom());
        }
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + commonName.replaceAll("[^A-Za-z0-9 ._-]", "_") + ",O=dicom-deid key holder");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(validDays))), subject, pair.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            // the certificate is only for wrapping content keys (RSA) or agreeing on them (EC)
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(
                    algorithm == Algorithm.EC ? KeyUsage.keyAgreement : KeyUsage.keyEncipherment));
            String signature = algorithm == Algorithm.EC ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER)
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature)
                            .setProvider(BouncyCastle.PROVIDER).build(pair.getPrivate())));
            return new RecipientKeys(pair, cert);
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create the certificate", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** For the key holder's own use in this process; written to disk only as PKCS#12. */
    public java.security.PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    public void writeCertificatePem(Path file) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(certificate);
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    /** Writes the key and certificate as PKCS#12; fails rather than overwrite a key file. */
    public void writePkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", keyPair.getPrivate(), password, new Certificate[] {certificate});
        try (OutputStream out = Files.newOutputStream(createSecretFile(file))) {
            store.store(out, password);
        }
    }

    public static void writeSecretText(Path file, char[] text) throws IOException {
        try (Writer out = Files.newBufferedWriter(createSecretFile(file), StandardCharsets.UTF_8)) {
            out.write(text);
            out.write('\n');
        }
    }

    private static Path createSecretFile(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite a key file");
        }
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
}
