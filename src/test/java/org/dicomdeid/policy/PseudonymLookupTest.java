package org.dicomdeid.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lookup CSV must map original IDs to subject IDs one-to-one; errors name lines, never IDs. */
class PseudonymLookupTest {
    @TempDir
    Path dir;

    private Policy load(String csv) throws Exception {
        Files.writeString(dir.resolve("subjects.csv"), csv);
        Files.writeString(dir.resolve("policy.yaml"), "pseudonyms:\n  lookup: subjects.csv\n");
        return PolicyLoader.load(dir.resolve("policy.yaml"), List.of(), List.of());
    }

    @Test
    void aWellFormedTableIsReadWithTheNewPolicy() throws Exception {
        Policy p = load("""
                originalId,subjectId
                # comment
                P-100,SUBJ-001
                "P-200";"SUBJ-002"
                P-300\tSUBJ-003
                """);
        assertThat(p.pseudonyms().subjects())
                .isEqualTo(Map.of("P-100", "SUBJ-001", "P-200", "SUBJ-002", "P-300", "SUBJ-003"));
    }

    @Test
    void anOriginalIdListedTwiceIsAnErrorNamingBothLines() {
        assertThatThrownBy(() -> load("originalId,subjectId\nP-100,SUBJ-001\nP-200,SUBJ-002\nP-100,SUBJ-003\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("pseudonyms.lookup")
                .hasMessageContaining("line 4")
                .hasMessageContaining("line 2")
                .hasMessageContaining("original ID")
                .message().doesNotContain("P-100", "SUBJ-001", "SUBJ-003");
    }

    @Test
    void twoOriginalIdsGivenOneSubjectIdIsAnErrorNamingBothLines() {
        assertThatThrownBy(() -> load("P-100,SUBJ-001\n\nP-200, SUBJ-001\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("line 1")
                .hasMessageContaining("subject ID")
                .message().doesNotContain("P-100", "P-200", "SUBJ-001");
    }

    @Test
    void aLineWithoutTwoCellsIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> load("originalId,subjectId\nP-100\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("line 2")
                .message().doesNotContain("P-100");
        assertThatThrownBy(() -> load("P-100,\n"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("line 1");
    }
}
