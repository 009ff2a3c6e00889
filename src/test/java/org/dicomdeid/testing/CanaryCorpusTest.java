package org.dicomdeid.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves the canary corpus is what it claims, so leak tests built on it can fail. */
@Tag("peers")
class CanaryCorpusTest {
    @TempDir
    static Path dir;
    static CanaryCorpus corpus;
    static Map<String, AttributeList> read = new HashMap<>();

    @BeforeAll
    static void writeCorpus() throws Exception {
        corpus = CanaryCorpus.write(dir.resolve("corpus"));
        for (Path f : corpus.files()) {
            read.put(corpus.relative(f), TestDicom.read(f));
        }
    }

    @Test
    void hasSixteenFilesReadableByPixelMedAndDcmdump() throws Exception {
        assertThat(corpus.files()).hasSize(16);
        for (Path f : corpus.files()) {
            assertThat(TestDicom.isCompositeInstance(f)).as(f.toString()).isTrue();
            if (Dcmdump.isInstalled()) {
                assertThat(Dcmdump.isReadable(f)).as("dcmdump " + f).isTrue();
            }
        }
    }

    @Test
    void everyConcreteRowOfTheTableIsInEveryFile() throws Exception {
        List<ProfileTable.Row> rows = ProfileTable.get().concreteRows();
        assertThat(rows).hasSizeGreaterThan(600);
        for (AttributeList list : read.values()) {
            for (ProfileTable.Row row : rows) {
                AttributeTag tag = row.concreteTag().orElseThrow();
                assertThat(list.get(tag)).as(row.name() + " " + row.tag()).isNotNull();
                assertThat(list.get(tag).getVL()).as(row.name() + " has a value").isPositive();
            }
        }
    }

    @Test
    void patternRowsAreFilledByConcreteTags() throws Exception {
        assertThat(ProfileTable.get().patternRows()).extracting(ProfileTable.Row::tag)
                .containsExactlyInAnyOrder("(50XX,XXXX)", "(60XX,3000)", "(60XX,4000)", "(GGGG,EEEE) WHERE GGGG IS ODD");
        for (AttributeList list : read.values()) {
            for (int group : new int[] {0x5000, 0x5002}) {
                assertThat(list.get(new AttributeTag(group, 0x3000))).isNotNull();
                assertThat(list.get(new AttributeTag(group, 0x0022)).getSingleStringValueOrEmptyString()).startsWith("CNRY");
            }
            for (int group : new int[] {0x6000, 0x6002}) {
                assertThat(new String(list.get(new AttributeTag(group, 0x3000)).getByteValues(false),
                        StandardCharsets.US_ASCII)).contains("CNRY");
                assertThat(list.get(new AttributeTag(group, 0x4000)).getSingleStringValueOrEmptyString()).startsWith("CNRY");
            }
            assertThat(list.get(new AttributeTag(0x0009, 0x0010)).getSingleStringValueOrEmptyString()).isEqualTo("ACME 1.1");
            assertThat(list.get(new AttributeTag(0x0009, 0x1010))).isInstanceOf(com.pixelmed.dicom.SequenceAttribute.class);
        }
    }

    @Test
    void everyPlantingIsWhereItIsRecorded() throws Exception {
        assertThat(corpus.plantings()).hasSizeGreaterThan(16 * 700);
        for (Planting p : corpus.plantings()) {
            Attribute a = Locations.find(read.get(p.file()), p.location());
            assertThat(a).as(p.toString()).isNotNull();
            String value = a.getVR()[0] == 'O' || a.getVR()[0] == 'U' && a.getVR()[1] == 'N'
                    ? new String(a.getByteValues(false), StandardCharsets.US_ASCII)
                    : a.getDelimitedStringValuesOrEmptyString();
            assertThat(value).as(p.toString()).contains(p.canary());
        }
    }

    @Test
    void canariesAreUniqueExceptWherePatientStudyOrSeriesShareThem() throws Exception {
        Map<String, Set<String>> locationsByCanary = new HashMap<>();
        for (Planting p : corpus.plantings()) {
            locationsByCanary.computeIfAbsent(p.canary() + "|" + p.file(), k -> new HashSet<>()).add(p.location());
        }
        // within one file a canary sits at one place, except the deliberate copies
        Set<String> allowedCopies = Set.of("(0010,0010)", "(0010,0020)", "(0008,0018)", "(0020,000E)", "(0008,1155)");
        locationsByCanary.forEach((key, locations) -> {
            if (locations.size() > 1) {
                assertThat(locations).as(key).anyMatch(l -> allowedCopies.stream().anyMatch(l::endsWith));
            }
        });
        CanaryCorpus.InstanceId a = new CanaryCorpus.InstanceId(0, 0, 0, 0);
        CanaryCorpus.InstanceId b = new CanaryCorpus.InstanceId(1, 0, 0, 0);
        assertThat(value(a, "(0010,0010)")).isNotEqualTo(value(b, "(0010,0010)"));
        assertThat(value(a, "(0010,0010)")).isEqualTo(value(new CanaryCorpus.InstanceId(0, 1, 1, 1), "(0010,0010)"));
        assertThat(value(a, "(0008,0080)")).isNotEqualTo(value(new CanaryCorpus.InstanceId(0, 1, 0, 0), "(0008,0080)"));
        assertThat(value(a, "(0008,1030)")).isEqualTo(value(new CanaryCorpus.InstanceId(0, 0, 1, 1), "(0008,1030)"));
    }

