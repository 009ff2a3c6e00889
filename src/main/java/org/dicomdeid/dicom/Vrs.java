package org.dicomdeid.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/** What the parser needs to know of value representations. */
final class Vrs {
    private static final Set<String> KNOWN = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS",
            "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC",
            "UI", "UL", "UN", "UR", "US", "UT", "UV");
    private static final byte[] UL = ValueRepresentation.UL;
    private static final byte[] LO = ValueRepresentation.LO;
    private static final byte[] UN = ValueRepresentation.UN;
    private static final byte[] OW = ValueRepresentation.OW;

    /** PixelMed's dictionary answers slowly; the few hundred tags real data use are remembered. */
    private static final java.util.Map<AttributeTag, byte[]> DICTIONARY = new java.util.concurrent.ConcurrentHashMap<>();
    private static final byte[] NONE = new byte[0];

    private Vrs() {
    }

    private static byte[] dictionaryVr(AttributeTag tag) {
        byte[] vr = DICTIONARY.get(tag);
        if (vr == null) {
            vr = AttributeList.getDictionary().getValueRepresentationFromTag(tag);
            if (DICTIONARY.size() < 100_000) {
                DICTIONARY.put(tag, vr == null ? NONE : vr);
            }
        }
        return vr == NONE ? null : vr;
    }

    private static final Set<String> TEXT = Set.of("AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH",
            "ST", "TM", "UC", "UI", "UR", "UT");

    /**
     * A standard attribute encoded with a VR of another kind than the standard's (text as binary
     * or the reverse, or a sequence as a value) would be misread and lose its value: refused.
     * Same-kind differences (OB for OW, US for SS) and UN are left to the value decoder.
     */
    static void checkAgainstDictionary(AttributeTag tag, byte[] vr) throws QuarantineException {
        if ((tag.getGroup() & 1) == 1 || tag.getElement() == 0 || ValueRepresentation.isUnknownVR(vr)) {
            return;
        }
        byte[] standard = dictionaryVr(tag);
        if (standard == null || !KNOWN.contains(new String(standard, StandardCharsets.US_ASCII))
                || ValueRepresentation.isUnknownVR(standard)) {
            return; // unknown, or one of the standard's "US or SS"-like choices
        }
        if (kind(vr) != kind(standard)) {
            throw new QuarantineException("attribute " + StrictParser.tag(tag) + " is encoded as "
                    + ValueRepresentation.getAsString(vr) + " where the standard says "
                    + ValueRepresentation.getAsString(standard));
        }
    }

    private static int kind(byte[] vr) {
        String s = new String(vr, StandardCharsets.US_ASCII);
        return s.equals("SQ") ? 2 : TEXT.contains(s) ? 1 : 0;
    }

    static boolean isValidExplicit(byte[] vr) {
        return KNOWN.contains(new String(vr, StandardCharsets.US_ASCII));
    }

    static boolean isPixelData(AttributeTag tag) {
        return tag.getGroup() == 0x7FE0 && (tag.getElement() == 0x0010 || tag.getElement() == 0x0008
                || tag.getElement() == 0x0009);
    }

    /** Binary values that may stay in their file (text never does: it may need cleaning). */
    static boolean isBinary(byte[] vr) {
        return ValueRepresentation.isOtherByteVR(vr) || ValueRepresentation.isOtherWordVR(vr)
                || ValueRepresentation.isOtherFloatVR(vr) || ValueRepresentation.isOtherDoubleVR(vr)
                || ValueRepresentation.isOtherLongVR(vr) || ValueRepresentation.isOtherVeryLongVR(vr)
                || ValueRepresentation.isUnknownVR(vr);
    }

    /** The size every value of a fixed-size VR is a multiple of; 1 for the others. */
    static int fixedUnit(byte[] vr) {
        switch (new String(vr, StandardCharsets.US_ASCII)) {
            case "US", "SS", "OW":
                return 2;
            case "UL", "SL", "FL", "AT", "OF", "OL":
                return 4;
            case "FD", "OD", "SV", "UV", "OV":
                return 8;
            default:
                return 1;
        }
    }

    /** The VR of an implicit VR element: from the dictionary, resolving what depends on the pixel module. */
    static byte[] implicit(AttributeTag tag, int bitsAllocated, boolean signed, long length) {
        if (tag.getElement() == 0x0000) {
            return UL; // group length
        }
        if ((tag.getGroup() & 1) == 1) {
            return tag.getElement() >= 0x0010 && tag.getElement() <= 0x00FF ? LO : UN;
        }
        if (isPixelData(tag) && tag.getElement() == 0x0010) {
            return OW; // PS3.5 A.1: Pixel Data in implicit VR is OW
        }
        byte[] vr = dictionaryVr(tag);
        if (vr == null) {
            return length == BulkValue.UNDEFINED ? ValueRepresentation.SQ : UN;
        }
        if (ValueRepresentation.isUnspecifiedShortVR(vr)) {
            return signed ? ValueRepresentation.SS : ValueRepresentation.US;
        }
        if (ValueRepresentation.isOtherUnspecifiedVR(vr) || ValueRepresentation.isUnspecifiedShortOrOtherWordVR(vr)) {
            return tag.equals(TagFromName.PixelData) || bitsAllocated > 8 || length > 4 ? OW
                    : signed ? ValueRepresentation.SS : ValueRepresentation.US;
        }
        return vr;
    }
}
