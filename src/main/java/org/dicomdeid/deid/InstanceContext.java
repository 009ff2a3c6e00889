package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import org.dicomdeid.policy.Action;
import org.dicomdeid.policy.IdentifyingAttributes;
import org.dicomdeid.policy.Policy;
import org.dicomdeid.policy.ProfileOption;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What de-identifying one instance needs beyond the policy: its character set, the patient's
 * date shift, its identifying values (collected before the walk changes anything: the list is
 * de-identified in place) and, built on first use, the cleaner that knows them.
 */
final class InstanceContext {
    final Policy policy;
    final UidMapper uids;
    final SpecificCharacterSet charset;
    final DateShifter dateShifter; // null unless retain-long-modified-dates
    final Trace trace;
    private final IdentifyingValues identifying;
    private final List<String[]> otherRemovedValues = new ArrayList<>(); // {kind, value}
    private TextCleaner cleaner;
    /** How often each action was applied in this instance (by {@link Action} ordinal), for the audit log. */
    private final int[] actionCounts = new int[Action.values().length];

    InstanceContext(Policy policy, UidMapper uids, ProjectSecret secret, AttributeList list, String patientKey,
                    Trace trace) {
        this.policy = policy;
        this.trace = trace;
        this.uids = uids;
        this.identifying = IdentifyingValues.collect(list, policy);
        collectOtherRemovedValues(list);
        String[] cs = Attribute.getStringValues(list, TagFromName.SpecificCharacterSet);
        this.charset = Iso2022CharacterSet.of(cs);
        this.dateShifter = policy.has(ProfileOption.RETAIN_LONG_MODIFIED_DATES)
                ? DateShifter.forPatient(secret, patientKey) : null;
    }

    void counted(Action action) {
        actionCounts[action.ordinal()]++;
    }

    /** Applied actions by the standard's letter (K, X, Z, D, C, U, X/Z/U*), only those used. */
    java.util.Map<String, Integer> actionCounts() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Action a : Action.values()) {
            if (actionCounts[a.ordinal()] > 0) {
                counts.merge(a.letter(), actionCounts[a.ordinal()], Integer::sum);
            }
        }
        return counts;
    }

    /** The input's identifying values (what the residual scan searches for). */
    IdentifyingValues identifying() {
        return identifying;
    }

    /**
     * Built lazily: only instances with text to clean pay for it. It knows more than the scan:
     * every short value the profile removes from this instance (station names, device serials,
     * dates, ...) is cut from cleaned text too.
     */
    TextCleaner cleaner() {
        if (cleaner == null) {
            IdentifyingValues values = identifying.copy();
            for (String[] v : otherRemovedValues) {
                values.add(IdentifyingAttributes.Kind.valueOf(v[0]), v[1]);
            }
            cleaner = new TextCleaner(values, dateShifter == null ? null : dateShifter.shiftDays());
        }
        return cleaner;
    }

    /**
     * Values of attributes the policy neither keeps nor cleans, that are short enough to be names,
     * IDs, places or dates (free text is not split into words: it is cleaned itself).
     */
    private void collectOtherRemovedValues(AttributeList list) {
        for (Attribute a : list.values()) {
            if (a instanceof SequenceAttribute seq) {
                for (Iterator<SequenceItem> it = seq.iterator(); it.hasNext(); ) {
                    collectOtherRemovedValues(it.next().getAttributeList());
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
            String kind;
            if (ValueRepresentation.isDateVR(vr) || ValueRepresentation.isDateTimeVR(vr)) {
                kind = IdentifyingAttributes.Kind.BIRTH_DATE.name(); // every spelling of the date
            } else if (ValueRepresentation.isPersonNameVR(vr)) {
                kind = IdentifyingAttributes.Kind.NAME.name(); // the name and each of its components
            } else if (ValueRepresentation.isLongStringVR(vr) || ValueRepresentation.isShortStringVR(vr)
                    || ValueRepresentation.isApplicationEntityVR(vr) || ValueRepresentation.isUnlimitedCharactersVR(vr)) {
                // the whole value: the words of a removed description ("Liver Segmentation") are not identifiers
                kind = IdentifyingAttributes.Kind.IDENTIFIER.name();
            } else {
                continue;
            }
            String[] values = Attribute.getStringValues(a);
            if (values != null) {
                for (String v : values) {
                    otherRemovedValues.add(new String[] {kind, v});
                }
            }
        }
    }
}
