package org.dicomdeid.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;

import java.util.Objects;

/**
 * One DICOM instance travelling through the pipeline: its dataset (file meta information
 * included, group 0002) and the transfer syntax its data set is, and will be, encoded in.
 * This is the body type the Camel processors exchange.
 */
public final class DicomObject {
    private final AttributeList dataset;
    private String transferSyntaxUID;

    public DicomObject(AttributeList dataset, String transferSyntaxUID) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.transferSyntaxUID = Objects.requireNonNull(transferSyntaxUID, "transferSyntaxUID");
    }

    public AttributeList dataset() {
        return dataset;
    }

    public String transferSyntaxUID() {
        return transferSyntaxUID;
    }

    /** Used when pixel data had to be decoded and is written uncompressed. */
    public void transferSyntaxUID(String uid) {
        this.transferSyntaxUID = Objects.requireNonNull(uid);
    }

    public String sopInstanceUID() {
        return stringValue(TagFromName.SOPInstanceUID);
    }

    public String sopClassUID() {
        return stringValue(TagFromName.SOPClassUID);
    }

    private String stringValue(AttributeTag tag) {
        return com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(dataset, tag);
    }
}
