package org.dicomdeid.app;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Synthetic CT instances for benchmarks: 512 x 512, 16 bits allocated, 12 stored, about a
 * hundred attributes as a real scanner writes them (patient, study, series, equipment,
 * acquisition, image, a vendor private block), and a noisy phantom as pixel data. All values
 * are made up from a seed; nothing comes from real data.
 */
final class SyntheticCt {
    static final int SIZE = 512;
    private static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    private static final String[] FAMILY = {"MILLER", "GARCIA", "MUELLER", "ROSSI", "DUBOIS", "NOVAK", "SILVA", "BERG"};
    private static final String[] GIVEN = {"ANNA", "JONAS", "MARIA", "PETER", "LENA", "TOMAS", "SOFIA", "KARL"};
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    /** The instance's place: patient, series within the patient's single study, image within the series. */
    record Position(int patient, int series, int image) {
    }

    private final long seed;
    private final short[] phantom = phantom();

    SyntheticCt(long seed) {
        this.seed = seed;
    }

    AttributeList instance(Position pos) throws DicomException {
        SplittableRandom patientRandom = new SplittableRandom(seed * 1_000_003L + pos.patient());
        AttributeList list = new AttributeList();
        String studyDate = LocalDate.of(2015, 1, 1).plusDays(patientRandom.nextInt(3000)).format(DA);
        String birthDate = LocalDate.of(1930, 1, 1).plusDays(patientRandom.nextInt(25000)).format(DA);
        String studyTime = String.format("%02d%02d%02d", 7 + patientRandom.nextInt(11), patientRandom.nextInt(60),
                patientRandom.nextInt(60));
        String sex = patientRandom.nextBoolean() ? "F" : "M";
        String name = FAMILY[patientRandom.nextInt(FAMILY.length)] + "^" + GIVEN[patientRandom.nextInt(GIVEN.length)];
        double slice = 2.5;

        put(list, "SpecificCharacterSet", "ISO_IR 100");
        put(list, "ImageType", "ORIGINAL", "PRIMARY", "AXIAL");
        put(list, "InstanceCreationDate", studyDate);
        put(list, "InstanceCreationTime", studyTime);
        put(list, "SOPClassUID", CT_IMAGE_STORAGE);
        put(list, "SOPInstanceUID", uid("image", pos.patient(), pos.series(), pos.image()));
        for (String k : new String[] {"StudyDate", "SeriesDate", "AcquisitionDate", "ContentDate"}) {
            put(list, k, studyDate);
        }
        for (String k : new String[] {"StudyTime", "SeriesTime", "AcquisitionTime", "ContentTime"}) {
            put(list, k, studyTime);
        }
        put(list, "AccessionNumber", String.format("A%08d", patientRandom.nextInt(100_000_000)));
        put(list, "Modality", "CT");
        put(list, "Manufacturer", "SYNTHETIC MEDICAL");
        put(list, "InstitutionName", "General Hospital " + (pos.patient() % 7));
        put(list, "InstitutionAddress", (10 + pos.patient() % 90) + " Main Street, Springfield");
        put(list, "ReferringPhysicianName", FAMILY[pos.patient() % FAMILY.length] + "^" + GIVEN[(pos.patient() + 3) % GIVEN.length]);
        put(list, "StationName", "CT0" + (pos.patient() % 4 + 1));
        put(list, "StudyDescription", "CT CHEST ABDOMEN");
        put(list, "SeriesDescription", pos.series() == 0 ? "AXIAL 2.5 SOFT" : "AXIAL 2.5 LUNG");
        put(list, "InstitutionalDepartmentName", "RADIOLOGY");
        put(list, "PerformingPhysicianName", FAMILY[(pos.patient() + 5) % FAMILY.length] + "^" + GIVEN[pos.patient() % GIVEN.length]);
        put(list, "OperatorsName", "TECH^" + GIVEN[(pos.patient() + 1) % GIVEN.length]);
        put(list, "ManufacturerModelName", "SYNTH CT 64");
        put(list, "PatientName", name);
        put(list, "PatientID", String.format("P%07d", 1000 + pos.patient()));
        put(list, "IssuerOfPatientID", "SPRINGFIELD GH");
        put(list, "PatientBirthDate", birthDate);
        put(list, "PatientSex", sex);
        put(list, "PatientAge", String.format("%03dY", Integer.parseInt(studyDate.substring(0, 4))
                - Integer.parseInt(birthDate.substring(0, 4))));
        put(list, "PatientSize", "1.72");
        put(list, "PatientWeight", "74");
        put(list, "AdditionalPatientHistory", "follow-up, known nodule");
        put(list, "BodyPartExamined", "CHEST");
        put(list, "ScanOptions", "HELICAL MODE");
        put(list, "SliceThickness", Double.toString(slice));
        put(list, "KVP", "120");
        put(list, "DataCollectionDiameter", "500");
        put(list, "DeviceSerialNumber", "SN" + (40000 + pos.patient() % 4));
        put(list, "SoftwareVersions", "VA40");
        put(list, "ProtocolName", "CHEST_ABD_ROUTINE");
        put(list, "ReconstructionDiameter", "360");
        put(list, "DistanceSourceToDetector", "1085.6");
        put(list, "DistanceSourceToPatient", "595");
        put(list, "GantryDetectorTilt", "0");
        put(list, "TableHeight", "160");
        put(list, "RotationDirection", "CW");
        put(list, "ExposureTime", "500");
        put(list, "XRayTubeCurrent", Integer.toString(150 + pos.image() % 100));
        put(list, "Exposure", "75");
        put(list, "FilterType", "BODY");
        put(list, "GeneratorPower", "18");
        put(list, "FocalSpots", "1.2");
        put(list, "ConvolutionKernel", pos.series() == 0 ? "B30f" : "B70f");
        put(list, "PatientPosition", "FFS");
        put(list, "RevolutionTime", "0.5");
        put(list, "SingleCollimationWidth", "0.6");
        put(list, "TotalCollimationWidth", "38.4");
        put(list, "SpiralPitchFactor", "1.2");
        put(list, "StudyInstanceUID", uid("study", pos.patient(), 0, 0));
        put(list, "SeriesInstanceUID", uid("series", pos.patient(), pos.series(), 0));
        put(list, "StudyID", Integer.toString(1 + pos.patient()));
        put(list, "SeriesNumber", Integer.toString(1 + pos.series()));
        put(list, "AcquisitionNumber", "1");
        put(list, "InstanceNumber", Integer.toString(1 + pos.image()));
        double z = -pos.image() * slice;
        put(list, "ImagePositionPatient", "-180", "-180", Double.toString(z));
        put(list, "ImageOrientationPatient", "1", "0", "0", "0", "1", "0");
        put(list, "FrameOfReferenceUID", uid("frame", pos.patient(), 0, 0));
        put(list, "PositionReferenceIndicator", "");
        put(list, "SliceLocation", Double.toString(z));
        put(list, "SamplesPerPixel", "1");
        put(list, "PhotometricInterpretation", "MONOCHROME2");
        put(list, "Rows", Integer.toString(SIZE));
        put(list, "Columns", Integer.toString(SIZE));
        put(list, "PixelSpacing", "0.703125", "0.703125");
        put(list, "BitsAllocated", "16");
        put(list, "BitsStored", "12");
        put(list, "HighBit", "11");
        put(list, "PixelRepresentation", "0");
        put(list, "WindowCenter", pos.series() == 0 ? "40" : "-600");
        put(list, "WindowWidth", pos.series() == 0 ? "400" : "1200");
        put(list, "RescaleIntercept", "-1024");
        put(list, "RescaleSlope", "1");
        put(list, "RescaleType", "HU");
        put(list, "RequestingPhysician", FAMILY[(pos.patient() + 2) % FAMILY.length] + "^" + GIVEN[(pos.patient() + 6) % GIVEN.length]);
        put(list, "RequestedProcedureDescription", "CT CHEST ABDOMEN WITH CONTRAST");
        put(list, "PerformedProcedureStepStartDate", studyDate);
        put(list, "PerformedProcedureStepStartTime", studyTime);
        put(list, "PerformedProcedureStepID", "PPS" + (5000 + pos.patient()));
        put(list, "PerformedProcedureStepDescription", "CT CHEST ABDOMEN");
        put(list, "CommentsOnThePerformedProcedureStep", "contrast given, no reaction");
        list.put(sequence("ProcedureCodeSequence", item("CodeValue", "ZZ0042", "CodingSchemeDesignator", "99LOCAL",
                "CodeMeaning", "CT CHEST ABDOMEN")));
        list.put(sequence("RequestAttributesSequence", item("RequestedProcedureID", "RP" + (7000 + pos.patient()),
                "ScheduledProcedureStepID", "SPS" + (7000 + pos.patient()))));
        if (pos.image() > 0) {
            list.put(sequence("ReferencedImageSequence", item("ReferencedSOPClassUID", CT_IMAGE_STORAGE,
                    "ReferencedSOPInstanceUID", uid("image", pos.patient(), pos.series(), pos.image() - 1))));
        }
        addPrivateBlock(list, pos);
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(noisy(new SplittableRandom(seed ^ (pos.patient() * 31L + pos.series()) * 7919L + pos.image())));
        list.put(pixels);
        return list;
    }

