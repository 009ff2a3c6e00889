package org.dicomdeid.pipeline;

import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import com.pixelmed.dicom.AttributeList;
import org.dicomdeid.crypto.Certificates;
import org.dicomdeid.deid.DeidOutcome;
import org.dicomdeid.deid.Deidentifier;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.crypto.ContentCipher;
import org.dicomdeid.deid.ResidualScan;
import org.dicomdeid.crypto.EncryptedAttributes;
import org.dicomdeid.crypto.KeyTransport;
import org.dicomdeid.pixel.JpegSegmentStripper;
import org.dicomdeid.pixel.PixelCleanResult;
import org.dicomdeid.pixel.PixelCleaner;
import org.dicomdeid.pixel.RedactionRules;
import org.dicomdeid.policy.Policy;
import org.dicomdeid.policy.ProfileOption;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole de-identification of one instance, as the CLI and the Camel processor run it:
 * burned-in text first (with {@code clean-pixel-data}), then the rules of the policy, then,
 * when the policy names recipients, the originals encrypted into the Encrypted Attributes
 * Sequence. Thread-safe.
 */
public final class Anonymiser {
    private final Deidentifier deidentifier;
    private final PixelCleaner pixelCleaner;       // null unless clean-pixel-data
    private final EncryptedAttributes encryption;  // null without recipients
    private final String policyHash;

    public Anonymiser(Policy policy, ProjectSecret secret) throws IOException {
        this.deidentifier = new Deidentifier(policy, secret);
        this.pixelCleaner = policy.has(ProfileOption.CLEAN_PIXEL_DATA)
                ? new PixelCleaner(policy.pixelRules() == null ? RedactionRules.builtIn()
                : RedactionRules.load(policy.pixelRules()), policy.quarantineUnmatchedBurnedIn())
                : null;
        this.encryption = policy.recipients().isEmpty() ? null
                : new EncryptedAttributes(certificates(policy), cipher(policy), KeyTransport.RSA_PKCS1);
        this.policyHash = PolicyFingerprint.of(policy);
    }

    /** The {@link PolicyFingerprint} of the policy, for the audit log. */
    public String policyHash() {
        return policyHash;
    }

    private static ContentCipher cipher(Policy policy) throws IOException {
        try {
            return ContentCipher.parse(policy.cipher());
        } catch (IllegalArgumentException e) {
            throw new IOException(policy.source() + ": cipher: " + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(Policy policy) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        for (Path p : policy.recipients()) {
            try {
                certs.addAll(Certificates.load(p));
            } catch (GeneralSecurityException e) {
                throw new IOException("recipient certificate " + p + " cannot be read", e);
            }
        }
        return certs;
    }

    public Policy policy() {
        return deidentifier.policy();
    }

    public DeidOutcome anonymise(DicomObject object) throws QuarantineException {
        AttributeList originals = new AttributeList();
        boolean pixelsCleaned = false;
        if (pixelCleaner != null) {
            PixelCleanResult result = pixelCleaner.clean(object, originals);
            pixelsCleaned = result.cleanPixelDataApplies();
        }
        DeidOutcome outcome = deidentifier.deidentify(object, originals, pixelsCleaned);
        object.removedByPolicy(outcome.originals().values()); // the output check expects the rest
        JpegSegmentStripper.strip(object); // comments, EXIF, XMP... inside JPEG frames
        if (policy().residualScan()) {
            ResidualScan.check(object.dataset(), outcome.identifyingValues(),
                    policy().has(ProfileOption.RETAIN_LONG_MODIFIED_DATES)); // fail closed, before encryption
        }
        if (encryption != null) {
            try {
                encryption.addTo(object.dataset(), outcome.originals());
            } catch (Exception e) {
                throw new QuarantineException("cannot encrypt the original attributes ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        }
        return outcome;
    }
}
