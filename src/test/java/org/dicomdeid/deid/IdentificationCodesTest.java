package org.dicomdeid.deid;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.policy.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.deid.TestInstances.ct;
import static org.dicomdeid.deid.TestInstances.put;
import static org.dicomdeid.deid.TestInstances.sequence;
import static org.dicomdeid.deid.TestInstances.value;

/**
 * Codes are kept where they name a concept, dummied where they are the identifier: inside
 * sequences the profile dummies (D), and wherever a code value is one of the instance's
 * identifying values. Group 0002 inside items goes.
 */
class IdentificationCodesTest {
    private static final ProjectSecret SECRET = ProjectSecret.of(new byte[32]);

    private static Deidentifier engine(String... options) throws Exception {
        return new Deidentifier(PolicyLoader.basic(List.of(options)), SECRET);
    }

    private static AttributeList code(String value, String scheme, String meaning) throws Exception {
        AttributeList item = new AttributeList();
        put(item, TagFromName.CodeValue, value);
        put(item, TagFromName.CodingSchemeDesignator, scheme);
        put(item, TagFromName.CodeMeaning, meaning);
        return item;
    }

    private static AttributeList item(AttributeList list, AttributeTag... path) {
        AttributeList l = list;
        for (AttributeTag t : path) {
            l = ((SequenceAttribute) l.get(t)).getItem(0).getAttributeList();
        }
        return l;
    }

    private static void assertDummyCode(AttributeList code) {
        assertThat(value(code, TagFromName.CodeValue)).isEqualTo("DEID");
        assertThat(value(code, TagFromName.CodingSchemeDesignator)).isEqualTo("99DEID");
        assertThat(value(code, TagFromName.CodeMeaning)).isEqualTo("de-identified");
        assertThat(code.get(TagFromName.CodingSchemeVersion)).isNull();
    }

    /** Person Identification Code Sequence (D) inside each person identification sequence: the staff number goes. */
    @ParameterizedTest
    @ValueSource(strings = {"OperatorIdentificationSequence", "RequestingPhysicianIdentificationSequence",
            "PhysiciansReadingStudyIdentificationSequence", "PerformingPhysicianIdentificationSequence"})
    void staffNumbersInPersonIdentificationCodesAreDummied(String keyword) throws Exception {
        AttributeTag outer = org.dicomdeid.policy.StandardDictionary.get().byKeyword(keyword).orElseThrow().exactTag();
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        AttributeList person = new AttributeList();
        AttributeList staff = code("STAFF-778812", "99HOSPITAL", "Staff number");
        put(staff, TagFromName.CodingSchemeVersion, "2019");
        person.put(sequence(TagFromName.PersonIdentificationCodeSequence, staff));
        a.dataset().put(sequence(outer, person));
        engine().deidentify(a);
        SequenceAttribute seq = (SequenceAttribute) a.dataset().get(outer);
        if (seq != null && seq.getNumberOfItems() > 0
                && item(a.dataset(), outer).get(TagFromName.PersonIdentificationCodeSequence) != null) {
            assertDummyCode(item(a.dataset(), outer, TagFromName.PersonIdentificationCodeSequence));
        }
        assertThat(a.dataset().toString()).doesNotContain("778812").doesNotContain("99HOSPITAL");
    }

