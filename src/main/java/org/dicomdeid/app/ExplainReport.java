package org.dicomdeid.app;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ValueRepresentation;
import org.dicomdeid.deid.Decision;
import org.dicomdeid.deid.DecisionListener;
import org.dicomdeid.dicom.BulkValue;
import org.dicomdeid.policy.Action;
import org.dicomdeid.policy.IdentifyingAttributes;
import org.dicomdeid.policy.ProfileTable;
import org.dicomdeid.policy.Rulebook;
import org.dicomdeid.policy.StandardDictionary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code deid explain} shows: the engine's decisions as it took them (it listens to the
 * anonymiser, it never decides anything itself), one row per attribute path. An attribute decided
 * twice (the table's rule, then the pseudonym) keeps its first original and its last action, with
 * both reasons.
 * <p>
 * Privacy: originals are only ever VR and length (masked by the engine). A new value is shown when
 * it differs from the original (it is the de-identified value written), or when it is the original
 * of a standard attribute the basic profile leaves alone (Modality, sizes...). An unchanged value
 * of an attribute the profile would change, of a person name, of an identifying attribute or of a
 * private attribute is not shown: {@link #NOT_SHOWN}.
 */
final class ExplainReport implements DecisionListener {
    static final String REMOVED = "(removed)";
    static final String NOT_SHOWN = "(unchanged: not shown)";

    /** One attribute of the report. {@code valueShown}: whether {@code newValue} is the value written. */
    record Row(String path, String tag, String name, String vr, String original, String action, String meaning,
               String rule, String newValue, boolean valueShown) {
    }

    private static final Rulebook BASIC = Rulebook.build(ProfileTable.standard(), Set.of(), List.of());
    private static final Pattern ITEM = Pattern.compile("\\[(\\d+)]");

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private String quarantineReason;

    @Override
    public void decided(Decision d) {
        Row earlier = rows.get(d.path());
        String original = earlier != null && !earlier.original().isEmpty() ? earlier.original() : d.original();
        String rule = earlier == null || earlier.rule().equals(d.rule()) ? d.rule() : earlier.rule() + "; then " + d.rule();
        Attribute result = d.result();
        boolean valueShown = result != null && !isSummary(result) && (d.changed() || mayShowOriginal(d.tag(), result));
        String value = result == null ? REMOVED : isSummary(result) || valueShown ? render(result) : NOT_SHOWN;
        rows.put(d.path(), new Row(d.path(), Decision.pathOf(d.tag()), nameOf(d.tag()), d.vr(), original, d.action(),
                meaning(d.action()), rule, value, valueShown));
    }

    /** The instance would be quarantined, for this reason (a reason names places, never values). */
    void quarantined(String reason) {
        this.quarantineReason = reason;
    }

    String quarantineReason() {
        return quarantineReason;
    }

    /** The rows in the order of the data set: by tag, each sequence followed by its items. */
    List<Row> rows() {
        List<Row> list = new ArrayList<>(rows.values());
        list.sort(Comparator.comparing(r -> sortKey(r.path())));
        return list;
    }

    private static String sortKey(String path) {
        Matcher m = ITEM.matcher(path);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, String.format("[%09d]", Integer.parseInt(m.group(1))));
        }
        return m.appendTail(sb).toString();
    }

    static String meaning(String action) {
        return switch (action) {
            case "K" -> "keep";
            case "X" -> "remove";
            case "Z" -> "empty (zero length)";
            case "D" -> "dummy value";
            case "C" -> "clean";
            case "U" -> "new UID";
            case "X/Z/U*" -> "keep references: UIDs replaced, the rest dummied";
            case Decision.ADDED -> "added";
            default -> action;
        };
    }

    private static String nameOf(AttributeTag tag) {
        if ((tag.getGroup() & 1) == 1) {
            return tag.isPrivateCreator() ? "(private creator)" : "(private)";
        }
        return StandardDictionary.get().keyword(tag).orElse("");
    }

    /**
     * An original value may be shown only for standard attributes that the basic profile keeps
     * and that nothing marks as identifying; never names, never private values.
     */
    private static boolean mayShowOriginal(AttributeTag tag, Attribute result) {
        byte[] vr = result.getVR();
        return (tag.getGroup() & 1) == 0
                && BASIC.actionFor(tag).orElse(Action.KEEP) == Action.KEEP
                && IdentifyingAttributes.get().kindOf(tag).isEmpty()
                && !(vr != null && ValueRepresentation.isPersonNameVR(vr));
    }

    /** Sequences and binary values are described, never printed. */
    private static boolean isSummary(Attribute a) {
        byte[] vr = a.getVR();
        return a instanceof SequenceAttribute || a instanceof BulkValue || vr == null
                || ValueRepresentation.isOtherByteOrWordVR(vr) || ValueRepresentation.isUnknownVR(vr)
                || ValueRepresentation.isOtherFloatVR(vr) || ValueRepresentation.isOtherDoubleVR(vr)
                || ValueRepresentation.isOtherLongVR(vr) || ValueRepresentation.isOtherVeryLongVR(vr);
    }

    /** The value written, as text (values separated by a backslash), or a description of it. */
    static String render(Attribute a) {
        if (isSummary(a)) {
            return Decision.mask(a);
        }
        return a.getDelimitedStringValuesOrEmptyString();
    }
}
