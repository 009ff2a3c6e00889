package org.dicomdeid.testing;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.deid.TestInstances;
import org.dicomdeid.dicom.DicomObject;

/**
 * Small instances of the kinds content routing tells apart (a CT, secondary captures, a screen
 * save, dose reports), each a {@link TestInstances#ct} with its kind's attributes changed, and a
 * patient name that must never show in a header or a log.
 */
public final class ContentSamples {
    public static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    public static final String MULTIFRAME_TRUE_COLOR_SC = "1.2.840.10008.5.1.4.1.1.7.4";
    public static final String RADIATION_DOSE_SR = "1.2.840.10008.5.1.4.1.1.88.67";
    public static final String MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4";
    public static final String PATIENT_NAME = "ZEBEDEE^QUENTIN";

    private ContentSamples() {
    }

    /** A CT (ORIGINAL\PRIMARY\AXIAL) with its own SOP Instance UID {@code 1.2.3.77.<n>}. */
    public static DicomObject ct(int n) throws DicomException {
        return kind(n, null, "CT", "ORIGINAL", "PRIMARY", "AXIAL");
    }

    public static DicomObject secondaryCapture(int n) throws DicomException {
        return kind(n, SECONDARY_CAPTURE, "OT", "DERIVED", "SECONDARY");
    }

    public static DicomObject multiFrameSecondaryCapture(int n) throws DicomException {
        DicomObject o = kind(n, MULTIFRAME_TRUE_COLOR_SC, "OT", "DERIVED", "SECONDARY");
        TestInstances.put(o.dataset(), TagFromName.NumberOfFrames, "3");
        return o;
    }

    /** A CT image of a screen: CT SOP class, Image Type DERIVED\SECONDARY\SCREEN SAVE. */
    public static DicomObject screenSave(int n) throws DicomException {
        return kind(n, null, "CT", "DERIVED", "SECONDARY", "SCREEN SAVE");
    }

    /** A dose page as an image: Image Type ORIGINAL\PRIMARY\DOSE REPORT. */
    public static DicomObject doseReportImage(int n) throws DicomException {
        return kind(n, null, "CT", "ORIGINAL", "PRIMARY", "DOSE REPORT");
    }

    public static DicomObject radiationDoseSr(int n) throws DicomException {
        DicomObject o = kind(n, RADIATION_DOSE_SR, "SR");
        o.dataset().remove(TagFromName.ImageType);
        return o;
    }

    public static DicomObject mr(int n) throws DicomException {
        return kind(n, MR_IMAGE, "MR", "ORIGINAL", "PRIMARY");
    }

    private static DicomObject kind(int n, String sopClass, String modality, String... imageType) throws DicomException {
        DicomObject o = TestInstances.ct("PID-" + n, PATIENT_NAME, "1.2.3.77", "1.2.3.77.0", "1.2.3.77." + n);
        AttributeList list = o.dataset();
        if (sopClass != null) {
            TestInstances.put(list, TagFromName.SOPClassUID, sopClass);
        }
        TestInstances.put(list, TagFromName.Modality, modality);
        if (imageType.length > 0) {
            TestInstances.put(list, TagFromName.ImageType, imageType);
        }
        TestInstances.put(list, TagFromName.Manufacturer, "ACME Imaging");
        TestInstances.put(list, TagFromName.ManufacturerModelName, "Scanner 3000");
        TestInstances.put(list, TagFromName.BurnedInAnnotation, "NO");
        return o;
    }
}
