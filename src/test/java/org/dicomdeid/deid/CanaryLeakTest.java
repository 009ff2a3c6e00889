package org.dicomdeid.deid;

import org.dicomdeid.dicom.DicomFiles;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.app.Main;
import org.dicomdeid.policy.ProfileOption;
import org.dicomdeid.policy.ProfileTable;
import org.dicomdeid.policy.TagPattern;
import org.dicomdeid.testing.Canary;
import org.dicomdeid.testing.CanaryCorpus;
import org.dicomdeid.testing.LeakReport;
import org.dicomdeid.testing.LeakScanner;
import org.dicomdeid.testing.Locations;
import org.dicomdeid.testing.LogCapture;
import org.dicomdeid.testing.Planting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy proof: a corpus with a unique canary in every attribute of Table E.1-1 (nested,
 * private, curve, overlay, file meta too) goes through {@code deid anonymise}; no canary may
 * appear in any output byte, quarantine file, file name or log line.
 */
class CanaryLeakTest {
    @TempDir
    static Path shared;
    static CanaryCorpus corpus;
    static Path out;
    static Map<String, AttributeList> outputs = new HashMap<>();

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @TempDir
    Path dir;

    @BeforeAll
    static void anonymiseTheCorpus() throws Exception {
        corpus = CanaryCorpus.write(shared.resolve("in"));
        out = shared.resolve("out");
        int code = Main.execute("anonymise", "--secret-file", shared.resolve("secret").toString(),
                "--out", out.toString(), corpus.root().toString());
        assertThat(code).isEqualTo(Main.EXIT_OK);
        for (Path f : corpus.files()) {
            String relative = corpus.root().relativize(f).toString();
            outputs.put(relative, DicomFiles.read(out.resolve(relative)).dataset());
        }
    }

    @Test
    void noCanaryAnywhereInTheOutputNorInTheLogs() throws Exception {
        Path again = dir.resolve("out");
        int code = Main.execute("anonymise", "--secret-file", shared.resolve("secret").toString(),
                "--out", again.toString(), corpus.root().toString());
        assertThat(code).isEqualTo(Main.EXIT_OK);
        LeakScanner scanner = LeakScanner.forCorpus(corpus);
        LeakReport report = scanner.scan(dir).merge(scanner.scanText("log", logs.text()));
        assertThat(report.sourcesScanned()).isGreaterThanOrEqualTo(corpus.files().size());
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    @Test
    void uidsAreReplacedOneToOneAndEveryReferenceFollows() {
        Set<String> sops = new HashSet<>();
        for (AttributeList l : outputs.values()) {
            sops.add(Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SOPInstanceUID));
        }
        assertThat(sops).hasSize(corpus.files().size()).allMatch(u -> u.startsWith("2.25."));
        for (CanaryCorpus.Reference r : corpus.references()) {
            String value = Locations.stringAt(outputs.get(r.file()), r.location());
            String target = Locations.stringAt(outputs.get(r.targetFile()), r.targetLocation());
            assertThat(value).as(r.toString()).isNotEmpty().isEqualTo(target);
            assertThat(corpus.originalUids()).doesNotContain(value);
        }
    }

    @Test
    void imageAndOtherNonIdentifyingAttributesAreUnchanged() throws Exception {
        for (Map.Entry<String, AttributeList> e : outputs.entrySet()) {
            // An overlay plane goes whole with its Overlay Data (X): an overlay without data is invalid.
            corpus.keptValues(e.getKey()).entrySet().stream().filter(k -> !k.getKey().startsWith("(60"))
                    .forEach(k -> assertThat(Locations.stringAt(e.getValue(), k.getKey())).as(e.getKey() + " " + k.getKey())
                            .isEqualTo(k.getValue()));
            short[] pixels = e.getValue().getPixelData().getShortValues();
            assertThat(pixels).as(e.getKey()).isEqualTo(corpus.pixelData(e.getKey()));
        }
    }

    @Test
    void patientsStayLinkableByPseudonym() {
        Map<Integer, Set<String>> byPatient = new HashMap<>();
        for (CanaryCorpus.InstanceId id : corpus.shape().all()) {
            AttributeList l = outputs.get(id.relativePath());
            byPatient.computeIfAbsent(id.patient(), k -> new HashSet<>())
                    .add(Attribute.getSingleStringValueOrEmptyString(l, TagFromName.PatientID));
            assertThat(Attribute.getSingleStringValueOrEmptyString(l, TagFromName.PatientName))
                    .isEqualTo(Attribute.getSingleStringValueOrEmptyString(l, TagFromName.PatientID));
        }
        assertThat(byPatient.values()).allMatch(s -> s.size() == 1);
        assertThat(new HashSet<>(byPatient.values())).hasSize(corpus.shape().patients());
    }

