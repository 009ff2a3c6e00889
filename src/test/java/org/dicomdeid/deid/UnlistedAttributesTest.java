package org.dicomdeid.deid;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.policy.PolicyLoader;
import org.dicomdeid.policy.ProfileTable;
import org.dicomdeid.policy.StandardDictionary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.deid.TestInstances.ct;
import static org.dicomdeid.deid.TestInstances.put;
import static org.dicomdeid.deid.TestInstances.putPrivate;
import static org.dicomdeid.deid.TestInstances.sequence;
import static org.dicomdeid.deid.TestInstances.value;

/** The VR safety net for attributes Table E.1-1 does not name (each chosen because the table lacks it). */
class UnlistedAttributesTest {
    private static final ProjectSecret SECRET = ProjectSecret.of(new byte[32]);

    private static AttributeTag tag(String keyword) {
        AttributeTag t = StandardDictionary.get().byKeyword(keyword).orElseThrow().exactTag();
        boolean inTable = ProfileTable.standard().rows().stream().anyMatch(r -> r.pattern().matches(t));
        assertThat(inTable).as(keyword + " must be outside Table E.1-1 for this test").isFalse();
        return t;
    }

    private static DicomObject instance() throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        putPrivate(a.dataset(), tag("ObserverType"), "CS", "PSN");                                   // CS
        putPrivate(a.dataset(), tag("CompletionFlagDescription"), "LO", "Signed by Dr DOE JANE");    // LO
        putPrivate(a.dataset(), tag("DocumentTitle"), "ST", "Report for Jane Doe P1-2024");          // ST
        putPrivate(a.dataset(), tag("StudyUpdateDateTime"), "DT", "20240311120000");                 // DT
        putPrivate(a.dataset(), tag("SecondaryReviewDate"), "DA", "20240310");                      // DA
        putPrivate(a.dataset(), tag("SecondaryReviewTime"), "TM", "101500");                        // TM
        putPrivate(a.dataset(), tag("RetrieveURL"), "UR", "https://pacs.example.org/studies/1.2.3.1/series/1.2.3.1.1");
        putPrivate(a.dataset(), tag("HL7InstanceIdentifier"), "ST", "1.2.3.77^ISO");
        putPrivate(a.dataset(), tag("MultiFrameSourceSOPInstanceUID"), "UI", "1.2.3.99");             // UI, instance
        putPrivate(a.dataset(), tag("CodingSchemeUID"), "UI", "1.2.840.10008.2.16.4");                                                  // UI, the standard's own
        putPrivate(a.dataset(), tag("SegmentLabel"), "LO", "Liver");                                  // LO, descriptive
        putPrivate(a.dataset(), tag("ExposureIndex"), "DS", "250.5");                                 // DS
        return a;
    }

    @Test
    void eachVrHasItsTreatment() throws Exception {
        DicomObject a = instance();
        AttributeList review = new AttributeList();
        putPrivate(review, tag("SecondaryReviewerName"), "PN", "ROE^RICHARD");
        a.dataset().put(sequence(TagFromName.AnatomicRegionSequence, review)); // a kept sequence
        putPrivate(a.dataset(), tag("SecondaryReviewerName"), "PN", "ROE^RICHARD");
        new Deidentifier(PolicyLoader.basic(List.of()), SECRET).deidentify(a);
        AttributeList l = a.dataset();
        assertThat(value(l, tag("ObserverType"))).isEqualTo("PSN");
        assertThat(value(l, tag("ExposureIndex"))).isEqualTo("250.5");
        assertThat(value(l, tag("SegmentLabel"))).isEqualTo("Liver");
        assertThat(value(l, tag("CompletionFlagDescription"))).isEqualTo("Signed by Dr");
        assertThat(value(l, tag("DocumentTitle"))).isEqualTo("Report for");
        assertThat(value(l, tag("StudyUpdateDateTime"))).isNull();
        assertThat(value(l, tag("SecondaryReviewDate"))).isNull();
        assertThat(value(l, tag("SecondaryReviewTime"))).isNull();
        String url = value(l, tag("RetrieveURL"));
        assertThat(url).startsWith("https://pacs.example.org/studies/2.25.").doesNotContain("1.2.3.1");
        assertThat(url).contains("/series/2.25.");
        assertThat(value(l, tag("HL7InstanceIdentifier"))).isNotEqualTo("1.2.3.77^ISO");
        assertThat(value(l, tag("MultiFrameSourceSOPInstanceUID"))).startsWith("2.25.");
        assertThat(value(l, tag("CodingSchemeUID"))).isEqualTo("1.2.840.10008.2.16.4");
        AttributeList item = ((SequenceAttribute) l.get(TagFromName.AnatomicRegionSequence)).getItem(0)
                .getAttributeList();
        assertThat(value(item, tag("SecondaryReviewerName"))).isEqualTo("ANONYMIZED");
        assertThat(value(l, tag("SecondaryReviewerName"))).isEqualTo("ANONYMIZED");
    }

    @Test
    void datesShiftWithModifiedDatesAndStayWithFullDates() throws Exception {
        DicomObject shifted = instance();
        new Deidentifier(PolicyLoader.basic(List.of("retain-long-modified-dates")), SECRET).deidentify(shifted);
        String date = value(shifted.dataset(), tag("SecondaryReviewDate"));
        assertThat(date).hasSize(8).isNotEqualTo("20240310");
        assertThat(value(shifted.dataset(), TagFromName.StudyDate)).isEqualTo(date); // the same shift as the header
        assertThat(value(shifted.dataset(), tag("SecondaryReviewTime"))).isEqualTo("101500");
        assertThat(value(shifted.dataset(), tag("StudyUpdateDateTime"))).endsWith("120000").doesNotStartWith("20240311");

        DicomObject full = instance();
        new Deidentifier(PolicyLoader.basic(List.of("retain-long-full-dates")), SECRET).deidentify(full);
        assertThat(value(full.dataset(), tag("SecondaryReviewDate"))).isEqualTo("20240310");
    }

    @Test
    void unlistedTextSettingKeepsCleansOrRemoves(@TempDir Path dir) throws Exception {
        for (String setting : List.of("keep", "remove", "clean")) {
            Path policy = dir.resolve(setting + ".yaml");
            Files.writeString(policy, "unlistedText: " + setting + "\n");
            DicomObject a = instance();
            new Deidentifier(PolicyLoader.load(policy, List.of(), List.of()), SECRET).deidentify(a);
            String v = value(a.dataset(), tag("CompletionFlagDescription"));
            switch (setting) {
                case "keep" -> assertThat(v).isEqualTo("Signed by Dr DOE JANE");
                case "remove" -> assertThat(a.dataset().get(tag("CompletionFlagDescription"))).isNull();
                default -> assertThat(v).isEqualTo("Signed by Dr");
            }
        }
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "unlistedText: maybe\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicyLoader.load(bad, List.of(), List.of()))
                .hasMessageContaining("unlistedText");
    }

    @Test
    void keptPrivateAttributesGoThroughTheNetToo(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, "privateCreators:\n  keep: [\"ACME 1.1\"]\n");
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        putPrivate(a.dataset(), new AttributeTag(0x0029, 0x0010), "LO", "ACME 1.1");
        putPrivate(a.dataset(), new AttributeTag(0x0029, 0x1001), "PN", "ROE^RICHARD");
        putPrivate(a.dataset(), new AttributeTag(0x0029, 0x1002), "DA", "19491120");
        putPrivate(a.dataset(), new AttributeTag(0x0029, 0x1003), "DS", "12.5");
        new Deidentifier(PolicyLoader.load(policy, List.of(), List.of()), SECRET).deidentify(a);
        assertThat(value(a.dataset(), new AttributeTag(0x0029, 0x1001))).isEqualTo("ANONYMIZED");
        assertThat(value(a.dataset(), new AttributeTag(0x0029, 0x1002))).isNull();
        assertThat(value(a.dataset(), new AttributeTag(0x0029, 0x1003))).isEqualTo("12.5");
    }

    /** 200,000 items: the walk is linear (it took 76 s with getItem(i) on PixelMed's list of items). */
    @Test
    void longSequencesAreWalkedInLinearTime() throws Exception {
        long small = timeToDeidentify(20_000);
        long large = timeToDeidentify(200_000);
        // ten times the items: linear is ~10 times the time, quadratic would be ~100 times
        assertThat(large).as("ms for 200,000 items vs %d ms for 20,000", small).isLessThan(20 * small + 2_000);
    }

    private static long timeToDeidentify(int items) throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        SequenceAttribute seq = new SequenceAttribute(TagFromName.ReferencedImageSequence);
        for (int i = 0; i < items; i++) {
            AttributeList item = new AttributeList();
            put(item, TagFromName.ReferencedSOPInstanceUID, "1.2.3.1.1." + i);
            seq.addItem(item);
        }
        a.dataset().put(seq);
        long start = System.nanoTime();
        new Deidentifier(PolicyLoader.basic(List.of()), SECRET).deidentify(a);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(((SequenceAttribute) a.dataset().get(TagFromName.ReferencedImageSequence)).getNumberOfItems())
                .isEqualTo(items);
        return ms;
    }
}
