package org.dicomdeid.pipeline;

import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.deid.Decision;
import org.dicomdeid.deid.DecisionListener;
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
import org.dicomdeid.dicom.RoutingAttributes;
import org.dicomdeid.policy.InstanceFilter;
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
    private static final AttributeTag ENCRYPTED_ATTRIBUTES = new AttributeTag(0x0400, 0x0500);

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

    /**
     * De-identifies {@code object}, unless a filter of the policy decides otherwise first: then
     * {@link DroppedByFilter} (drop) or a {@link QuarantineException} naming the filter.
     */
    public DeidOutcome anonymise(DicomObject object) throws QuarantineException {
        return anonymise(object, null);
    }

    /**
     * De-identifies {@code object} in place, telling {@code listener} (null: nobody) of every
     * decision as it is taken: this is how {@code deid explain} sees what anonymising does.
     */
    public DeidOutcome anonymise(DicomObject object, DecisionListener listener) throws QuarantineException {
        applyFilters(object);
        AttributeList originals = new AttributeList();
        boolean pixelsCleaned = false;
        Attribute pixelsBefore = object.dataset().get(TagFromName.PixelData);
        if (pixelCleaner != null) {
            PixelCleanResult result = pixelCleaner.clean(object, originals);
            pixelsCleaned = result.cleanPixelDataApplies();
        }
        DeidOutcome outcome = deidentifier.deidentify(object, originals, pixelsCleaned, listener);
        object.removedByPolicy(outcome.originals().values()); // the output check expects the rest
        boolean stripped = JpegSegmentStripper.strip(object); // comments, EXIF, XMP... inside JPEG frames
        Attribute pixelsAfter = object.dataset().get(TagFromName.PixelData);
        if (listener != null && pixelsAfter != null && (pixelsAfter != pixelsBefore || stripped)) {
            listener.decided(Decision.of(Decision.pathOf(TagFromName.PixelData), pixelsBefore, "C",
                    (pixelsAfter != pixelsBefore ? "clean-pixel-data: burned-in text redacted by a pixel rule; " : "")
                            + (stripped ? "text segments (COM, APPn) removed from the JPEG frames" : ""), pixelsAfter));
        }
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
            if (listener != null) {
                Attribute sequence = object.dataset().get(ENCRYPTED_ATTRIBUTES);
                listener.decided(Decision.of(Decision.pathOf(ENCRYPTED_ATTRIBUTES), null, Decision.ADDED,
                        "the originals of every changed attribute, encrypted for the policy's recipients"
                                + " (PS3.15 E.1.1)", sequence));
            }
        }
        return outcome;
    }

    private void applyFilters(DicomObject object) throws QuarantineException {
        if (policy().filters().isEmpty()) {
            return;
        }
        InstanceFilter filter = InstanceFilter.firstMatch(policy().filters(), RoutingAttributes.of(object)).orElse(null);
        if (filter == null || filter.decision() == InstanceFilter.Decision.CONTINUE) {
            return;
        }
        if (filter.decision() == InstanceFilter.Decision.DROP) {
            throw new DroppedByFilter(filter.name());
        }
        throw new QuarantineException("quarantined by filter '" + filter.name() + "'");
    }
}
