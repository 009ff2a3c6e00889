package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import org.dicomdeid.policy.Action;
import org.dicomdeid.policy.Policy;
import org.dicomdeid.policy.ProfileOption;

import java.util.HashSet;
import java.util.Set;

/**
 * What de-identifying one instance needs beyond the policy: its character set, the patient's
 * date shift, and (built on first use) the cleaner that knows this instance's identifying values.
 */
final class InstanceContext {
    final Policy policy;
    final UidMapper uids;
    final SpecificCharacterSet charset;
    final DateShifter dateShifter; // null unless retain-long-modified-dates
    private final Set<String> identifyingValues = new HashSet<>();
    private TextCleaner cleaner;

    InstanceContext(Policy policy, UidMapper uids, ProjectSecret secret, AttributeList list, String patientKey) {
        this.policy = policy;
        this.uids = uids;
        // Collected before the walk changes anything (the list is de-identified in place).
        collectIdentifyingValues(list, identifyingValues);
        String[] cs = Attribute.getStringValues(list, TagFromName.SpecificCharacterSet);
        this.charset = new SpecificCharacterSet(cs == null ? new String[0] : cs);
        this.dateShifter = policy.has(ProfileOption.RETAIN_LONG_MODIFIED_DATES)
                ? DateShifter.forPatient(secret, patientKey) : null;
    }

    /** Built lazily: only instances with attributes to clean pay for compiling the patterns. */
    TextCleaner cleaner() {
        if (cleaner == null) {
            cleaner = new TextCleaner(identifyingValues);
        }
        return cleaner;
    }

    /**
     * Values of attributes the policy neither keeps nor cleans, that are short enough to be names,
     * IDs, places or dates (free text is not split into words: it is cleaned itself).
     */
    private void collectIdentifyingValues(AttributeList list, Set<String> out) {
        for (Attribute a : list.values()) {
            if (a instanceof SequenceAttribute seq) {
                for (int i = 0; i < seq.getNumberOfItems(); i++) {
                    SequenceItem item = seq.getItem(i);
                    collectIdentifyingValues(item.getAttributeList(), out);
                }
                continue;
            }
            boolean privateTag = (a.getGroup() & 1) == 1;
            // What the policy keeps or cleans is not identifying by the policy's own judgement,
            // and a cleaned descriptor must not count as its own identifier.
            Action action = policy.rules().actionFor(a.getTag()).orElse(Action.KEEP);
            byte[] vr = Values.effectiveVR(a);
            if (((action == Action.KEEP || action == Action.CLEAN) && !privateTag) || vr == null) {
                continue;
            }
            if (ValueRepresentation.isPersonNameVR(vr) || ValueRepresentation.isLongStringVR(vr)
                    || ValueRepresentation.isShortStringVR(vr) || ValueRepresentation.isDateVR(vr)
                    || ValueRepresentation.isDateTimeVR(vr) || ValueRepresentation.isApplicationEntityVR(vr)
                    || ValueRepresentation.isUnlimitedCharactersVR(vr)) {
                String[] values = Attribute.getStringValues(a);
                if (values != null) {
                    for (String v : values) {
                        out.add(v);
                    }
                }
            }
        }
    }
}