    @Test
    void institutionCodeIsDummiedAndStructureStays() throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        a.dataset().put(sequence(TagFromName.InstitutionCodeSequence, code("INST-0042", "99REGION", "Saint Elsewhere")));
        engine().deidentify(a);
        SequenceAttribute seq = (SequenceAttribute) a.dataset().get(TagFromName.InstitutionCodeSequence);
        assertThat(seq.getNumberOfItems()).isEqualTo(1);
        assertDummyCode(item(a.dataset(), TagFromName.InstitutionCodeSequence));
        // retain-institution-identity keeps it as it was
        DicomObject b = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        b.dataset().put(sequence(TagFromName.InstitutionCodeSequence, code("INST-0042", "99REGION", "Saint Elsewhere")));
        engine("retain-institution-identity").deidentify(b);
        assertThat(value(item(b.dataset(), TagFromName.InstitutionCodeSequence), TagFromName.CodeValue))
                .isEqualTo("INST-0042");
    }

    /** SR: the Content Sequence is D in the basic profile: every code in the tree is dummied, value types stay. */
    @Test
    void srContentTreeCodesAreDummiedUnderTheBasicProfile() throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        put(a.dataset(), TagFromName.AccessionNumber, "ACC99123");
        AttributeList codeItem = new AttributeList();
        put(codeItem, TagFromName.RelationshipType, "CONTAINS");
        put(codeItem, TagFromName.ValueType, "CODE");
        codeItem.put(sequence(TagFromName.ConceptNameCodeSequence, code("121022", "DCM", "Accession Number")));
        codeItem.put(sequence(TagFromName.ConceptCodeSequence, code("ACC99123", "99LOCAL", "local order")));
        a.dataset().put(sequence(TagFromName.ContentSequence, codeItem));
        engine().deidentify(a);
        AttributeList out = item(a.dataset(), TagFromName.ContentSequence);
        assertThat(value(out, TagFromName.ValueType)).isEqualTo("CODE");
        assertThat(value(out, TagFromName.RelationshipType)).isEqualTo("CONTAINS");
        assertDummyCode(item(out, TagFromName.ConceptCodeSequence));
        assertDummyCode(item(out, TagFromName.ConceptNameCodeSequence));
    }

    /** With clean-structured-content the tree is cleaned: codes stay, except a code that is an identifier. */
    @Test
    void srCodeHoldingTheAccessionIsDummiedWhenTheTreeIsCleaned() throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        put(a.dataset(), TagFromName.AccessionNumber, "ACC99123");
        AttributeList codeItem = new AttributeList();
        put(codeItem, TagFromName.ValueType, "CODE");
        codeItem.put(sequence(TagFromName.ConceptNameCodeSequence, code("121022", "DCM", "Accession Number")));
        codeItem.put(sequence(TagFromName.ConceptCodeSequence, code("acc-99123", "99LOCAL", "local order")));
        a.dataset().put(sequence(TagFromName.ContentSequence, codeItem));
        engine("clean-structured-content").deidentify(a);
        AttributeList out = item(a.dataset(), TagFromName.ContentSequence);
        assertThat(value(item(out, TagFromName.ConceptNameCodeSequence), TagFromName.CodeValue)).isEqualTo("121022");
        assertDummyCode(item(out, TagFromName.ConceptCodeSequence));
    }

    /** Outside any rule (a kept sequence), a code naming a concept stays and one holding the patient ID goes. */
    @Test
    void codesInKeptSequencesStayUnlessTheyIdentify() throws Exception {
        DicomObject a = ct("P12345", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        a.dataset().put(sequence(TagFromName.AnatomicRegionSequence, code("T-D3000", "SRT", "Chest")));
        a.dataset().put(sequence(TagFromName.ProcedureCodeSequence, code("P12345", "99LOCAL", "CT chest")));
        engine().deidentify(a);
        AttributeList anatomy = item(a.dataset(), TagFromName.AnatomicRegionSequence);
        assertThat(value(anatomy, TagFromName.CodeValue)).isEqualTo("T-D3000");
        assertThat(value(anatomy, TagFromName.CodeMeaning)).isEqualTo("Chest");
        assertDummyCode(item(a.dataset(), TagFromName.ProcedureCodeSequence));
    }

    @Test
    void group0002InsideAnItemGoesAtEveryDepth() throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        AttributeList deeper = new AttributeList();
        put(deeper, TagFromName.MediaStorageSOPInstanceUID, "1.2.3.1.1.1");
        put(deeper, TagFromName.SourceApplicationEntityTitle, "HOSPITAL_AE7");
        put(deeper, TagFromName.CodeMeaning, "Chest");
        AttributeList outer = new AttributeList();
        put(outer, TagFromName.SourceApplicationEntityTitle, "HOSPITAL_AE7");
        outer.put(sequence(TagFromName.ProcedureCodeSequence, deeper));
        a.dataset().put(sequence(TagFromName.AnatomicRegionSequence, outer));
        put(a.dataset(), TagFromName.TransferSyntaxUID, "1.2.840.10008.1.2.1"); // top level: left to the writer
        engine().deidentify(a);
        AttributeList o = item(a.dataset(), TagFromName.AnatomicRegionSequence);
        assertThat(o.get(TagFromName.SourceApplicationEntityTitle)).isNull();
        AttributeList d = item(o, TagFromName.ProcedureCodeSequence);
        assertThat(d.get(TagFromName.MediaStorageSOPInstanceUID)).isNull();
        assertThat(d.get(TagFromName.SourceApplicationEntityTitle)).isNull();
        assertThat(value(d, TagFromName.CodeMeaning)).isEqualTo("Chest");
        assertThat(value(a.dataset(), TagFromName.TransferSyntaxUID)).isEqualTo("1.2.840.10008.1.2.1");
    }
}
