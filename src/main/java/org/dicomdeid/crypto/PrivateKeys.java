package org.dicomdeid.crypto;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Locale;

/**
 * Loads a key holder's private key: PKCS#12 (.p12/.pfx, password required), PEM PKCS#8
 * (plain or encrypted), or a traditional OpenSSL PEM key. Errors name the problem, never
 * the password.
 */
public final class PrivateKeys {
    private PrivateKeys() {
    }

    public static PrivateKey load(Path file, char[] password) throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("no key file at " + file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return fromPkcs12(file, password);
        }
        return fromPem(file, password);
    }

    static PrivateKey fromPkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
        if (password == null) {
            throw new GeneralSecurityException("a PKCS#12 key file needs a password (--password-file)");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        } catch (IOException e) {
            // the JDK reports a wrong password as an IOException caused by UnrecoverableKeyException
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new GeneralSecurityException("wrong password for the PKCS#12 key file " + file);
            }
            throw new GeneralSecurityException(file + " is not a readable PKCS#12 key file (damaged?)");
        }
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return (PrivateKey) store.getKey(alias, password);
            }
        }
        throw new GeneralSecurityException("PKCS#12 file holds no private key");
    }

    static PrivateKey fromPem(Path file, char[] password) throws IOException, GeneralSecurityException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER);
        boolean holdsCertificate = false;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                holdsCertificate |= o instanceof X509CertificateHolder;
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    requirePassword(password);
                    return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BouncyCastle.PROVIDER)
                                    .build(password)));
                }
                if (o instanceof PEMEncryptedKeyPair encrypted) {
                    requirePassword(password);
                    return converter.getKeyPair(encrypted.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(BouncyCastle.PROVIDER)
                                    .build(password))).getPrivate();
                }
            }
        } catch (PKCSException | OperatorCreationException | org.bouncycastle.openssl.EncryptionException e) {
            throw new GeneralSecurityException("wrong password for the encrypted private key " + file);
        } catch (IOException | RuntimeException e) {
            throw new GeneralSecurityException(file + " is not a PEM private key or PKCS#12 file");
        }
        if (holdsCertificate) {
            throw new GeneralSecurityException(file + " holds a certificate, not a private key: re-identification"
                    + " needs the key holder's NAME.p12 (or a PEM private key)");
        }
        throw new GeneralSecurityException("no private key in " + file);
    }

    private static void requirePassword(char[] password) throws GeneralSecurityException {
        if (password == null) {
            throw new GeneralSecurityException("the private key is encrypted: a password is needed");
        }
    }
}
