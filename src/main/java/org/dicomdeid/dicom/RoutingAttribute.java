package org.dicomdeid.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The attributes that routes and policy filters may decide on: what kind of object an instance
 * is and what made it, never who it is about (PS3.15 keeps all of them in a de-identified
 * output). Each value must have the syntax of its kind, or it counts as absent: a code or UID
 * attribute can never carry free text into a header or a log.
 */
public enum RoutingAttribute {
    SOP_CLASS_UID("SOPClassUID", TagFromName.SOPClassUID, Kind.UID),
    MODALITY("Modality", TagFromName.Modality, Kind.CODE),
    IMAGE_TYPE("ImageType", TagFromName.ImageType, Kind.CODE),
    BURNED_IN_ANNOTATION("BurnedInAnnotation", TagFromName.BurnedInAnnotation, Kind.CODE),
    MANUFACTURER("Manufacturer", TagFromName.Manufacturer, Kind.TEXT),
    MANUFACTURER_MODEL_NAME("ManufacturerModelName", TagFromName.ManufacturerModelName, Kind.TEXT),
    TRANSFER_SYNTAX_UID("TransferSyntaxUID", TagFromName.TransferSyntaxUID, Kind.UID),
    NUMBER_OF_FRAMES("NumberOfFrames", TagFromName.NumberOfFrames, Kind.NUMBER);

    /** What a value must look like (values of a multi-valued attribute joined by a backslash). */
    enum Kind {
        UID("[0-9]+(\\.[0-9]+)*"),
        CODE("[A-Z0-9 _]*(\\\\[A-Z0-9 _]*)*"),
        NUMBER("[+-]?[0-9]{1,9}"),
        TEXT("[^\\p{Cntrl}\\\\]{1,64}");

        private final Pattern syntax;

        Kind(String syntax) {
            this.syntax = Pattern.compile(syntax);
        }

        boolean fits(String value) {
            return syntax.matcher(value).matches();
        }
    }

    /** The first top-level tag after all of them: a header read stops there. */
    static final AttributeTag AFTER_LAST = new AttributeTag(0x0028, 0x0302);

    private final String keyword;
    private final AttributeTag tag;
    private final Kind kind;

    RoutingAttribute(String keyword, AttributeTag tag, Kind kind) {
        this.keyword = keyword;
        this.tag = tag;
        this.kind = kind;
    }

    /** The DICOM keyword, as policy filters name it. */
    public String keyword() {
        return keyword;
    }

    AttributeTag tag() {
        return tag;
    }

    Kind kind() {
        return kind;
    }

    public boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    public static Optional<RoutingAttribute> byKeyword(String keyword) {
        return Arrays.stream(values()).filter(a -> a.keyword.equals(keyword)).findFirst();
    }

    /** The keywords, for messages. */
    public static String keywords() {
        return String.join(", ", Arrays.stream(values()).map(RoutingAttribute::keyword).toList());
    }
}
