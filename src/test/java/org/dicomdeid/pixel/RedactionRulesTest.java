package org.dicomdeid.pixel;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules file: what each condition form means, and errors that say where the file is wrong. */
class RedactionRulesTest {

    private static AttributeList header(String modality, String manufacturer, int rows, String imageType)
            throws Exception {
        AttributeList list = new AttributeList();
        list.replace(TagFromName.Modality, modality);
        list.replace(TagFromName.Manufacturer, manufacturer);
        list.replace(TagFromName.Rows, Integer.toString(rows));
        list.replace(TagFromName.ImageType, imageType);
        return list;
    }

    @Test
    void conditionFormsMatchAsDocumented() throws Exception {
        RedactionRules rules = RedactionRules.parse("""
                version: 1
                rules:
                  - name: equality
                    when: {Modality: US, Rows: 600}
                    regions: [{x: 0, y: 0, width: 10, height: 10}]
                  - name: list-and-regex
                    when:
                      Rows: [480, 768]
                      Manufacturer: {regex: "(?i)acme( medical)?"}
                    regions: [{x: 0, y: 0, width: 10, height: 10}]
                  - name: contains
                    when: {ImageType: {contains: SECONDARY}, "0008,0060": {in: [OT, US]}}
                    regions: [{x: 0, y: 0, width: 10, height: 10}]
                  - name: long-equals
                    when: {Modality: {equals: CT}}
                    regions: [{x: 0, y: 0, width: 10, height: 10}]
                """, "test");

        assertThat(names(rules, header("US", "Other", 600, "ORIGINAL\\PRIMARY"))).containsExactly("equality");
        assertThat(names(rules, header("MR", "ACME Medical ", 768, "ORIGINAL"))).containsExactly("list-and-regex");
        assertThat(names(rules, header("MR", "ACME Medical Systems", 768, "ORIGINAL"))).isEmpty();
        assertThat(names(rules, header("US", "x", 600, "DERIVED\\SECONDARY"))).containsExactly("equality", "contains");
        assertThat(names(rules, header("OT", "x", 1, "SECONDARYISH"))).isEmpty();
        assertThat(names(rules, header("CT", "x", 1, ""))).containsExactly("long-equals");
    }

    @Test
    void absentAttributeIsEmptyText() throws Exception {
        RedactionRules rules = RedactionRules.parse("""
                rules: [{name: r, when: {ManufacturerModelName: {regex: ".+"}}, regions: [{x: 0, y: 0, width: 1, height: 1}]}]
                """, "test");
        assertThat(rules.matching(header("US", "x", 1, ""))).isEmpty();
    }

    @Test
    void builtInStarterSetLoadsAndIsDocumented() throws Exception {
        RedactionRules builtIn = RedactionRules.builtIn();
        assertThat(builtIn.rules()).extracting(RedactionRule::name).contains(
                "ultrasound-800x600-top-banner", "secondary-capture-512-dose-screen");
        assertThat(builtIn.rules()).allSatisfy(rule -> assertThat(rule.regions()).isNotEmpty());
    }

    @Test
    void loadsFromAFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("site-rules.yaml");
        Files.writeString(file, "rules: [{name: a, when: {Modality: US}, regions: [{x: 1, y: 2, width: 3, height: 4}]}]");
        RedactionRules rules = RedactionRules.load(file);
        assertThat(rules.source()).isEqualTo("site-rules.yaml");
        assertThat(rules.rules().get(0).regions()).containsExactly(new Region(1, 2, 3, 4));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            rules: [{name: a, when: {Modalty: US}, regions: [{x: 0, y: 0, width: 1, height: 1}]}] | rules[0] "a".when.Modalty: unknown attribute keyword
            rules: [{name: a, when: {Modality: US}, regions: [{x: 0, y: 0, width: 0, height: 1}]}] | rules[0] "a".regions[0].width: must be a whole number of pixels >= 1
            rules: [{name: a, when: {Modality: US}, regions: [{x: -1, y: 0, width: 1, height: 1}]}] | rules[0] "a".regions[0].x: must be a whole number of pixels >= 0
            rules: [{name: a, when: {Modality: US}, regions: [{x: 0, y: 0, width: 1.5, height: 1}]}] | rules[0] "a".regions[0].width: must be a whole number
            rules: [{name: a, when: {Modality: US}, regions: [{x: 0, y: 0, width: 1}]}] | rules[0] "a".regions[0].height: missing
            rules: [{name: a, when: {Modality: US}, regions: [{x: 0, y: 0, w: 1, height: 1}]}] | rules[0] "a".regions[0].w: unknown key
            rules: [{name: a, when: {Modality: US}, regions: []}] | rules[0] "a".regions: must be a non-empty list
            rules: [{name: a, when: {Modality: US}}] | rules[0] "a".regions: must be a non-empty list
            rules: [{name: a, when: {}, regions: [{x: 0, y: 0, width: 1, height: 1}]}] | rules[0] "a".when: must map at least one
            rules: [{when: {Modality: US}, regions: [{x: 0, y: 0, width: 1, height: 1}]}] | rules[0].name: every rule needs a name
            rules: [{name: a, when: {Modality: {regex: "(unclosed"}}, regions: [{x: 0, y: 0, width: 1, height: 1}]}] | rules[0] "a".when.Modality.regex: not a valid regular expression
            rules: [{name: a, when: {Modality: {like: US}}, regions: [{x: 0, y: 0, width: 1, height: 1}]}] | rules[0] "a".when.Modality.like: unknown key
            rules: [{name: a, when: {Modality: {in: US}}, regions: [{x: 0, y: 0, width: 1, height: 1}]}] | rules[0] "a".when.Modality.in: must be a list
            rules: [{name: a, when: {Modality: []}, regions: [{x: 0, y: 0, width: 1, height: 1}]}] | rules[0] "a".when.Modality: an empty list matches nothing
            rules: [{name: a, colour: red, when: {Modality: US}, regions: [{x: 0, y: 0, width: 1, height: 1}]}] | rules[0] "a".colour: unknown key
            signatures: [] | (top).signatures: unknown key
            rules: {name: a} | rules: must be a list of rules
            version: 2 | version: only version 1 is known
            """)
    void wrongFilesAreRefusedNamingThePlace(String yaml, String expected) {
        assertThatThrownBy(() -> RedactionRules.parse(yaml, "site.yaml"))
                .isInstanceOf(InvalidRedactionRulesException.class)
                .hasMessageStartingWith("redaction rules site.yaml: ")
                .hasMessageContaining(expected);
    }

    @Test
    void yamlSyntaxErrorsGiveLineAndColumn() {
        assertThatThrownBy(() -> RedactionRules.parse("rules:\n  - name: a\n    when: {Modality: US\n", "bad.yaml"))
                .isInstanceOf(InvalidRedactionRulesException.class)
                .hasMessageContaining("redaction rules bad.yaml: not valid YAML at line");
        assertThatThrownBy(() -> RedactionRules.parse("", "empty.yaml"))
                .hasMessageContaining("the file is empty");
    }

    private static java.util.List<String> names(RedactionRules rules, AttributeList list) {
        return rules.matching(list).stream().map(RedactionRule::name).toList();
    }
}