    /** A vendor block as scanners write them: some harmless, some identifying. */
    private static void addPrivateBlock(AttributeList list, Position pos) throws DicomException {
        putPrivate(list, 0x0010, "LO", "SYNTHETIC CT HEADER");
        putPrivate(list, 0x1001, "LO", "CHEST_ABD_ROUTINE");
        putPrivate(list, 0x1002, "DS", "0.5");
        putPrivate(list, 0x1003, "SH", "OPERATOR " + (pos.patient() % 5));
        putPrivate(list, 0x1004, "US", Integer.toString(pos.image()));
    }

    private static void putPrivate(AttributeList list, int element, String vr, String value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(new AttributeTag(0x0019, element), vr.getBytes());
        a.addValue(value);
        list.put(a);
    }

    private String uid(String kind, int a, int b, int c) {
        // 2.25 + a number derived from the seed: unique per (kind, a, b, c), stable across runs
        long hi = new SplittableRandom(seed * 31 + kind.hashCode()).split().nextLong() ^ ((long) a << 40) ^ ((long) b << 20) ^ c;
        long lo = new SplittableRandom(hi ^ kind.hashCode() ^ ((long) a << 32 | b << 16 | c)).nextLong();
        BigInteger value = new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(hi).putLong(lo).array());
        return "2.25." + value;
    }

    private static void put(AttributeList list, String keyword, String... values) throws DicomException {
        AttributeTag tag = DicomDictionary.StandardDictionary.getTagFromName(keyword);
        if (tag == null) {
            throw new IllegalStateException("not in PixelMed's dictionary: " + keyword);
        }
        Attribute a = AttributeFactory.newAttribute(tag);
        for (String v : values) {
            if (!v.isEmpty()) {
                a.addValue(v);
            }
        }
        list.put(a);
    }

    private static AttributeList item(String... keywordsAndValues) throws DicomException {
        AttributeList item = new AttributeList();
        for (int i = 0; i < keywordsAndValues.length; i += 2) {
            put(item, keywordsAndValues[i], keywordsAndValues[i + 1]);
        }
        return item;
    }

    private static SequenceAttribute sequence(String keyword, AttributeList item) {
        SequenceAttribute sq = new SequenceAttribute(DicomDictionary.StandardDictionary.getTagFromName(keyword));
        sq.addItem(item);
        return sq;
    }

    /** A body-shaped ellipse of soft tissue with a spine and two lungs, in stored values (HU + 1024). */
    private static short[] phantom() {
        short[] p = new short[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double bx = (x - 256) / 220.0;
                double by = (y - 270) / 160.0;
                int hu = -1000;
                if (bx * bx + by * by < 1) {
                    hu = 40;
                    double lx = (Math.abs(x - 256) - 95) / 70.0;
                    double ly = (y - 250) / 100.0;
                    if (lx * lx + ly * ly < 1) {
                        hu = -850;
                    }
                    double sx = (x - 256) / 25.0;
                    double sy = (y - 370) / 25.0;
                    if (sx * sx + sy * sy < 1) {
                        hu = 700;
                    }
                }
                p[y * SIZE + x] = (short) (hu + 1024);
            }
        }
        return p;
    }

    private short[] noisy(SplittableRandom random) {
        short[] out = new short[phantom.length];
        for (int i = 0; i < out.length; i++) {
            int v = phantom[i] + random.nextInt(41) - 20;
            out[i] = (short) Math.max(0, Math.min(4095, v));
        }
        return out;
    }
}
