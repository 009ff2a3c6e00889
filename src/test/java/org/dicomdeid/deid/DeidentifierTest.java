package org.dicomdeid.deid;

import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.deid.TestInstances.ct;
import static org.dicomdeid.deid.TestInstances.put;
import static org.dicomdeid.deid.TestInstances.sequence;
import static org.dicomdeid.deid.TestInstances.value;

class DeidentifierTest {
    private static final ProjectSecret SECRET = ProjectSecret.of(new byte[32]);

    private static Deidentifier engine(String... options) throws Exception {
        return new Deidentifier(PolicyLoader.basic(List.of(options)), SECRET);
    }

    @Test
    void uidsAreReplacedConsistentlyAndReferencesFollow() throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.100", "1.2.3.100.1", "1.2.3.100.1.1");
        DicomObject b = ct("P1", "DOE^JANE", "1.2.3.100", "1.2.3.100.1", "1.2.3.100.1.2");
        AttributeList ref = new AttributeList();
        put(ref, TagFromName.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
        put(ref, TagFromName.ReferencedSOPInstanceUID, "1.2.3.100.1.1");
        b.dataset().put(sequence(TagFromName.ReferencedImageSequence, ref));

        Deidentifier engine = engine();
        engine.deidentify(a);
        engine.deidentify(b);

        String newSopA = value(a.dataset(), TagFromName.SOPInstanceUID);
        assertThat(newSopA).startsWith("2.25.").isNotEqualTo("1.2.3.100.1.1");
        assertThat(newSopA.length()).isLessThanOrEqualTo(64);
        assertThat(value(a.dataset(), TagFromName.StudyInstanceUID))
                .isEqualTo(value(b.dataset(), TagFromName.StudyInstanceUID));
        assertThat(value(b.dataset(), TagFromName.SOPInstanceUID)).isNotEqualTo(newSopA);
        AttributeList item = ((SequenceAttribute) b.dataset().get(TagFromName.ReferencedImageSequence))
                .getItem(0).getAttributeList();
        assertThat(value(item, TagFromName.ReferencedSOPInstanceUID)).isEqualTo(newSopA);
        assertThat(value(item, TagFromName.ReferencedSOPClassUID)).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
    }

