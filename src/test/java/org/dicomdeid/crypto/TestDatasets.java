package org.dicomdeid.crypto;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UIDGenerator;
import org.dicomdeid.dicom.DicomObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Small, complete instances built with PixelMed for the crypto tests, and a minimal stand-in
 * for the engine's side of the contract (what it changes, and what it records as originals).
 */
public final class TestDatasets {
    static final AttributeTag PRIVATE_CREATOR = new AttributeTag(0x0029, 0x0010);
    static final AttributeTag PRIVATE_VALUE = new AttributeTag(0x0029, 0x1001);
    private static final SpecificCharacterSet UTF8 = new SpecificCharacterSet(new String[] {"ISO_IR 192"});

    private TestDatasets() {
    }

    /** A secondary capture image with PHI in names, IDs, dates, UIDs, a sequence and a private tag. */
    public static DicomObject original() throws DicomException {
        AttributeList list = new AttributeList();
        UIDGenerator uids = new UIDGenerator();
        put(list, TagFromName.SpecificCharacterSet, "ISO_IR 192");
        put(list, TagFromName.SOPClassUID, SOPClass.SecondaryCaptureImageStorage);
        put(list, TagFromName.SOPInstanceUID, uids.getAnotherNewUID());
        put(list, TagFromName.StudyInstanceUID, uids.getAnotherNewUID());
        put(list, TagFromName.SeriesInstanceUID, uids.getAnotherNewUID());
        put(list, TagFromName.PatientName, "Müller^Jörg");
        put(list, TagFromName.PatientID, "PID-4711");
        put(list, TagFromName.PatientBirthDate, "19610203");
        put(list, TagFromName.PatientSex, "M");
        put(list, TagFromName.StudyDate, "20240115");
        put(list, TagFromName.StudyTime, "101500");
        put(list, TagFromName.AccessionNumber, "ACC998877");
        put(list, TagFromName.StudyID, "S1");
        put(list, TagFromName.SeriesNumber, "1");
        put(list, TagFromName.InstanceNumber, "1");
        put(list, TagFromName.Modality, "OT");
        put(list, TagFromName.ConversionType, "WSD");
        put(list, TagFromName.InstitutionName, "St. Elsewhere Hospital");
        list.put(otherPatientIds("ALT-1", "ALT-2"));
        LongStringAttribute creator = new LongStringAttribute(PRIVATE_CREATOR);
        creator.addValue("ACME PRIVATE");
        list.put(creator);
        LongStringAttribute privateValue = new LongStringAttribute(PRIVATE_VALUE, UTF8);
        privateValue.addValue("patient's room 12");
        list.put(privateValue);
        addPixels(list);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "TEST");
        return new DicomObject(list, TransferSyntax.ExplicitVRLittleEndian);
    }

    private static SequenceAttribute otherPatientIds(String... ids) throws DicomException {
        SequenceAttribute seq = new SequenceAttribute(TagFromName.OtherPatientIDsSequence);
        for (String id : ids) {
            AttributeList item = new AttributeList();
            put(item, TagFromName.PatientID, id);
            put(item, TagFromName.TypeOfPatientID, "TEXT");
            seq.addItem(item);
        }
        return seq;
    }

    private static void addPixels(AttributeList list) throws DicomException {
        put(list, TagFromName.SamplesPerPixel, "1");
        put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(list, TagFromName.Rows, "4");
        put(list, TagFromName.Columns, "4");
        put(list, TagFromName.BitsAllocated, "16");
        put(list, TagFromName.BitsStored, "12");
        put(list, TagFromName.HighBit, "11");
        put(list, TagFromName.PixelRepresentation, "0");
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        short[] values = new short[16];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) (i * 100);
        }
        pixels.setValues(values);
        list.put(pixels);
    }

    public static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute a = list.putNewAttribute(tag, UTF8);
        a.addValue(value);
    }

    /**
     * Plays the engine: replaces identifying values, removes the private tag and the birth
     * date, adds the de-identification attributes, and returns the originals it overwrote,
     * following the engine's contract.
     */
    public static AttributeList deidentify(DicomObject object) throws DicomException {
        AttributeList list = object.dataset();
        AttributeList originals = new AttributeList();
        AttributeTag[] touched = {TagFromName.PatientName, TagFromName.PatientID, TagFromName.PatientBirthDate,
            TagFromName.StudyDate, TagFromName.AccessionNumber, TagFromName.InstitutionName,
            TagFromName.SOPInstanceUID, TagFromName.StudyInstanceUID, TagFromName.SeriesInstanceUID,
            TagFromName.OtherPatientIDsSequence, PRIVATE_CREATOR, PRIVATE_VALUE};
        for (AttributeTag tag : touched) {
            originals.put(list.get(tag));
        }
        UIDGenerator uids = new UIDGenerator();
        put(list, TagFromName.PatientName, "ANON^0001");
        put(list, TagFromName.PatientID, "ANON0001");
        list.remove(TagFromName.PatientBirthDate);
        put(list, TagFromName.StudyDate, "20000101");
        put(list, TagFromName.AccessionNumber, "");
        list.remove(TagFromName.InstitutionName);
        put(list, TagFromName.SOPInstanceUID, uids.getAnotherNewUID());
        put(list, TagFromName.StudyInstanceUID, uids.getAnotherNewUID());
        put(list, TagFromName.SeriesInstanceUID, uids.getAnotherNewUID());
        list.put(otherPatientIds("X"));
        list.remove(PRIVATE_CREATOR);
        list.remove(PRIVATE_VALUE);
        put(list, TagFromName.PatientIdentityRemoved, "YES");
        put(list, TagFromName.DeidentificationMethod, "test profile");
        put(list, TagFromName.LongitudinalTemporalInformationModified, "MODIFIED");
        list.replace(TagFromName.MediaStorageSOPInstanceUID,
                Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID));
        return originals;
    }

    /** The data set (no file meta) as Explicit VR Little Endian bytes: equal bytes, equal data sets. */
    public static byte[] encodeDataSet(AttributeList list) throws DicomException, IOException {
        AttributeList copy = new AttributeList();
        for (Attribute a : list.values()) {
            if (a.getTag().getGroup() != 0x0002) {
                copy.put(a);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomOutputStream dout = new DicomOutputStream(out, null, TransferSyntax.ExplicitVRLittleEndian);
        copy.write(dout);
        dout.flush();
        return out.toByteArray();
    }
}
