package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.policy.PolicyLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.deid.TestInstances.ct;
import static org.dicomdeid.deid.TestInstances.put;

/** Cleaned text is written back in the instance's own character set: read again, it is the same text. */
class CharacterSetsTest {
    private static final ProjectSecret SECRET = ProjectSecret.of(new byte[32]);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ISO 2022 IR 87|山田^太郎|頭部CT 山田太郎 造影なし 1949年4月25日|頭部CT 造影なし",
            "ISO 2022 IR 149|김^민준|두부 CT 김민준 조영 없음|두부 CT 조영 없음",
            "ISO_IR 100|MÜLLER^JÜRGEN|Schädel CT Müller ohne KM|Schädel CT ohne KM",
            "ISO_IR 192|Ελληνικά^Νίκος|CT κεφαλής Νίκος|CT κεφαλής",
            "ISO_IR 144|Иванов^Иван|КТ головы Иванов|КТ головы"})
    void cleanedTextComesBackInItsCharacterSet(String charset, String name, String description, String expected)
            throws Exception {
        DicomObject a = ct("P1", name, "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        AttributeList l = a.dataset();
        String[] terms = charset.startsWith("ISO 2022") ? new String[] {"", charset} : new String[] {charset};
        put(l, TagFromName.SpecificCharacterSet, terms);
        // re-create the text attributes under this character set, as a reader would
        AttributeList reread = DicomFiles.read(DicomFiles.encode(withText(a, name, description))).dataset();
        DicomObject object = new DicomObject(reread, a.transferSyntaxUID());
        new Deidentifier(PolicyLoader.basic(List.of("clean-descriptors")), SECRET).deidentify(object);
        AttributeList out = DicomFiles.read(DicomFiles.encode(object)).dataset();
        assertThat(Attribute.getSingleStringValueOrNull(out, TagFromName.StudyDescription)).isEqualTo(expected);
    }

    private static DicomObject withText(DicomObject a, String name, String description) throws Exception {
        AttributeList l = a.dataset();
        com.pixelmed.dicom.SpecificCharacterSet cs = Iso2022CharacterSet.of(
                Attribute.getStringValues(l, TagFromName.SpecificCharacterSet));
        l.put(Values.string(TagFromName.PatientName, Values.effectiveVR(l.get(TagFromName.PatientName)), cs, name));
        l.put(Values.string(TagFromName.StudyDescription, Values.effectiveVR(l.get(TagFromName.StudyDescription)), cs,
                description));
        return a;
    }
}