    @Test
    void sameSecretSamePseudonymAcrossEngines() throws Exception {
        DicomObject a = ct("P7", "ROE^RICHARD", "1.2.3.7", "1.2.3.7.1", "1.2.3.7.1.1");
        DicomObject b = ct("P7", "ROE^RICHARD", "1.2.3.7", "1.2.3.7.1", "1.2.3.7.1.1");
        DicomObject other = ct("P8", "ROE^RICHARD", "1.2.3.8", "1.2.3.8.1", "1.2.3.8.1.1");
        String p1 = engine().deidentify(a).pseudonym();
        String p2 = engine().deidentify(b).pseudonym();
        String p3 = engine().deidentify(other).pseudonym();
        assertThat(p1).isEqualTo(p2).startsWith("ANON-").isNotEqualTo(p3);
        assertThat(value(a.dataset(), TagFromName.PatientID)).isEqualTo(p1);
        assertThat(value(a.dataset(), TagFromName.PatientName)).isEqualTo(p1);
        assertThat(value(a.dataset(), TagFromName.SOPInstanceUID)).isEqualTo(value(b.dataset(), TagFromName.SOPInstanceUID));
        DicomObject c = ct("P7", "ROE^RICHARD", "1.2.3.7", "1.2.3.7.1", "1.2.3.7.1.1");
        new Deidentifier(PolicyLoader.basic(List.of()), ProjectSecret.of(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
                .deidentify(c);
        assertThat(value(c.dataset(), TagFromName.PatientID)).isNotEqualTo(p1);
    }

    @Test
    void basicProfileRemovesIdentifiersAndKeepsImageAttributes() throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        DeidOutcome outcome = engine().deidentify(a);
        AttributeList l = a.dataset();
        assertThat(value(l, TagFromName.InstitutionName)).isEqualTo("ANONYMIZED"); // X/Z/D read as D
        assertThat(l.get(TagFromName.StudyDescription)).isNull();      // X
        assertThat(value(l, TagFromName.DeviceSerialNumber)).isEqualTo("ANONYMIZED");
        assertThat(value(l, TagFromName.PatientBirthDate)).isNull();   // Z: present, empty
        assertThat(l.get(TagFromName.PatientBirthDate)).isNotNull();
        assertThat(value(l, TagFromName.Modality)).isEqualTo("CT");
        assertThat(value(l, TagFromName.SliceThickness)).isEqualTo("2.5");
        assertThat(Attribute.getDelimitedStringValuesOrEmptyString(l, TagFromName.ImagePositionPatient))
                .isEqualTo("-100\\-120.5\\33");
        assertThat(value(l, TagFromName.PatientIdentityRemoved)).isEqualTo("YES");
        assertThat(value(l, TagFromName.LongitudinalTemporalInformationModified)).isEqualTo("REMOVED");
        // the originals hold what was there, for the Encrypted Attributes Sequence
        assertThat(value(outcome.originals(), TagFromName.PatientName)).isEqualTo("DOE^JANE");
        assertThat(value(outcome.originals(), TagFromName.InstitutionName)).isEqualTo("Saint Elsewhere Hospital");
        assertThat(value(outcome.originals(), TagFromName.SOPInstanceUID)).isEqualTo("1.2.3.1.1.1");
        assertThat(outcome.originals().get(TagFromName.Modality)).isNull();
    }

    @Test
    void rulesApplyInsideEverySequenceItem() throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        AttributeList inner = new AttributeList();
        put(inner, TagFromName.PatientName, "HIDDEN^NESTED");
        put(inner, TagFromName.CodeValue, "T-D3000");
        AttributeList code = new AttributeList();
        put(code, TagFromName.CodeMeaning, "Chest");
        code.put(sequence(TagFromName.ProcedureCodeSequence, inner)); // deeper nesting
        a.dataset().put(sequence(TagFromName.AnatomicRegionSequence, code)); // not in the table: kept
        AttributeTag privateCreator = new AttributeTag(0x0029, 0x0010);
        TestInstances.putPrivate(a.dataset(), privateCreator, "LO", "ACME 1.1");
        TestInstances.putPrivate(a.dataset(), new AttributeTag(0x0029, 0x1001), "PN", "PRIVATE^NAME");
        engine().deidentify(a);

        AttributeList item = ((SequenceAttribute) a.dataset().get(TagFromName.AnatomicRegionSequence))
                .getItem(0).getAttributeList();
        assertThat(value(item, TagFromName.CodeMeaning)).isEqualTo("Chest");
        AttributeList deeper = ((SequenceAttribute) item.get(TagFromName.ProcedureCodeSequence))
                .getItem(0).getAttributeList();
        assertThat(value(deeper, TagFromName.PatientName)).isNull();
        assertThat(value(deeper, TagFromName.CodeValue)).isEqualTo("T-D3000");
        assertThat(a.dataset().get(privateCreator)).isNull();
        assertThat(a.dataset().get(new AttributeTag(0x0029, 0x1001))).isNull();
    }

