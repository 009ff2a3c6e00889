package org.dicomdeid.deid;

import com.pixelmed.dicom.AttributeList;
import org.dicomdeid.policy.Policy;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The whole de-identification of one instance, as the CLI and the Camel processor run it:
 * the rules of the policy, with the originals kept for the Encrypted Attributes step.
 */
public final class Anonymiser {
    private final Deidentifier deidentifier;

    public Anonymiser(Policy policy, ProjectSecret secret) throws IOException {
        this.deidentifier = new Deidentifier(policy, secret);
    }

    public static Anonymiser create(Policy policy, Path secretFile) throws IOException {
        return new Anonymiser(policy, ProjectSecret.load(secretFile));
    }

    public Policy policy() {
        return deidentifier.policy();
    }

    public DeidOutcome anonymise(DicomObject object) throws QuarantineException {
        AttributeList originals = new AttributeList();
        return deidentifier.deidentify(object, originals, false);
    }
}
