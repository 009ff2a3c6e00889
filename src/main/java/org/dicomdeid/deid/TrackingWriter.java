package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import org.dicomdeid.policy.Policy;
import org.dicomdeid.policy.ProfileOption;
import org.dicomdeid.policy.TrackingValues;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Records what was done, after the rules so that nothing removes it (PS3.3 Patient
 * Identification, General Image and Clinical Trial modules): Patient Identity Removed,
 * De-identification Method and its CID 7050 codes, Longitudinal Temporal Information Modified,
 * and, when the policy names a trial, the Clinical Trial Subject/Study/Series attributes.
 */
final class TrackingWriter {
    static final String DEFAULT_METHOD = "dicom-deid PS3.15 Basic Application Confidentiality Profile";
    private static final byte[] LO = ValueRepresentation.getValueRepresentationFromString("LO");
    private static final byte[] CS = ValueRepresentation.getValueRepresentationFromString("CS");

    private final Policy policy;

    TrackingWriter(Policy policy) {
        this.policy = policy;
    }

    void write(AttributeList list, String pseudonym, boolean pixelDataCleaned, SpecificCharacterSet cs,
               Consumer<Attribute> recordOriginal, Trace trace) throws DicomException {
        BiConsumer<Attribute, Attribute> originals = (old, written) -> {
            if (old != null) {
                recordOriginal.accept(old);
            }
            trace.decided(old, Decision.ADDED, "written by de-identification (tracking: PS3.15 E.1.1, PS3.3"
                    + " Patient Identification and Clinical Trial modules); whatever was there goes", written);
        };
        put(list, originals, Values.string(TagFromName.PatientIdentityRemoved, CS, cs, "YES"));
        TrackingValues t = policy.tracking();
        List<String> method = new ArrayList<>();
        method.add(t.methodDescription() != null ? t.methodDescription() : DEFAULT_METHOD);
        SequenceAttribute codes = new SequenceAttribute(TagFromName.DeidentificationMethodCodeSequence);
        codes.addItem(code(ProfileOption.BASIC_PROFILE_CODE, ProfileOption.BASIC_PROFILE_MEANING));
        for (ProfileOption option : policy.options()) {
            if (option == ProfileOption.CLEAN_PIXEL_DATA && !pixelDataCleaned) {
                continue; // claimed only for images whose pixels were actually cleaned
            }
            method.add(option.codeMeaning());
            codes.addItem(code(option.code(), option.codeMeaning()));
        }
        put(list, originals, Values.string(TagFromName.DeidentificationMethod, LO, cs, method.toArray(String[]::new)));
        put(list, originals, codes);
        put(list, originals, Values.string(TagFromName.LongitudinalTemporalInformationModified, CS, cs,
                policy.has(ProfileOption.RETAIN_LONG_FULL_DATES) ? "UNMODIFIED"
                        : policy.has(ProfileOption.RETAIN_LONG_MODIFIED_DATES) ? "MODIFIED" : "REMOVED"));
        if (t.sponsor().isPresent()) {
            writeTrial(list, t, pseudonym, cs, originals);
        }
    }

    private void writeTrial(AttributeList list, TrackingValues t, String pseudonym, SpecificCharacterSet cs,
                            BiConsumer<Attribute, Attribute> originals) throws DicomException {
        lo(list, TagFromName.ClinicalTrialSponsorName, t.sponsorName(), cs, originals);
        lo(list, TagFromName.ClinicalTrialProtocolID, t.protocolId(), cs, originals);
        lo(list, TagFromName.ClinicalTrialProtocolName, t.protocolName(), cs, originals);
        lo(list, TagFromName.ClinicalTrialSiteID, t.siteId(), cs, originals);
        lo(list, TagFromName.ClinicalTrialSiteName, t.siteName(), cs, originals);
        lo(list, TagFromName.ClinicalTrialSubjectID, pseudonym, cs, originals);
        if (t.timePointId() != null || t.timePointDescription() != null) {
            lo(list, TagFromName.ClinicalTrialTimePointID, t.timePointId(), cs, originals);
            lo(list, TagFromName.ClinicalTrialTimePointDescription, t.timePointDescription(), cs, originals);
        }
    }

    private static void lo(AttributeList list, AttributeTag tag, String value, SpecificCharacterSet cs,
                           BiConsumer<Attribute, Attribute> originals) throws DicomException {
        put(list, originals, value == null ? Values.string(tag, LO, cs) : Values.string(tag, LO, cs, value));
    }

    private static void put(AttributeList list, BiConsumer<Attribute, Attribute> originals, Attribute replacement) {
        originals.accept(list.get(replacement.getTag()), replacement);
        list.put(replacement);
    }

    private static AttributeList code(String value, String meaning) throws DicomException {
        return new CodedSequenceItem(value, "DCM", meaning).getAttributeList();
    }
}