    @Test
    void modifiedDatesShiftEveryDateOfAPatientByTheSameOffset() throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        engine("retain-long-modified-dates").deidentify(a);
        AttributeList l = a.dataset();
        java.time.LocalDate study = java.time.LocalDate.parse(value(l, TagFromName.StudyDate),
                java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        java.time.LocalDate series = java.time.LocalDate.parse(value(l, TagFromName.SeriesDate),
                java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(value(l, TagFromName.StudyDate)).isNotEqualTo("20240310");
        assertThat(java.time.temporal.ChronoUnit.DAYS.between(study, series)).isEqualTo(2);
        assertThat(value(l, TagFromName.AcquisitionDateTime)).endsWith("103000.000000")
                .startsWith(value(l, TagFromName.SeriesDate));
        assertThat(value(l, TagFromName.LongitudinalTemporalInformationModified)).isEqualTo("MODIFIED");
        List<String> codes = codes(l);
        assertThat(codes).contains("113100", "113107");
    }

    @Test
    void optionsKeepOrCleanTheirColumns() throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        put(a.dataset(), TagFromName.ReferringPhysicianName, "MBEKI^THABO");
        engine("retain-device-identity", "retain-institution-identity", "clean-descriptors", "retain-uids",
                "retain-long-full-dates").deidentify(a);
        AttributeList l = a.dataset();
        assertThat(value(l, TagFromName.DeviceSerialNumber)).isEqualTo("SN-778899");
        assertThat(value(l, TagFromName.StationName)).isEqualTo("CTROOM7");
        assertThat(value(l, TagFromName.InstitutionName)).isEqualTo("Saint Elsewhere Hospital");
        assertThat(value(l, TagFromName.SOPInstanceUID)).isEqualTo("1.2.3.1.1.1");
        assertThat(value(l, TagFromName.StudyDate)).isEqualTo("20240310");
        // clean-descriptors: the description stays; a name found elsewhere in the instance and the date go
        assertThat(value(l, TagFromName.StudyDescription)).contains("CT CHEST").doesNotContain("Mbeki")
                .doesNotContain("2024");
        assertThat(codes(l)).contains("113109", "113112", "113105", "113110", "113106");
        assertThat(value(l, TagFromName.LongitudinalTemporalInformationModified)).isEqualTo("UNMODIFIED");
    }

    @Test
    void aLookupTableGivesTrialSubjectIdsAndTheTrialIsRecorded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("subjects.csv"), "originalId,subjectId\nP1,SUBJ-001\n");
        java.nio.file.Files.writeString(dir.resolve("policy.yaml"), """
                pseudonyms:
                  lookup: subjects.csv
                tracking:
                  sponsorName: Example Sponsor
                  protocolId: EX-01
                  siteId: "042"
                  timePointId: BASELINE
                """);
        Deidentifier engine = new Deidentifier(PolicyLoader.load(dir.resolve("policy.yaml"), List.of(), List.of()), SECRET);
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        engine.deidentify(a);
        AttributeList l = a.dataset();
        assertThat(value(l, TagFromName.PatientID)).isEqualTo("SUBJ-001");
        assertThat(value(l, TagFromName.PatientName)).isEqualTo("SUBJ-001");
        assertThat(value(l, TagFromName.ClinicalTrialSubjectID)).isEqualTo("SUBJ-001");
        assertThat(value(l, TagFromName.ClinicalTrialSponsorName)).isEqualTo("Example Sponsor");
        assertThat(value(l, TagFromName.ClinicalTrialProtocolID)).isEqualTo("EX-01");
        assertThat(value(l, TagFromName.ClinicalTrialSiteID)).isEqualTo("042");
        assertThat(value(l, TagFromName.ClinicalTrialTimePointID)).isEqualTo("BASELINE");
        assertThat(l.get(TagFromName.ClinicalTrialProtocolName)).isNotNull(); // type 2: present, empty

        DicomObject unknown = ct("P9", "ROE^RICHARD", "1.2.3.9", "1.2.3.9.1", "1.2.3.9.1.1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.deidentify(unknown))
                .isInstanceOf(QuarantineException.class).hasMessageContaining("lookup table")
                .message().doesNotContain("P9");
    }

    private static List<String> codes(AttributeList l) {
        SequenceAttribute seq = (SequenceAttribute) l.get(TagFromName.DeidentificationMethodCodeSequence);
        String[] out = new String[seq.getNumberOfItems()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(seq.getItem(i).getAttributeList(), TagFromName.CodeValue);
        }
        return Arrays.asList(out);
    }
}
