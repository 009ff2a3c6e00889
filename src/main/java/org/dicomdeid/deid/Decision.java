package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ValueRepresentation;

/**
 * One decision of the engine about one attribute.
 *
 * @param path     the attribute's place, items counted from 0, as in quarantine reasons:
 *                 {@code (0040,0275)[0]/(0032,1060)}
 * @param tag      the attribute
 * @param vr       its VR, two letters
 * @param original the original value <b>masked</b>: its VR and length only, never a character of it
 *                 (the original object does not leave the engine)
 * @param action   the action's letter: K, X, Z, D, C, U, X/Z/U* (the standard's), or A (added)
 * @param rule     what decided it: a row and column of Table E.1-1, a profile option, a policy file
 *                 line, the safety net for unlisted attributes, the private attribute policy...
 * @param result   the attribute as written (null: removed); its value is de-identified, or kept by
 *                 the policy
 * @param changed  whether {@code result} is not the original attribute (when it is, its value is the
 *                 original's: a report shows it only where nothing identifies)
 */
public record Decision(String path, AttributeTag tag, String vr, String original, String action, String rule,
                       Attribute result, boolean changed) {
    /** Action letter for attributes the engine adds (tracking, encryption): not one of the standard's. */
    public static final String ADDED = "A";

    /** A decision about {@code original} (null: the attribute is new) at {@code path}. */
    public static Decision of(String path, Attribute original, String action, String rule, Attribute result) {
        Attribute any = original != null ? original : result;
        return new Decision(path, any.getTag(), vrOf(any), mask(original), action, rule, result, result != original);
    }

    /** The path of a top-level attribute. */
    public static String pathOf(AttributeTag tag) {
        return String.format("(%04X,%04X)", tag.getGroup(), tag.getElement());
    }

    /** What may be said of an original value: its VR and its length, or how many items. */
    public static String mask(Attribute a) {
        if (a == null) {
            return "";
        }
        if (a instanceof SequenceAttribute seq) {
            return "SQ, " + seq.getNumberOfItems() + (seq.getNumberOfItems() == 1 ? " item" : " items");
        }
        long length = a.getPaddedVL();
        return vrOf(a) + ", " + (length == 0 ? "empty" : length + " bytes");
    }

    private static String vrOf(Attribute a) {
        byte[] vr = Values.effectiveVR(a);
        return vr == null ? "UN" : ValueRepresentation.getAsString(vr);
    }
}
