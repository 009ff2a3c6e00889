package org.dicomdeid.pipeline;

import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.dicomdeid.policy.PolicyException;
import org.dicomdeid.policy.PolicyLoader;
import org.dicomdeid.testing.ContentSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy's {@code filters:}: the shipped example, each test and decision, and every mistake refused by name. */
class PolicyFiltersTest {
    private static final ProjectSecret SECRET = ProjectSecret.of(new byte[32]);
    @TempDir
    Path dir;

    private Anonymiser anonymiser(Path policy) throws Exception {
        return new Anonymiser(PolicyLoader.load(policy, List.of(), List.of()), SECRET);
    }

    private Anonymiser anonymiser(String yaml) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, yaml);
        return anonymiser(policy);
    }

    @Test
    void theShippedExampleDropsSecondaryCapturesScreenSavesAndDoseReportsAndPassesImages() throws Exception {
        Anonymiser a = anonymiser(Path.of("policies/drop-non-diagnostic.yaml"));
        assertDropped(a, ContentSamples.secondaryCapture(1), "secondary-captures");
        assertDropped(a, ContentSamples.multiFrameSecondaryCapture(2), "secondary-captures");
        assertDropped(a, ContentSamples.screenSave(3), "screen-saves");
        assertDropped(a, ContentSamples.doseReportImage(4), "dose-reports");
        assertDropped(a, ContentSamples.radiationDoseSr(5), "dose-reports");
        DicomObject ct = ContentSamples.ct(6);
        a.anonymise(ct);
        assertThat(ct.sopInstanceUID()).startsWith("2.25.");
        a.anonymise(ContentSamples.mr(7));
    }

    private static void assertDropped(Anonymiser a, DicomObject object, String filter) {
        assertThatThrownBy(() -> a.anonymise(object)).isInstanceOfSatisfying(DroppedByFilter.class,
                d -> assertThat(d.filter()).isEqualTo(filter));
        assertThat(object.sopInstanceUID()).as("untouched").startsWith("1.2.3.77.");
    }

    @Test
    void quarantineNamesTheFilterAndContinueStopsTheFiltersAfterIt() throws Exception {
        Anonymiser a = anonymiser("""
                filters:
                  - name: keep MR whatever follows
                    when: {attribute: Modality, equals: [MR, PT]}
                    action: continue
                  - name: burned-in
                    when: {attribute: BurnedInAnnotation, equals: "YES"}
                    action: quarantine
                  - name: not CT
                    when: {not: {attribute: Modality, equals: CT}}
                    action: drop
                """);
        DicomObject burned = ContentSamples.ct(1);
        org.dicomdeid.deid.TestInstances.put(burned.dataset(), com.pixelmed.dicom.TagFromName.BurnedInAnnotation, "YES");
        assertThatThrownBy(() -> a.anonymise(burned)).isExactlyInstanceOf(QuarantineException.class)
                .hasMessage("quarantined by filter 'burned-in'");
        DicomObject burnedMr = ContentSamples.mr(2);
        org.dicomdeid.deid.TestInstances.put(burnedMr.dataset(), com.pixelmed.dicom.TagFromName.BurnedInAnnotation, "YES");
        a.anonymise(burnedMr); // continue came first
        assertDropped(a, ContentSamples.radiationDoseSr(3), "not CT");
        a.anonymise(ContentSamples.ct(4));
    }

    @Test
    void numbersPatternsPresenceAndAll() throws Exception {
        Anonymiser a = anonymiser("""
                filters:
                  - name: big multi-frame
                    when: {attribute: NumberOfFrames, greaterOrEqual: 3}
                    action: drop
                  - name: acme without a model
                    when:
                      all:
                        - {attribute: Manufacturer, matches: "ACME.*"}
                        - {attribute: ManufacturerModelName, exists: false}
                    action: drop
                  - name: derived
                    when: {attribute: ImageType, matches: "DERIVED"}
                    action: drop
                """);
        assertDropped(a, ContentSamples.multiFrameSecondaryCapture(1), "big multi-frame");
        DicomObject noModel = ContentSamples.ct(2);
        noModel.dataset().remove(com.pixelmed.dicom.TagFromName.ManufacturerModelName);
        assertDropped(a, noModel, "acme without a model");
        assertDropped(a, ContentSamples.screenSave(3), "derived"); // one of the values matches whole
        a.anonymise(ContentSamples.ct(4)); // no NumberOfFrames: no comparison holds
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key in a filter      | '[{name: a, when: {attribute: Modality, equals: SR}, action: drop, acton: x}]' | filters[0].acton: unknown key
            unknown test                 | '[{name: a, when: {attribute: Modality, equal: SR}, action: drop}]'  | filters[0].when.equal: unknown key
            unknown attribute            | '[{name: a, when: {attribute: Modalty, equals: SR}, action: drop}]'  | filters[0].when.attribute: unknown attribute 'Modalty'
            identifying attribute        | '[{name: a, when: {attribute: PatientName, equals: X}, action: drop}]' | filters[0].when.attribute: unknown attribute 'PatientName'
            bad regex                    | '[{name: a, when: {any: [{attribute: Modality, matches: "CT("}]}, action: drop}]' | filters[0].when.any[0].matches: not a valid regular expression
            number test on text          | '[{name: a, when: {attribute: Modality, greaterThan: 2}, action: drop}]' | filters[0].when.greaterThan: compares numbers
            fractional limit             | '[{name: a, when: {attribute: NumberOfFrames, lessThan: 2.5}, action: drop}]' | filters[0].when.lessThan: must be a whole number
            two tests                    | '[{name: a, when: {attribute: Modality, equals: SR, contains: S}, action: drop}]' | filters[0].when: give exactly one test
            no test                      | '[{name: a, when: {attribute: Modality}, action: drop}]' | filters[0].when: give exactly one test
            group with more keys         | '[{name: a, when: {all: [{attribute: Modality, exists: true}], attribute: Modality}, action: drop}]' | filters[0].when: 'all' stands alone
            empty any                    | '[{name: a, when: {any: []}, action: drop}]' | filters[0].when.any: must be a non-empty list
            unknown action               | '[{name: a, when: {attribute: Modality, exists: true}, action: dorp}]' | filters[0].action: 'drop', 'quarantine' or 'continue'
            missing action               | '[{name: a, when: {attribute: Modality, exists: true}}]' | filters[0]: missing 'action'
            missing when                 | '[{name: a, action: drop}]' | filters[0]: missing 'when'
            missing name                 | '[{when: {attribute: Modality, exists: true}, action: drop}]' | filters[0]: missing 'name'
            name with a slash            | '[{name: a/b, when: {attribute: Modality, exists: true}, action: drop}]' | filters[0].name: use 1 to 64
            same name twice              | '[{name: a, when: {attribute: Modality, exists: true}, action: drop}, {name: a, when: {attribute: Modality, exists: true}, action: drop}]' | filters[1].name: another filter has the name 'a'
            exists not boolean           | '[{name: a, when: {attribute: Modality, exists: yes please}, action: drop}]' | filters[0].when.exists: true or false
            not a list                   | '{name: a}' | filters: must be a list
            """)
    void mistakesStopLoadingNamingThePlace(String what, String filters, String expected) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "filters: " + filters + "\n");
        assertThatThrownBy(() -> PolicyLoader.load(policy, List.of(), List.of()))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith(policy + ": " + expected);
    }
}
