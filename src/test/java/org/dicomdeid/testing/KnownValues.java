package org.dicomdeid.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The non-identifying part of a corpus instance, with values a test can check came through
 * unchanged: a small CT image (16 x 16, 12 bits stored) and its geometry.
 */
final class KnownValues {
    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final int IMAGE_SIZE = 16;

    private final AttributeList list;
    private final Map<String, String> kept;

    KnownValues(AttributeList list, Map<String, String> kept) {
        this.list = list;
        this.kept = kept;
    }

    void addImage(CanaryCorpus.InstanceId id) throws DicomException {
        keep(TagFromName.SpecificCharacterSet, "CS", "ISO_IR 100");
        keep(TagFromName.ImageType, "CS", "ORIGINAL\\PRIMARY\\AXIAL");
        keep(TagFromName.SOPClassUID, "UI", CT_IMAGE_STORAGE);
        keep(TagFromName.Modality, "CS", "CT");
        keep(new AttributeTag(0x0018, 0x0060), "DS", "120");
        keep(TagFromName.SliceThickness, "DS", "2.5");
        keep(TagFromName.PatientPosition, "CS", "HFS");
        keep(TagFromName.SeriesNumber, "IS", Integer.toString(id.series() + 1));
        keep(TagFromName.InstanceNumber, "IS", Integer.toString(id.instance() + 1));
        keep(TagFromName.ImagePositionPatient, "DS", "-120\\-130\\" + (id.instance() * 5) / 2.0);
        keep(TagFromName.ImageOrientationPatient, "DS", "1\\0\\0\\0\\1\\0");
        keep(TagFromName.SamplesPerPixel, "US", "1");
        keep(TagFromName.PhotometricInterpretation, "CS", "MONOCHROME2");
        keep(TagFromName.Rows, "US", Integer.toString(IMAGE_SIZE));
        keep(TagFromName.Columns, "US", Integer.toString(IMAGE_SIZE));
        keep(TagFromName.PixelSpacing, "DS", "0.5\\0.5");
        keep(TagFromName.BitsAllocated, "US", "16");
        keep(TagFromName.BitsStored, "US", "12");
        keep(TagFromName.HighBit, "US", "11");
        keep(TagFromName.PixelRepresentation, "US", "0");
        keep(TagFromName.RescaleIntercept, "DS", "-1024");
        keep(TagFromName.RescaleSlope, "DS", "1");
        keep(TagFromName.WindowCenter, "DS", "40");
        keep(TagFromName.WindowWidth, "DS", "400");
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(pixelData(id.instance()));
        list.put(pixels);
    }

    /** A deterministic ramp, different per instance number: compare with {@link #pixelData(int)}. */
    static short[] pixelData(int instance) {
        short[] values = new short[IMAGE_SIZE * IMAGE_SIZE];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) ((i * 13 + instance * 101) % 4096);
        }
        return values;
    }

    private void keep(AttributeTag tag, String vr, String value) throws DicomException {
        put(list, tag, vr, value, "", kept);
    }

    /**
     * Puts {@code value} (backslash-separated for several) at {@code tag}; records it under its
     * location in {@code kept} when that is not null.
     */
    static void put(AttributeList list, AttributeTag tag, String vr, String value, String in,
            Map<String, String> kept) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag, vr.getBytes(StandardCharsets.US_ASCII));
        for (String v : value.split("\\\\")) {
            a.addValue(v);
        }
        list.put(a);
        if (kept != null) {
            kept.put(in + Locations.of(tag), a.getDelimitedStringValuesOrEmptyString());
        }
    }
}
