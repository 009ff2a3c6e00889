package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.ValueRepresentation;
import org.dicomdeid.policy.StandardDictionary;

/**
 * Making replacement attributes. The engine never changes an attribute object in place: it
 * builds a new one, so the original object can go, untouched, into the record of originals.
 */
final class Values {
    static final String DUMMY_TEXT = "ANONYMIZED";

    private Values() {
    }

    /** The VR to use: the attribute's own, or for UN (implicit VR, unknown to PixelMed) the standard's. */
    static byte[] effectiveVR(Attribute a) {
        byte[] vr = a.getVR();
        if (vr == null || ValueRepresentation.isUnknownVR(vr)) {
            return StandardDictionary.get().vr(a.getTag())
                    .map(ValueRepresentation::getValueRepresentationFromString).orElse(vr);
        }
        return vr;
    }

    static boolean isText(byte[] vr) {
        return ValueRepresentation.isLongStringVR(vr) || ValueRepresentation.isShortStringVR(vr)
                || ValueRepresentation.isShortTextVR(vr) || ValueRepresentation.isLongTextVR(vr)
                || ValueRepresentation.isUnlimitedTextVR(vr) || ValueRepresentation.isUnlimitedCharactersVR(vr);
    }

    /** Values that are bytes or binary numbers, not text: OB, OW, OF, OD, OL, OV, UN. */
    static boolean isBinary(byte[] vr) {
        return ValueRepresentation.isOtherByteOrWordVR(vr) || ValueRepresentation.isUnknownVR(vr)
                || ValueRepresentation.isOtherFloatVR(vr) || ValueRepresentation.isOtherDoubleVR(vr)
                || ValueRepresentation.isOtherLongVR(vr) || ValueRepresentation.isOtherVeryLongVR(vr)
                || ValueRepresentation.isOtherByteVR(vr) || ValueRepresentation.isOtherWordVR(vr);
    }

    static boolean isDateLike(byte[] vr) {
        return ValueRepresentation.isDateVR(vr) || ValueRepresentation.isDateTimeVR(vr)
                || ValueRepresentation.isTimeVR(vr);
    }

    static Attribute empty(Attribute original, SpecificCharacterSet cs) throws DicomException {
        if (original instanceof SequenceAttribute) {
            return new SequenceAttribute(original.getTag());
        }
        return AttributeFactory.newAttribute(original.getTag(), effectiveVR(original), cs);
    }

    static Attribute string(AttributeTag tag, byte[] vr, SpecificCharacterSet cs, String... values)
            throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag, vr, cs);
        for (String v : values) {
            a.addValue(v);
        }
        return a;
    }

    /** A non-empty value consistent with the VR that tells nothing (PS3.15 action D). */
    static Attribute dummy(Attribute original, SpecificCharacterSet cs) throws DicomException {
        byte[] vr = effectiveVR(original);
        AttributeTag tag = original.getTag();
        String text = dummyText(vr);
        if (text != null) {
            return string(tag, vr, cs, text);
        }
        Attribute a = AttributeFactory.newAttribute(tag, vr, cs);
        if (ValueRepresentation.isOtherByteVR(vr) || ValueRepresentation.isUnknownVR(vr)
                || ValueRepresentation.isOtherUnspecifiedVR(vr)) {
            a.setValues(new byte[2]);
        } else if (ValueRepresentation.isOtherWordVR(vr)) {
            a.setValues(new short[1]);
        } else if (vr != null && !ValueRepresentation.isOtherFloatVR(vr) && !ValueRepresentation.isOtherDoubleVR(vr)
                && !ValueRepresentation.isOtherLongVR(vr) && !ValueRepresentation.isOtherVeryLongVR(vr)) {
            a.addValue(0);
        }
        return a;
    }

    private static String dummyText(byte[] vr) {
        if (vr == null) {
            return null;
        }
        if (ValueRepresentation.isDateVR(vr)) {
            return "19000101";
        }
        if (ValueRepresentation.isTimeVR(vr)) {
            return "000000";
        }
        if (ValueRepresentation.isDateTimeVR(vr)) {
            return "19000101000000";
        }
        if (ValueRepresentation.isAgeStringVR(vr)) {
            return "000Y";
        }
        if (ValueRepresentation.isDecimalStringVR(vr) || ValueRepresentation.isIntegerStringVR(vr)) {
            return "0";
        }
        if (ValueRepresentation.isUniversalResourceVR(vr)) {
            return "urn:anonymized";
        }
        if (ValueRepresentation.isPersonNameVR(vr) || ValueRepresentation.isCodeStringVR(vr)
                || ValueRepresentation.isApplicationEntityVR(vr) || isText(vr)) {
            return DUMMY_TEXT;
        }
        return null;
    }

    static boolean isEmpty(Attribute a) {
        if (a instanceof SequenceAttribute s) {
            return s.getNumberOfItems() == 0;
        }
        return a.getVL() == 0;
    }
}
