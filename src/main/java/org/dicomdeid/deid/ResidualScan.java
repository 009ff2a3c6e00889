package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.ValueRepresentation;
import org.dicomdeid.dicom.QuarantineException;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The fail-closed residual-PHI scan: after de-identification and before anything is released,
 * every value of the output (nested, private, kept sequences; decoded in its character set;
 * folded for case, accents and separators) is searched for the input's identifying values
 * ({@link IdentifyingValues}). A hit quarantines the instance with the attribute's path in the
 * reason, such as {@code (0008,1030)} or {@code (0040,0275)[0]/(0032,1060)} (items counted from
 * 0), never the value. Numbers, times, ages and code strings (CS: enumerated terms such as
 * TEXT or CODE) are not searched (they name no one and would collide with short IDs and name
 * components); UIDs are compared with the original UIDs; the file meta information
 * at the top level is written anew with the file and is not searched; pixel data is not text.
 */
public final class ResidualScan {
    private static final AttributeTag ENCAPSULATED_DOCUMENT = new AttributeTag(0x0042, 0x0011);
    private static final int MAX_BINARY_SCANNED = 1 << 20;

    private ResidualScan() {
    }

    public static void check(AttributeList output, IdentifyingValues identifying) throws QuarantineException {
        check(output, identifying, false);
    }

    /**
     * @param datesShifted the policy shifts dates: every date value of the output was then either
     *                     shifted by the engine or kept by the policy, and a shifted date that
     *                     happens to equal another original date is chance, not a leak (dates in
     *                     text are still searched)
     */
    public static void check(AttributeList output, IdentifyingValues identifying, boolean datesShifted)
            throws QuarantineException {
        if (identifying.isEmpty()) {
            return;
        }
        String hit = scan(output, identifying, true, datesShifted);
        if (hit != null) {
            throw new QuarantineException("residual-PHI scan: an identifying value of the input remains at " + hit
                    + " after de-identification; nothing was released");
        }
    }

    /** The path of the first attribute that still holds an identifying value, or null. */
    private static String scan(AttributeList list, IdentifyingValues identifying, boolean top,
                               boolean datesShifted) {
        for (Attribute a : list.values()) {
            AttributeTag tag = a.getTag();
            if (top && tag.isFileMetaInformationGroup()) {
                continue;
            }
            if (a instanceof SequenceAttribute seq) {
                int i = 0;
                for (Iterator<SequenceItem> it = seq.iterator(); it.hasNext(); i++) {
                    String hit = scan(it.next().getAttributeList(), identifying, false, datesShifted);
                    if (hit != null) {
                        return path(tag) + "[" + i + "]/" + hit;
                    }
                }
            } else if (holds(a, identifying, datesShifted)) {
                return path(tag);
            }
        }
        return null;
    }

    /** Formatted only for a hit: formatting every attribute's path cost more than the scan. */
    private static String path(AttributeTag tag) {
        return String.format("(%04X,%04X)", tag.getGroup(), tag.getElement());
    }

    private static boolean holds(Attribute a, IdentifyingValues identifying, boolean datesShifted) {
        byte[] vr = Values.effectiveVR(a);
        if (vr == null || a.getVL() == 0) {
            return false;
        }
        if (ValueRepresentation.isUniqueIdentifierVR(vr)) {
            String[] values = Attribute.getStringValues(a);
            if (values != null) {
                for (String v : values) {
                    if (identifying.isOriginalUid(v)) {
                        return true;
                    }
                }
            }
            return false;
        }
        if (ValueRepresentation.isUnknownVR(a.getVR()) || a.getTag().equals(ENCAPSULATED_DOCUMENT)) {
            return binaryHolds(a, identifying);
        }
        boolean text = Values.isText(vr) || ValueRepresentation.isPersonNameVR(vr)
                || ValueRepresentation.isApplicationEntityVR(vr)
                || !datesShifted && (ValueRepresentation.isDateVR(vr) || ValueRepresentation.isDateTimeVR(vr))
                || ValueRepresentation.isUniversalResourceVR(vr);
        if (!text) {
            return false;
        }
        String[] values = Attribute.getStringValues(a);
        if (values == null) {
            return false;
        }
        for (String v : values) {
            if (identifying.foundIn(v)) {
                return true;
            }
        }
        return false;
    }

    /** Unknown-VR values (private text read as implicit VR) and documents: their bytes read as text. */
    private static boolean binaryHolds(Attribute a, IdentifyingValues identifying) {
        try {
            if (a.getVL() > MAX_BINARY_SCANNED) {
                return false;
            }
            byte[] bytes = a.getByteValues();
            return bytes != null && (identifying.foundIn(new String(bytes, StandardCharsets.ISO_8859_1))
                    || identifying.foundIn(new String(bytes, StandardCharsets.UTF_8)));
        } catch (DicomException e) {
            return false;
        }
    }
}
