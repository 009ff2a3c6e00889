package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.ValueRepresentation;
import org.dicomdeid.policy.ProfileOption;
import org.dicomdeid.policy.UnlistedText;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The safety net for attributes that no rule names (outside Table E.1-1 and the policy's rules;
 * standard or kept private), driven by VR: the table is not the whole story, and attributes added
 * since (or used in unforeseen ways) hold names, dates and UIDs in practice.
 * <ul>
 * <li>PN: dummied.</li>
 * <li>DA, DT, TM: as the table's dates under the options in force: kept with
 *     retain-long-full-dates, shifted with retain-long-modified-dates (times stay), emptied otherwise.</li>
 * <li>UI: mapped, unless it is one of the standard's own UIDs (root 1.2.840.10008) or retain-uids is on.</li>
 * <li>UR, and text that is a URI: the UIDs inside mapped; a URI without UIDs is removed.</li>
 * <li>Free text (SH, LO, ST, LT, UT, UC, AE): as the policy's {@code unlistedText} says (clean by default).</li>
 * <li>CS, numbers, ages, binary values: kept (technical values that name no one).</li>
 * </ul>
 */
final class UnlistedValues {
    private static final Pattern URI = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*://|urn:)\\S+$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern UID_IN_TEXT = Pattern.compile("(?<![\\d.])[0-2](\\.\\d+){3,}(?![\\d.])");
    private static final byte[] UR = ValueRepresentation.getValueRepresentationFromString("UR");

    /** Every reason of the safety net starts so. */
    private static final String NET = "not in Table E.1-1 nor in the policy: safety net by VR: ";

    private final InstanceContext ctx;
    private final UidValues uidValues;

    UnlistedValues(InstanceContext ctx, UidValues uidValues) {
        this.ctx = ctx;
        this.uidValues = uidValues;
    }

    Attribute safetyNet(Attribute a, byte[] vr) throws DicomException {
        Trace trace = ctx.trace;
        if (ValueRepresentation.isPersonNameVR(vr)) {
            trace.act("D", NET + "a person name is replaced by a dummy");
            return Values.dummy(a, ctx.charset);
        }
        if (Values.isDateLike(vr)) {
            if (ctx.policy.has(ProfileOption.RETAIN_LONG_FULL_DATES)) {
                trace.act("K", NET + "dates kept (option retain-long-full-dates)");
                return a;
            }
            trace.act("C", NET + (ctx.dateShifter != null ? "dates shifted (option retain-long-modified-dates)"
                    : "dates emptied (no dates option)"));
            return new DateValues(ctx).shiftOrEmpty(a);
        }
        if (ValueRepresentation.isUniqueIdentifierVR(vr)) {
            boolean keep = ctx.policy.has(ProfileOption.RETAIN_UIDS);
            trace.act(keep ? "K" : "U", NET + (keep ? "UIDs kept (option retain-uids)"
                    : "UIDs replaced, except the standard's own"));
            return keep ? a : uidValues.replaceInstanceUids(a);
        }
        if (ValueRepresentation.isUniversalResourceVR(vr)) {
            Attribute mapped = uriWithUids(a, vr);
            trace.act(mapped == a ? "X" : "U", NET + "a URI keeps its shape with its UIDs replaced; one without UIDs goes");
            return mapped == a ? null : mapped; // a URI without UIDs goes
        }
        if (Values.isText(vr) || ValueRepresentation.isApplicationEntityVR(vr)) {
            String[] values = Attribute.getStringValues(a);
            if (values != null && values.length > 0 && URI.matcher(values[0].strip()).matches()) {
                Attribute mapped = uriWithUids(a, vr);
                if (mapped != a) {
                    trace.act("U", NET + "text that is a URI: its UIDs replaced");
                    return mapped;
                }
                // URL-shaped text without UIDs (a software's URL as Manufacturer's Model Name,
                // type 1 there) is text: it is treated as text, not removed
            }
            UnlistedText setting = ctx.policy.unlistedText();
            trace.act(switch (setting) {
                case KEEP -> "K";
                case REMOVE -> "X";
                case CLEAN -> "C";
            }, NET + "free text, policy unlistedText: " + setting.settingName());
            return switch (setting) {
                case KEEP -> a;
                case REMOVE -> null;
                case CLEAN -> cleanText(a, vr);
            };
        }
        trace.act("K", NET + "codes, numbers and binary values that name no one stay");
        return a;
    }

    /**
     * A URI keeps its shape with its UIDs mapped (a retrieve URL of the new study); {@code a}
     * itself when it holds no UID.
     */
    private Attribute uriWithUids(Attribute a, byte[] vr) throws DicomException {
        String[] values = Attribute.getStringValues(a);
        if (values == null) {
            return a;
        }
        String[] mapped = new String[values.length];
        boolean anyUid = false;
        for (int i = 0; i < values.length; i++) {
            Matcher m = UID_IN_TEXT.matcher(values[i]);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                anyUid = true;
                String uid = m.group();
                m.appendReplacement(sb, Matcher.quoteReplacement(UidMapper.isStandardUid(uid) ? uid : ctx.uids.map(uid)));
            }
            m.appendTail(sb);
            mapped[i] = sb.toString().strip();
        }
        if (!anyUid || ctx.policy.has(ProfileOption.RETAIN_UIDS)) {
            return a;
        }
        return Values.string(a.getTag(), vr == null ? UR : vr, ctx.charset, mapped);
    }

    /** Action C on text: see {@link TextCleaner}. */
    Attribute cleanText(Attribute a, byte[] vr) throws DicomException {
        String[] values = Attribute.getStringValues(a);
        if (values == null || values.length == 0) {
            return a;
        }
        String[] cleaned = new String[values.length];
        boolean same = true;
        for (int i = 0; i < values.length; i++) {
            cleaned[i] = ctx.cleaner().clean(values[i]);
            if (cleaned[i].isEmpty() && !values[i].isBlank()) {
                cleaned[i] = Values.DUMMY_TEXT; // an emptied type 1 value (a Code Meaning, a label) is invalid
            }
            same &= cleaned[i].equals(values[i].strip());
        }
        return same ? a : Values.string(a.getTag(), vr, ctx.charset, cleaned);
    }
}