    /**
     * One option at a time: what its column keeps (K) or cleans (C) may stay, nothing else;
     * and every top-level attribute it keeps is really there.
     */
    @ParameterizedTest
    @EnumSource(value = ProfileOption.class, names = "CLEAN_PIXEL_DATA", mode = EnumSource.Mode.EXCLUDE)
    void eachOptionRetainsOnlyItsColumn(ProfileOption option) throws Exception {
        Path optOut = dir.resolve("out");
        int code = Main.execute("anonymise", "--option", option.cliName(), "--secret-file",
                shared.resolve("secret").toString(), "--out", optOut.toString(), corpus.root().toString());
        assertThat(code).isEqualTo(Main.EXIT_OK);
        String column = option.tableColumn().orElseThrow();
        Set<String> allowed = new HashSet<>();
        Set<String> mustRemain = new HashSet<>();
        for (Planting p : corpus.plantings()) {
            if (!p.kind().isScannable()) {
                continue;
            }
            String[] steps = p.location().replaceFirst("^meta/", "").split("/");
            // The innermost attribute with a row decides; an attribute without one inside a
            // sequence the option keeps or cleans stays with it ("K: apply the rules inside").
            for (int i = steps.length - 1; i >= 0; i--) {
                ProfileTable.Row row = rowFor(steps[i]);
                if (row == null) {
                    continue;
                }
                String cell = row.optionCells().get(column);
                boolean innermost = i == steps.length - 1;
                boolean kept = "K".equals(cell) || ("C".equals(cell) && (!innermost || keptByCleaning(option, p.kind())));
                if (kept) {
                    allowed.add(p.canary());
                    if (innermost && "K".equals(cell) && steps.length == 1 && p.kind() != Canary.Kind.UID) {
                        mustRemain.add(p.canary());
                    }
                }
                break;
            }
        }
        if (option == ProfileOption.RETAIN_LONG_MODIFIED_DATES) {
            // Shifted dates land on other planted dates of this dense corpus: check the values in place.
            assertShiftedInPlace(optOut);
            corpus.plantings().stream().filter(p -> p.kind() == Canary.Kind.DATE).forEach(p -> allowed.add(p.canary()));
        }
        LeakReport report = LeakScanner.forCorpus(corpus).scan(optOut);
        assertThat(report.withoutCanaries(allowed).isClean()).as(option + ": " + report.withoutCanaries(allowed))
                .isTrue();
        assertThat(report.canariesFound()).as(option + " keeps its column").containsAll(mustRemain);
    }

    private static void assertShiftedInPlace(Path optOut) throws Exception {
        int checked = 0;
        for (Planting p : corpus.plantings()) {
            if (p.kind() != Canary.Kind.DATE || p.location().startsWith("meta/")) {
                continue;
            }
            String value = Locations.stringAt(DicomFiles.read(optOut.resolve(p.file())).dataset(), p.location());
            if (value != null && !value.isEmpty()) {
                assertThat(value).as(p.toString()).isNotEqualTo(p.canary());
                checked++;
            }
        }
        assertThat(checked).as("dates shifted, not removed").isPositive();
    }

    /** C keeps text it cannot recognise as identifying, and times when dates are shifted by days. */
    private static boolean keptByCleaning(ProfileOption option, Canary.Kind kind) {
        if (option == ProfileOption.RETAIN_LONG_MODIFIED_DATES) {
            return kind == Canary.Kind.TIME;
        }
        return kind == Canary.Kind.TEXT || kind == Canary.Kind.NUMBER;
    }

    private static ProfileTable.Row rowFor(String step) {
        if (!step.matches("\\([0-9A-F]{4},[0-9A-F]{4}\\)(\\[\\d+])?")) {
            return null;
        }
        String tagText = step.replaceAll("\\[\\d+]$", "");
        com.pixelmed.dicom.AttributeTag tag = TagPattern.parse(tagText).exactTag();
        ProfileTable.Row best = null;
        for (ProfileTable.Row row : ProfileTable.standard().rows()) {
            if (row.pattern().matches(tag) && (best == null || row.pattern().isExact())) {
                best = row;
            }
        }
        return best;
    }

    static List<Path> files() {
        return corpus.files();
    }
}
