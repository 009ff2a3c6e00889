package org.dicomdeid.deid;

import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.policy.Action;
import org.dicomdeid.policy.Policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The engine: applies a {@link Policy} to one instance, in place. Thread-safe; build one per
 * policy and share it.
 */
public final class Deidentifier {
    private static final AttributeTag LONGITUDINAL = TagFromName.LongitudinalTemporalInformationModified;
    private static final AttributeTag ENCRYPTED_ATTRIBUTES = new AttributeTag(0x0400, 0x0500);

    private final Policy policy;
    private final ProjectSecret secret;
    private final UidMapper uids;
    private final PatientPseudonyms pseudonyms;
    private final TrackingWriter tracking;

    public Deidentifier(Policy policy, ProjectSecret secret) throws IOException {
        this.policy = policy;
        this.secret = secret;
        this.uids = new UidMapper(secret);
        this.pseudonyms = new PatientPseudonyms(secret, policy.pseudonyms());
        this.tracking = new TrackingWriter(policy);
    }

    public Policy policy() {
        return policy;
    }

    public DeidOutcome deidentify(DicomObject object) throws QuarantineException {
        return deidentify(object, new AttributeList(), false);
    }

    /**
     * De-identifies {@code object} in place.
     *
     * @param originals        where originals go; may already hold what an earlier step (pixel
     *                         cleaning) changed — an attribute recorded first keeps its first value
     * @param pixelDataCleaned whether burned-in text was removed (adds the Clean Pixel Data code)
     */
    public DeidOutcome deidentify(DicomObject object, AttributeList originals, boolean pixelDataCleaned)
            throws QuarantineException {
        return deidentify(object, originals, pixelDataCleaned, null);
    }

    /**
     * {@link #deidentify(DicomObject, AttributeList, boolean)}, telling {@code listener} (null: nobody)
     * of every decision as it is taken.
     */
    public DeidOutcome deidentify(DicomObject object, AttributeList originals, boolean pixelDataCleaned,
                                  DecisionListener listener) throws QuarantineException {
        Trace trace = Trace.to(listener);
        AttributeList list = object.dataset();
        Consumer<Attribute> record = a -> originals.putIfAbsent(a.getTag(), a);
        String patientId = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientID);
        String issuer = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.IssuerOfPatientID);
        String pseudonym = pseudonyms.pseudonymFor(patientId, issuer);
        try {
            // Re-identification removes these wholesale, so whatever of them existed is recorded.
            for (AttributeTag tag : new ArrayList<>(list.keySet())) {
                if (tag.getGroup() == 0x0012 || tag.equals(LONGITUDINAL) || tag.equals(ENCRYPTED_ATTRIBUTES)) {
                    record.accept(list.get(tag));
                }
            }
            InstanceContext ctx = new InstanceContext(policy, uids, secret, list,
                    PatientPseudonyms.patientKey(patientId, issuer), trace);
            int before = originals.size();
            new DatasetWalker(ctx).processList(list, DatasetWalker.Mode.NORMAL, record);
            replacePatientIdentity(list, TagFromName.PatientID, pseudonym, ctx, record);
            replacePatientIdentity(list, TagFromName.PatientName, pseudonym, ctx, record);
            int changed = originals.size() - before;
            tracking.write(list, pseudonym, pixelDataCleaned, ctx.charset, record, trace);
            return new DeidOutcome(originals, pseudonym, changed, ctx.identifying(), ctx.actionCounts());
        } catch (DicomException e) {
            throw new QuarantineException("cannot de-identify (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Patient ID and Name become the pseudonym where present, unless a policy keeps them. */
    private void replacePatientIdentity(AttributeList list, AttributeTag tag, String pseudonym,
                                        InstanceContext ctx, Consumer<Attribute> record) throws DicomException {
        Attribute current = list.get(tag);
        if (current == null || policy.rules().actionFor(tag).orElse(Action.KEEP) == Action.KEEP) {
            return;
        }
        record.accept(current);
        Attribute replacement = Values.string(tag, Values.effectiveVR(current), ctx.charset, pseudonym);
        list.put(replacement);
        ctx.trace.decided(current, "D", "the patient's pseudonym (policy pseudonyms: "
                + (policy.pseudonyms().lookup().isPresent() ? "the lookup table)" : "prefix and keyed hash)"), replacement);
    }
}
