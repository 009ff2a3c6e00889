package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;

import java.util.List;
import java.util.Set;

/**
 * Code sequence items (Code Value, Coding Scheme Designator, Code Meaning). A code names a
 * concept, not a person, and stays, except where the code itself is the identifier: inside a
 * sequence the profile dummies (Person Identification Code Sequence: a staff number; Institution
 * Code Sequence: the institution; the SR Content Sequence under the basic profile) and wherever a
 * code value is one of the instance's identifying values (an accession number used as a code).
 * There the code becomes the dummy code DEID / 99DEID / "de-identified", valid where a code is
 * type 1.
 */
final class CodeItems {
    static final String DUMMY_VALUE = "DEID";
    static final String DUMMY_SCHEME = "99DEID";
    static final String DUMMY_MEANING = "de-identified";

    private static final AttributeTag LONG_CODE_VALUE = new AttributeTag(0x0008, 0x0119);
    private static final AttributeTag URN_CODE_VALUE = new AttributeTag(0x0008, 0x0120);
    private static final Set<AttributeTag> KEYS = Set.of(TagFromName.CodeValue, TagFromName.CodingSchemeDesignator,
            TagFromName.CodingSchemeVersion, LONG_CODE_VALUE, URN_CODE_VALUE);
    private static final List<AttributeTag> VALUES = List.of(TagFromName.CodeValue, LONG_CODE_VALUE, URN_CODE_VALUE);
    /** Every attribute {@link #replaceWithDummyCode} may change, add or remove. */
    static final List<AttributeTag> REPLACED = List.of(TagFromName.CodeValue, TagFromName.CodingSchemeDesignator,
            TagFromName.CodingSchemeVersion, TagFromName.CodeMeaning, LONG_CODE_VALUE, URN_CODE_VALUE);
    private static final byte[] SH = ValueRepresentation.getValueRepresentationFromString("SH");
    private static final byte[] LO = ValueRepresentation.getValueRepresentationFromString("LO");

    private CodeItems() {
    }

    /** Attributes of a code that are controlled terms, not text: judged per item, not per attribute. */
    static boolean isCodeKey(AttributeTag tag) {
        return KEYS.contains(tag);
    }

    /** Whether the item's code (value or scheme) is one of the instance's identifying values. */
    static boolean identifies(AttributeList item, IdentifyingValues identifying) {
        for (AttributeTag tag : KEYS) {
            String v = Attribute.getSingleStringValueOrNull(item, tag);
            if (v != null && identifying.foundIn(v)) {
                return true;
            }
        }
        return false;
    }

    /** Replaces the code of a code item by the dummy code; true when anything changed. */
    static boolean replaceWithDummyCode(AttributeList item, SpecificCharacterSet cs) throws DicomException {
        if (VALUES.stream().noneMatch(item::containsKey)) {
            return false; // not a code item
        }
        boolean already = DUMMY_VALUE.equals(Attribute.getSingleStringValueOrNull(item, TagFromName.CodeValue))
                && DUMMY_SCHEME.equals(Attribute.getSingleStringValueOrNull(item, TagFromName.CodingSchemeDesignator))
                && DUMMY_MEANING.equals(Attribute.getSingleStringValueOrNull(item, TagFromName.CodeMeaning))
                && !item.containsKey(LONG_CODE_VALUE) && !item.containsKey(URN_CODE_VALUE)
                && !item.containsKey(TagFromName.CodingSchemeVersion);
        if (already) {
            return false;
        }
        item.remove(LONG_CODE_VALUE);
        item.remove(URN_CODE_VALUE);
        item.remove(TagFromName.CodingSchemeVersion);
        item.put(Values.string(TagFromName.CodeValue, SH, cs, DUMMY_VALUE));
        item.put(Values.string(TagFromName.CodingSchemeDesignator, SH, cs, DUMMY_SCHEME));
        item.put(Values.string(TagFromName.CodeMeaning, LO, cs, DUMMY_MEANING));
        return true;
    }
}
