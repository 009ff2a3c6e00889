package org.dicomdeid.deid;

import org.dicomdeid.dicom.DicomObject;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;

/** Small hand-made instances for engine tests (the canary corpus covers the whole table). */
public final class TestInstances {
    private TestInstances() {
    }

    public static void put(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        for (String v : values) {
            a.addValue(v);
        }
        list.put(a);
    }

    public static void putPrivate(AttributeList list, AttributeTag tag, String vr, String value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag, com.pixelmed.dicom.ValueRepresentation.getValueRepresentationFromString(vr));
        a.addValue(value);
        list.put(a);
    }

    public static DicomObject ct(String patientId, String patientName, String study, String series, String sop)
            throws DicomException {
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
        put(list, TagFromName.SOPInstanceUID, sop);
        put(list, TagFromName.StudyInstanceUID, study);
        put(list, TagFromName.SeriesInstanceUID, series);
        put(list, TagFromName.PatientID, patientId);
        put(list, TagFromName.PatientName, patientName);
        put(list, TagFromName.PatientBirthDate, "19700215");
        put(list, TagFromName.StudyDate, "20240310");
        put(list, TagFromName.SeriesDate, "20240312");
        put(list, TagFromName.StudyTime, "101500");
        put(list, TagFromName.AcquisitionDateTime, "20240312103000.000000");
        put(list, TagFromName.Modality, "CT");
        put(list, TagFromName.SliceThickness, "2.5");
        put(list, TagFromName.Rows, "2");
        put(list, TagFromName.Columns, "2");
        put(list, TagFromName.ImagePositionPatient, "-100", "-120.5", "33");
        put(list, TagFromName.InstitutionName, "Saint Elsewhere Hospital");
        put(list, TagFromName.StudyDescription, "CT CHEST Dr Mbeki 2024-03-10");
        put(list, TagFromName.DeviceSerialNumber, "SN-778899");
        put(list, TagFromName.StationName, "CTROOM7");
        return new DicomObject(list, TransferSyntax.ExplicitVRLittleEndian);
    }

    public static SequenceAttribute sequence(AttributeTag tag, AttributeList... items) {
        SequenceAttribute seq = new SequenceAttribute(tag);
        for (AttributeList item : items) {
            seq.addItem(item);
        }
        return seq;
    }

    public static String value(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrNull(list, tag);
    }
}