    @Test
    void identifyingItemsSitInsideKeptSequencesThatTheTableDoesNotName() throws Exception {
        ProfileTable table = ProfileTable.get();
        for (AttributeTag kept : List.of(TagFromName.ProcedureCodeSequence, TagFromName.AnatomicRegionSequence,
                TagFromName.ReferencedSeriesSequence)) {
            assertThat(table.contains(kept)).as(kept.toString()).isFalse();
        }
        AttributeList list = read.get("p0/st0/se0/im0.dcm");
        assertThat(Locations.stringAt(list, "(0008,1032)[0]/(0040,A123)")).matches("CNRY\\w{6}\\^CNRY\\w{6}");
        assertThat(Locations.stringAt(list, "(0008,2218)[0]/(0010,0020)"))
                .isEqualTo(Locations.stringAt(list, "(0010,0020)"));
        assertThat(Locations.stringAt(list, "(0008,1110)[0]/(0010,0010)"))
                .isEqualTo(Locations.stringAt(list, "(0010,0010)"));
        assertThat(Locations.stringAt(list, "meta/(0002,0016)")).startsWith("CNRY");
    }

    @Test
    void nonIdentifyingValuesAreKnownAndNotInTheTable() throws Exception {
        for (Map.Entry<String, AttributeList> e : read.entrySet()) {
            Map<String, String> kept = corpus.keptValues(e.getKey());
            assertThat(kept).containsEntry("(0008,0060)", "CT").containsEntry("(0028,0010)", "16");
            kept.forEach((location, value) -> {
                assertThat(Locations.stringAt(e.getValue(), location)).as(location).isEqualTo(value);
                if (!location.contains("/")) {
                    assertThat(ProfileTable.get().contains(tagOf(location))).as(location + " in table").isFalse();
                }
            });
            short[] pixels = e.getValue().get(TagFromName.PixelData).getShortValues();
            assertThat(pixels).isEqualTo(corpus.pixelData(e.getKey()));
        }
    }

    @Test
    void referencesPointAtOtherInstancesOfTheCorpus() throws Exception {
        assertThat(corpus.references()).hasSize(16 * 8);
        for (CanaryCorpus.Reference r : corpus.references()) {
            String from = Locations.stringAt(read.get(r.file()), r.location());
            String to = Locations.stringAt(read.get(r.targetFile()), r.targetLocation());
            assertThat(from).as(r.toString()).isNotEmpty().isEqualTo(to);
        }
        assertThat(corpus.originalUids()).contains(corpus.sopInstanceUid("p1/st1/se1/im1.dcm"))
                .allMatch(u -> u.startsWith(CanaryMint.UID_ROOT));
    }

    @Test
    void theLeakScannerFindsEveryCanaryInTheUntouchedCorpus() throws Exception {
        LeakReport report = LeakScanner.forCorpus(corpus).scan(corpus.root());
        assertThat(report.isClean()).isFalse();
        assertThat(report.canariesFound()).containsExactlyInAnyOrderElementsOf(corpus.canaries());
        assertThat(report.bySource()).containsKey("p0/st0/se0/im0.dcm");
        assertThat(report.bySource().keySet()).noneMatch(s -> s.startsWith("name:"));
    }

    @Test
    void corporaWithDifferentIdsShareNoCanary() throws Exception {
        CanaryCorpus other = CanaryCorpus.write(dir.resolve("other"),
                new CanaryCorpus.Options(new CanaryCorpus.Shape(1, 1, 1, 1), 2, true).withoutCommandGroup());
        assertThat(other.files()).hasSize(1);
        assertThat(other.canaryKinds().keySet()).doesNotContainAnyElementsOf(corpus.canaryKinds().keySet());
        AttributeList list = TestDicom.read(other.files().get(0));
        assertThat(list.get(new AttributeTag(0x0000, 0x1000))).isNull();
        assertThat(LeakScanner.forCorpus(corpus).scan(other.root()).isClean()).isTrue();
    }

    @Test
    void anImplicitVrCorpusIsReadableAndHoldsEveryCanary() throws Exception {
        CanaryCorpus implicit = CanaryCorpus.write(dir.resolve("implicit"),
                new CanaryCorpus.Options(new CanaryCorpus.Shape(1, 1, 1, 2), 4, true).implicitVr());
        for (Path f : implicit.files()) {
            assertThat(TestDicom.isCompositeInstance(f)).as(f.toString()).isTrue();
            AttributeList list = TestDicom.read(f);
            assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID))
                    .isEqualTo(com.pixelmed.dicom.TransferSyntax.ImplicitVRLittleEndian);
            if (Dcmdump.isInstalled()) {
                assertThat(Dcmdump.isReadable(f)).as("dcmdump " + f).isTrue();
            }
        }
        LeakReport report = LeakScanner.forCorpus(implicit).scan(implicit.root());
        assertThat(report.canariesFound()).containsExactlyInAnyOrderElementsOf(implicit.canaries());
    }

    private static String value(CanaryCorpus.InstanceId id, String location) {
        return Locations.stringAt(read.get(id.relativePath()), location);
    }

    private static AttributeTag tagOf(String location) {
        return new AttributeTag(Integer.parseInt(location.substring(1, 5), 16), Integer.parseInt(location.substring(6, 10), 16));
    }
}
