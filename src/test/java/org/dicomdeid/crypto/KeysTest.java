package org.dicomdeid.crypto;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.dicomdeid.app.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {
    @TempDir
    static Path dir;
    private static RecipientKeys keys;

    @BeforeAll
    static void generate() throws Exception {
        keys = RecipientKeys.generate("keys-test", 2);
    }

    @Test
    void keygenWritesACertificateAndAPrivatePkcs12WithAGeneratedPassword() throws Exception {
        Path base = dir.resolve("keyring/alice");
        assertThat(Main.execute("keygen", "--out", base.toString(), "--days", "30")).isZero();

        Path p12 = dir.resolve("keyring/alice.p12");
        Path password = dir.resolve("keyring/alice.p12.password");
        Path cert = dir.resolve("keyring/alice-cert.pem");
        Set<PosixFilePermission> ownerOnly = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(p12)).isEqualTo(ownerOnly);
        assertThat(Files.getPosixFilePermissions(password)).isEqualTo(ownerOnly);

        char[] secret = Passwords.fromFile(password);
        assertThat(secret.length).isGreaterThanOrEqualTo(32);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, secret);
        }
        X509Certificate handedOut = Certificates.load(cert).get(0);
        assertThat(store.getCertificate("key")).isEqualTo(handedOut);
        assertThat(handedOut.getNotAfter().getTime() - System.currentTimeMillis())
                .isBetween(29L * 86_400_000, 31L * 86_400_000);

        // what one encrypts for the certificate, the PKCS#12 key opens
        PrivateKey key = PrivateKeys.load(p12, secret);
        var object = TestDatasets.original();
        byte[] before = TestDatasets.encodeDataSet(object.dataset());
        new EncryptedAttributes(List.of(handedOut)).addTo(object.dataset(), TestDatasets.deidentify(object));
        new Reidentifier(key).restore(object);
        assertThat(TestDatasets.encodeDataSet(object.dataset())).isEqualTo(before);

        assertThatThrownBy(() -> PrivateKeys.load(p12, "wrong".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class);
        assertThat(Main.execute("keygen", "--out", base.toString())).as("never overwrites").isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void keygenUsesAGivenPasswordFileAndWritesNoPasswordOfItsOwn() throws Exception {
        Path passwordFile = dir.resolve("given.password");
        Files.writeString(passwordFile, "correct horse battery staple\n");
        Path base = dir.resolve("bob");
        assertThat(Main.execute("keygen", "--out", base.toString(), "--password-file", passwordFile.toString())).isZero();
        assertThat(dir.resolve("bob.p12.password")).doesNotExist();
        assertThat(PrivateKeys.load(dir.resolve("bob.p12"), "correct horse battery staple".toCharArray())).isNotNull();
    }

    @Test
    void loadsPlainAndEncryptedPkcs8Pem() throws Exception {
        Path plain = dir.resolve("plain-key.pem");
        try (Writer w = Files.newBufferedWriter(plain); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(keys.privateKey(), null));
        }
        assertThat(Files.readString(plain)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PrivateKeys.load(plain, null).getEncoded()).isEqualTo(keys.privateKey().getEncoded());

        Path encrypted = dir.resolve("encrypted-key.pem");
        char[] password = "s3cret pass".toCharArray();
        try (Writer w = Files.newBufferedWriter(encrypted); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(keys.privateKey(),
                    new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                            .setProvider(BouncyCastle.PROVIDER).setPassword(password).build()));
        }
        assertThat(Files.readString(encrypted)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(PrivateKeys.load(encrypted, password).getEncoded()).isEqualTo(keys.privateKey().getEncoded());
        assertThatThrownBy(() -> PrivateKeys.load(encrypted, null))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("password is needed");
        assertThatThrownBy(() -> PrivateKeys.load(encrypted, "nope".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("wrong password");
    }

    @Test
    void loadsAKeyMadeByOpenSsl() throws Exception {
        Path key = dir.resolve("openssl-key.pem");
        Process p = new ProcessBuilder("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                "-aes-256-cbc", "-pass", "pass:from-openssl", "-out", key.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor()).isZero();
        assertThat(PrivateKeys.load(key, "from-openssl".toCharArray()).getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void parsesCipherAndTransportNames() {
        assertThat(ContentCipher.parse("AES-128-CBC")).isEqualTo(ContentCipher.AES128_CBC);
        assertThat(ContentCipher.parse("")).isEqualTo(ContentCipher.AES256_CBC);
        assertThat(KeyTransport.parse("rsa-oaep")).isEqualTo(KeyTransport.RSA_OAEP);
        assertThat(KeyTransport.parse(null)).isEqualTo(KeyTransport.RSA_PKCS1);
        assertThatThrownBy(() -> ContentCipher.parse("des")).isInstanceOf(IllegalArgumentException.class);
    }
}
