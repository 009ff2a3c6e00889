package org.dicomdeid.policy;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyLoaderTest {
    @TempDir
    Path dir;

    private Policy load(String yaml) throws Exception {
        Path f = dir.resolve("policy.yaml");
        Files.writeString(f, yaml);
        return PolicyLoader.load(f, List.of(), List.of());
    }

    @Test
    void everyRowOfTheStandardTableIsLoadedAndResolved() {
        assertThat(ProfileTable.standard().rows()).hasSize(621);
        Rulebook book = Rulebook.build(ProfileTable.standard(), java.util.Set.of(), List.of());
        for (ProfileTable.Row row : ProfileTable.standard().rows()) {
            if (row.pattern().isExact()) {
                assertThat(book.actionFor(row.pattern().exactTag())).as(row.name()).isPresent();
            }
        }
        assertThat(book.actionFor(new AttributeTag(0x6002, 0x3000))).contains(Action.REMOVE); // (60XX,3000)
        assertThat(book.actionFor(new AttributeTag(0x5010, 0x1234))).contains(Action.REMOVE); // (50XX,XXXX)
        assertThat(book.actionFor(TagFromName.Modality)).isEmpty();
    }

    @Test
    void policyOverridesByTagKeywordAndMask() throws Exception {
        Policy p = load("""
                options: [retain-uids]
                rules:
                  - keyword: StudyDescription
                    action: K
                  - tag: "(0008,0060)"
                    action: X
                  - tag: "(0019,xxxx)"
                    action: K
                privateCreators:
                  keep: ["ACME 1.1"]
                pseudonyms:
                  prefix: "TRIAL7-"
                tracking:
                  sponsorName: Sponsor
                  protocolId: PROT-1
                """);
        assertThat(p.rules().actionFor(TagFromName.StudyDescription)).contains(Action.KEEP);
        assertThat(p.rules().actionFor(TagFromName.Modality)).contains(Action.REMOVE);
        assertThat(p.rules().actionFor(TagFromName.SOPInstanceUID)).contains(Action.KEEP);
        assertThat(p.rules().privateOverrideFor(new AttributeTag(0x0019, 0x1005))).isPresent();
        assertThat(p.privateAttributes().keeps("ACME 1.1", new AttributeTag(0x0029, 0x1001))).isTrue();
        assertThat(p.privateAttributes().keeps("OTHER", new AttributeTag(0x0029, 0x1001))).isFalse();
        assertThat(p.pseudonyms().prefix()).isEqualTo("TRIAL7-");
    }

    @Test
    void safePrivateListNeedsTheOption() throws Exception {
        AttributeTag bValue = new AttributeTag(0x0019, 0x100C);
        assertThat(PolicyLoader.basic(List.of()).privateAttributes().keeps("SIEMENS MR HEADER", bValue)).isFalse();
        assertThat(PolicyLoader.basic(List.of("retain-safe-private")).privateAttributes()
                .keeps("SIEMENS MR HEADER", bValue)).isTrue();
    }

    @Test
    void mistakesNameTheirPlace() {
        assertThatThrownBy(() -> load("optoins: [retain-uids]\n")).hasMessageContaining("optoins")
                .hasMessageContaining("unknown key");
        assertThatThrownBy(() -> load("options: [retain-everything]\n")).hasMessageContaining("options[0]");
        assertThatThrownBy(() -> load("rules:\n  - tag: \"(0010,0010)\"\n    action: Q\n"))
                .hasMessageContaining("rules[0].action");
        assertThatThrownBy(() -> load("rules:\n  - keyword: PatientsNam\n    action: X\n"))
                .hasMessageContaining("rules[0].keyword");
        assertThatThrownBy(() -> load("rules:\n  - tag: \"(0010,00GG)\"\n    action: X\n"))
                .hasMessageContaining("rules[0].tag");
        assertThatThrownBy(() -> load("options: [retain-long-full-dates, retain-long-modified-dates]\n"))
                .hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> load("pseudonyms:\n  lookup: missing.csv\n")).hasMessageContaining("pseudonyms.lookup");
        assertThatThrownBy(() -> load("rules: [\n")).isInstanceOf(PolicyException.class).hasMessageContaining("line");
    }

    @Test
    void errorsNameTheLineAndAKeyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> load("options: [retain-uids]\nrules:\n  - tag: \"(0010,0010)\"\n    action: X\n"
                + "  - keyword: PatientID\n    action: Q\n"))
                .hasMessageContaining("rules[1].action").hasMessageContaining("(line 6)")
                .satisfies(e -> assertThat(((PolicyException) e).line()).hasValue(6));
        // YAML would keep the second list only: the first rule would silently vanish
        assertThatThrownBy(() -> load("rules:\n  - tag: \"(0010,0010)\"\n    action: K\nrules: []\n"))
                .hasMessageContaining("rules").hasMessageContaining("lines 1 and 4");
    }

    @Test
    void aRuleSaysWhereItComesFrom() throws Exception {
        Policy p = load("options: [retain-patient-characteristics]\nrules:\n  - keyword: PatientName\n    action: X\n");
        assertThat(p.rules().ruleFor(TagFromName.PatientName).orElseThrow().source())
                .isEqualTo("policy.yaml line 3, rules[0]");
        assertThat(p.rules().ruleFor(TagFromName.PatientSex).orElseThrow().source())
                .contains("Table E.1-1 row (0010,0040)").contains("option retain-patient-characteristics K");
        assertThat(p.rules().ruleFor(TagFromName.PatientID).orElseThrow().source()).endsWith("basic profile Z/D (read here as D)");
    }
}
