package org.dicomdeid.pipeline;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.deid.IdentifyingValues;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.deid.TestInstances;
import org.dicomdeid.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Folder and file names that carry the patient's identity are replaced; the rest of the layout stays. */
class OutputNamesTest {
    private static final ProjectSecret SECRET = ProjectSecret.of(new byte[32]);

    private static IdentifyingValues values() throws Exception {
        AttributeList l = TestInstances.ct("MRN-004711", "Smith^John", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1").dataset();
        TestInstances.put(l, TagFromName.AccessionNumber, "A7781234");
        return IdentifyingValues.collect(l, PolicyLoader.basic(List.of()));
    }

    @Test
    void identifyingComponentsAreHashedAndTheLayoutStays() throws Exception {
        OutputNames names = new OutputNames(SECRET);
        IdentifyingValues v = values();
        Path a = names.map(Path.of("SMITH_JOHN", "CT_0001.dcm"), v);
        Path b = names.map(Path.of("smith john", "CT_0002.dcm"), v);
        assertThat(a.getNameCount()).isEqualTo(2);
        assertThat(a.getFileName().toString()).isEqualTo("CT_0001.dcm");
        assertThat(a.getName(0).toString()).startsWith("ID-").doesNotContainIgnoringCase("smith");
        assertThat(names.map(Path.of("Smith, John", "x.dcm"), v).getName(0).toString()).startsWith("ID-");
        assertThat(names.map(Path.of("2024", "A7781234.dcm"), v).toString()).matches("2024/ID-[0-9a-f]+\\.dcm");
        assertThat(names.map(Path.of("mrn004711", "1.2.3.1.1.1.dcm"), v).toString())
                .matches("ID-[0-9a-f]+/2\\.25\\.\\d+\\.dcm");
        assertThat(names.map(Path.of("SMITH_JOHN", "CT_0001.dcm"), v)).isEqualTo(a); // stable across calls
        assertThat(b.getName(0)).isNotEqualTo(Path.of("smith john"));
        assertThat(names.map(Path.of("CT", "series1", "img1.dcm"), v)).isEqualTo(Path.of("CT", "series1", "img1.dcm"));
    }
}
