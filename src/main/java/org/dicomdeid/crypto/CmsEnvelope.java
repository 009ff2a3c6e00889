package org.dicomdeid.crypto;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * CMS EnvelopedData (RFC 5652), DER encoded, as PS3.15 E.1.2 wants for the Encrypted
 * Content: one content key, wrapped for each recipient certificate by RSA key transport or,
 * for elliptic-curve certificates, by ECDH key agreement. With AES-GCM the structure is an
 * AuthEnvelopedData (RFC 5083) instead, with the same recipient infos.
 */
public final class CmsEnvelope {
    /**
     * Unprotected attribute of an EnvelopedData saying "the plaintext ends with an integrity
     * digest". It sits outside the ciphertext so that an alteration of the ciphertext cannot also
     * remove the demand for the digest; content without it (GDCM's) is checked by parsing alone.
     * Being unprotected, it can itself be damaged: a digest found in the plaintext is therefore
     * always verified, announced or not, and whether content is ours is read from the plaintext.
     */
    static final ASN1ObjectIdentifier DIGEST_INSIDE =
            new ASN1ObjectIdentifier("2.25.148226175612233429305617376917405385215");

    private CmsEnvelope() {
    }

    public static byte[] encrypt(byte[] plaintext, List<X509Certificate> recipients, ContentCipher cipher,
                                 KeyTransport transport) throws GeneralSecurityException {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient certificate is needed");
        }
        try {
            // The JDK's own AES (hardware-accelerated) for the content; Bouncy Castle builds the CMS.
            JceCMSContentEncryptorBuilder builder = new JceCMSContentEncryptorBuilder(cipher.oid());
            if (!cipher.authenticated()) {
                // Our own random IV: left to itself, Bouncy Castle first asks the JDK for an AES
                // parameter generator, which it has not, and pays two exceptions per envelope.
                builder.setAlgorithmParameters(cbcParameters());
            }
            OutputEncryptor encryptor = builder.build();
            ContentInfo envelope;
            if (cipher.authenticated()) {
                // GCM's tag protects the content; nothing needs saying outside it
                CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
                for (X509Certificate cert : recipients) {
                    generator.addRecipientInfoGenerator(recipientInfo(cert, transport));
                }
                envelope = generator.generate(new CMSProcessableByteArray(plaintext),
                        (OutputAEADEncryptor) encryptor).toASN1Structure();
            } else {
                CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
                generator.setUnprotectedAttributeGenerator(parameters -> new AttributeTable(
                        new Attribute(DIGEST_INSIDE, new DERSet(DERNull.INSTANCE))));
                for (X509Certificate cert : recipients) {
                    generator.addRecipientInfoGenerator(recipientInfo(cert, transport));
                }
                envelope = generator.generate(new CMSProcessableByteArray(plaintext), encryptor).toASN1Structure();
            }
            return envelope.getEncoded(ASN1Encoding.DER);
        } catch (CMSException | IOException e) {
            throw new GeneralSecurityException("CMS encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Key transport generators hold only the certificate: one per recipient serves every instance. */
    private static final SecureRandom IVS = new SecureRandom();

    /** A fresh random 16-byte IV for AES-CBC. */
    private static java.security.AlgorithmParameters cbcParameters() throws GeneralSecurityException {
        byte[] iv = new byte[16];
        IVS.nextBytes(iv);
        java.security.AlgorithmParameters parameters = java.security.AlgorithmParameters.getInstance("AES");
        parameters.init(new javax.crypto.spec.IvParameterSpec(iv));
        return parameters;
    }

    private static final java.util.Map<java.util.Map.Entry<X509Certificate, KeyTransport>, RecipientInfoGenerator>
            KEY_TRANSPORT = new java.util.concurrent.ConcurrentHashMap<>();

    private static RecipientInfoGenerator recipientInfo(X509Certificate cert, KeyTransport transport)
            throws GeneralSecurityException {
        String algorithm = cert.getPublicKey().getAlgorithm();
        if ("EC".equals(algorithm) || "ECDSA".equals(algorithm)) {
            return keyAgreement(cert);
        }
        if (!"RSA".equals(algorithm)) {
            throw new GeneralSecurityException("recipient certificate must hold an RSA or EC key, not " + algorithm);
        }
        var key = java.util.Map.entry(cert, transport);
        RecipientInfoGenerator cached = KEY_TRANSPORT.get(key);
        if (cached == null) {
            // PKCS#1 v1.5 through the JDK's RSA (faster); OAEP's parameters through Bouncy Castle
            cached = switch (transport) {
                case RSA_PKCS1 -> new JceKeyTransRecipientInfoGenerator(cert);
                case RSA_OAEP -> new JceKeyTransRecipientInfoGenerator(cert, oaepSha256()).setProvider(BouncyCastle.PROVIDER);
            };
            KEY_TRANSPORT.putIfAbsent(key, cached);
        }
        return cached;
    }

    /**
     * Elliptic-curve recipients: ephemeral-static ECDH (RFC 5753) with the X9.63 SHA-256 KDF, the
     * content key wrapped with AES-256 key wrap; a fresh ephemeral key pair on the recipient's curve.
     */
    private static RecipientInfoGenerator keyAgreement(X509Certificate cert) throws GeneralSecurityException {
        KeyPairGenerator ephemeral = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
        ephemeral.initialize(((ECPublicKey) cert.getPublicKey()).getParams(), new SecureRandom());
        KeyPair pair = ephemeral.generateKeyPair();
        JceKeyAgreeRecipientInfoGenerator generator = new JceKeyAgreeRecipientInfoGenerator(
                CMSAlgorithm.ECDH_SHA256KDF, pair.getPrivate(), pair.getPublic(), CMSAlgorithm.AES256_WRAP);
        generator.addRecipient(cert);
        return generator.setProvider(BouncyCastle.PROVIDER);
    }

    private static AlgorithmIdentifier oaepSha256() throws GeneralSecurityException {
        OAEPParameterSpec spec = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                PSource.PSpecified.DEFAULT);
        return new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(
                PKCSObjectIdentifiers.id_RSAES_OAEP, spec);
    }

    /**
     * Tries every recipient with {@code key} and returns the first content that {@code parse}
     * accepts: a wrong key can yield a random content key rather than an error (RSA PKCS#1 v1.5
     * decryption is deliberately silent), so the parser judges the result. For AuthEnvelopedData
     * the GCM tag is checked before any content is returned. The decrypted bytes are zeroed after
     * parsing. Empty when no recipient opens with this key.
     */
    public static <T> Optional<T> decrypt(byte[] der, PrivateKey key, ContentParser<T> parse)
            throws NotEnvelopedDataException {
        Envelope envelope = parse(der);
        for (RecipientInformation recipient : envelope.recipients().getRecipients()) {
            Recipient opener = opener(recipient, key, envelope.authenticated());
            if (opener == null) {
                continue;
            }
            try {
                byte[] content = recipient.getContent(opener);
                try {
                    Optional<T> parsed = parse.parse(content, envelope.digestRequired());
                    if (parsed.isPresent()) {
                        return parsed;
                    }
                } finally {
                    Arrays.fill(content, (byte) 0);
                }
            } catch (CMSException | RuntimeException e) {
                // this recipient is not ours, or the content was altered: try the next one
            }
        }
        return Optional.empty();
    }

    private static Recipient opener(RecipientInformation recipient, PrivateKey key, boolean authenticated) {
        if (recipient instanceof KeyTransRecipientInformation) {
            return (authenticated ? new JceKeyTransAuthEnvelopedRecipient(key) : new JceKeyTransEnvelopedRecipient(key))
                    .setProvider(BouncyCastle.PROVIDER);
        }
        if (recipient instanceof KeyAgreeRecipientInformation) {
            return (authenticated ? new JceKeyAgreeAuthEnvelopedRecipient(key) : new JceKeyAgreeEnvelopedRecipient(key))
                    .setProvider(BouncyCastle.PROVIDER);
        }
        return null;
    }

    /**
     * Judges decrypted bytes. {@code digestRequired}: an EnvelopedData announced our integrity
     * digest, so content without it is refused. The parser must still verify a digest it finds
     * even when not required: the announcement sits outside the ciphertext and may be damaged.
     */
    @FunctionalInterface
    public interface ContentParser<T> {
        Optional<T> parse(byte[] plaintext, boolean digestRequired);
    }

    /** The recipients of a parsed envelope, and how its content's integrity is established. */
    private record Envelope(RecipientInformationStore recipients, boolean authenticated, boolean digestRequired) {
    }

    /**
     * An OB value has even length, so an odd-length DER structure arrives with one trailing
     * padding byte (GDCM's do): read exactly one structure and allow only that padding.
     */
    private static Envelope parse(byte[] der) throws NotEnvelopedDataException {
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive structure = in.readObject();
            int rest = in.available();
            if (structure == null || rest > 1 || (rest == 1 && der[der.length - 1] != 0)) {
                throw new NotEnvelopedDataException();
            }
            ContentInfo info = ContentInfo.getInstance(structure);
            if (CMSObjectIdentifiers.authEnvelopedData.equals(info.getContentType())) {
                return new Envelope(new CMSAuthEnvelopedData(info).getRecipientInfos(), true, false);
            }
            CMSEnvelopedData enveloped = new CMSEnvelopedData(info);
            AttributeTable unprotected = enveloped.getUnprotectedAttributes();
            return new Envelope(enveloped.getRecipientInfos(), false,
                    unprotected != null && unprotected.get(DIGEST_INSIDE) != null);
        } catch (IOException | CMSException | RuntimeException e) {
            throw new NotEnvelopedDataException();
        }
    }

    /** The bytes are not a CMS EnvelopedData (or AuthEnvelopedData) structure at all. */
    public static final class NotEnvelopedDataException extends Exception {
        NotEnvelopedDataException() {
            super("Encrypted Content is not a CMS EnvelopedData or AuthEnvelopedData structure");
        }
    }
}
