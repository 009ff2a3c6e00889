package org.dicomdeid.app;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.testing.Dcmdump;
import org.dicomdeid.testing.TestDicom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
@Tag("peers")
class SynthCommandTest {
    @Test
    void writesRealisticCtFilesSpreadOverPatients(@TempDir Path dir) throws Exception {
        assertThat(Main.execute("synth", "--count", "5", "--patients", "2", "--out", dir.toString())).isZero();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).extracting(f -> dir.relativize(f).toString()).containsExactly(
                "patient-0001/series-1/image-00001.dcm", "patient-0001/series-1/image-00002.dcm",
                "patient-0001/series-2/image-00001.dcm", "patient-0002/series-1/image-00001.dcm",
                "patient-0002/series-2/image-00001.dcm");
        Set<String> patients = new HashSet<>();
        Set<String> uids = new HashSet<>();
        for (Path f : files) {
            AttributeList list = TestDicom.read(f);
            assertThat(list.size()).isBetween(95, 130);
            assertThat(Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0)).isEqualTo(512);
            assertThat(list.get(TagFromName.PixelData).getVL()).isEqualTo(512L * 512 * 2);
            patients.add(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientID));
            uids.add(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID));
            if (Dcmdump.isInstalled()) {
                assertThat(Dcmdump.isReadable(f)).as(f.toString()).isTrue();
            }
        }
        assertThat(patients).hasSize(2);
        assertThat(uids).hasSize(5).allMatch(u -> u.startsWith("2.25."));
        AttributeList second = TestDicom.read(files.get(1));
        assertThat(Attribute.getSingleStringValueOrEmptyString(second, TagFromName.ReferencedSOPInstanceUID))
                .as("references its neighbour").isEmpty(); // nested, not top-level
        assertThat(Attribute.getSingleStringValueOrEmptyString(TestDicom.read(files.get(0)), TagFromName.SOPInstanceUID))
                .isEqualTo(org.dicomdeid.testing.Locations.stringAt(second, "(0008,1140)[0]/(0008,1155)"));
    }

    @Test
    void rejectsImpossibleCounts(@TempDir Path dir) {
        assertThat(Main.execute("synth", "--count", "0", "--out", dir.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.execute("synth", "--count", "2", "--patients", "3", "--out", dir.toString()))
                .isEqualTo(Main.EXIT_USAGE);
    }
}
