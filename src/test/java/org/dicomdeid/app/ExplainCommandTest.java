package org.dicomdeid.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.testing.CanaryCorpus;
import org.dicomdeid.testing.LeakReport;
import org.dicomdeid.testing.LeakScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deid explain} on a canary instance (every row of Table E.1-1, nested sequences, a private
 * block, overlays): it tells what {@code deid anonymise} writes, value for value, and no canary
 * reaches any of its forms.
 */
class ExplainCommandTest {
    private static final Pattern STEP = Pattern.compile("\\(([0-9A-F]{4}),([0-9A-F]{4})\\)(?:\\[(\\d+)])?");
    private static final Pattern MASKED = Pattern.compile("|[A-Z]{2}, (empty|\\d+ bytes)|SQ, \\d+ items?");

    @TempDir
    static Path shared;
    static CanaryCorpus corpus;
    static Path file;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream savedOut;

    @BeforeAll
    static void oneCanaryInstance() throws Exception {
        corpus = CanaryCorpus.write(shared.resolve("in"),
                new CanaryCorpus.Options(new CanaryCorpus.Shape(1, 1, 1, 1), 7, false));
        file = corpus.files().get(0);
    }

    @BeforeEach
    void captureStdout() {
        savedOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(savedOut);
    }

    private String explain(String... args) {
        out.reset();
        List<String> all = new ArrayList<>(List.of("explain", "--secret-file", shared.resolve("secret").toString()));
        all.addAll(List.of(args));
        int code = Main.execute(all.toArray(String[]::new));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(Main.EXIT_OK);
        return out.toString(StandardCharsets.UTF_8);
    }

    static Path policy(Path dir, String yaml) throws Exception {
        Path p = dir.resolve("policy.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "options: [retain-long-modified-dates, clean-descriptors, retain-safe-private]\n"
            + "unlistedText: remove\nprivateCreators:\n  keep: [\"ACME 1.1\"]\n",
            "options: [retain-patient-characteristics, retain-device-identity]\nrules:\n  - keyword: PatientSex\n"
                    + "    action: X\n  - tag: \"(0008,0080)\"\n    action: D\n"})
    void theNewValueOfEveryAttributeIsWhatAnonymiseWrites(String yaml) throws Exception {
        List<String> policyArgs = yaml.isEmpty() ? List.of() : List.of("--policy", policy(dir, yaml).toString());
        List<String> args = new ArrayList<>(policyArgs);
        args.addAll(List.of("--json", file.toString()));
        JsonNode report = new ObjectMapper().readTree(explain(args.toArray(String[]::new)));
        assertThat(report.get("quarantine").isNull()).isTrue();

        List<String> anonymise = new ArrayList<>(List.of("anonymise", "--secret-file", shared.resolve("secret").toString(),
                "--out", dir.resolve("out").toString()));
        anonymise.addAll(policyArgs);
        anonymise.add(file.toString());
        assertThat(Main.execute(anonymise.toArray(String[]::new))).isEqualTo(Main.EXIT_OK);
        Path output;
        try (var files = Files.walk(dir.resolve("out"))) {
            output = files.filter(f -> f.toString().endsWith(".dcm")).findFirst().orElseThrow();
        }
        AttributeList written = DicomFiles.read(output).dataset();
        AttributeList input = DicomFiles.read(file).dataset();

        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : report.get("attributes")) {
            String path = row.get("path").asText();
            rows.put(path, row);
            Attribute now = at(written, path);
            String value = row.get("newValue").asText();
            assertThat(row.get("original").asText()).as(path).matches(MASKED);
            if (value.equals(ExplainReport.REMOVED)) {
                assertThat(now).as(path + " said removed").isNull();
            } else if (value.equals(ExplainReport.NOT_SHOWN)) {
                assertThat(now).as(path).isNotNull();
                assertThat(ExplainReport.render(now)).as(path + " said unchanged")
                        .isEqualTo(ExplainReport.render(at(input, path)));
            } else {
                assertThat(now).as(path + " said written").isNotNull();
                assertThat(ExplainReport.render(now)).as(path + " " + row.get("rule").asText()).isEqualTo(value);
            }
        }
        // nothing is written that the explanation does not show, nothing of the input is left out
        assertThat(paths(written, "")).allSatisfy(p -> assertThat(rows).as("written, not explained").containsKey(p));
        assertThat(paths(input, "")).allSatisfy(p -> assertThat(rows).as("input, not explained").containsKey(p));
    }

    @Test
    void rulesNameTheTableRowAndColumnTheOptionThePolicyLineAndTheSafetyNet() throws Exception {
        Path p = policy(dir, "options: [retain-patient-characteristics]\nrules:\n  - keyword: PatientSex\n"
                + "    action: X\n");
        JsonNode report = new ObjectMapper().readTree(explain("--policy", p.toString(), "--json", file.toString()));
        Map<String, JsonNode> rows = new HashMap<>();
        report.get("attributes").forEach(r -> rows.put(r.get("path").asText(), r));
        assertThat(rows.get("(0010,0040)").get("rule").asText()).isEqualTo("policy.yaml line 3, rules[0]");
        assertThat(rows.get("(0010,0040)").get("action").asText()).isEqualTo("X");
        assertThat(rows.get("(0010,1010)").get("rule").asText())
                .isEqualTo("PS3.15 Table E.1-1 row (0010,1010) Patient's Age, option retain-patient-characteristics K");
        assertThat(rows.get("(0010,0010)").get("rule").asText()).startsWith("PS3.15 Table E.1-1 row (0010,0010)")
                .contains("patient's pseudonym");
        assertThat(rows.get("(0010,0010)").get("newValue").asText()).startsWith("ANON-");
        assertThat(rows.get("(0028,0010)").get("rule").asText()).contains("safety net");
        assertThat(rows.get("(0028,0010)").get("newValueShown").asBoolean()).isTrue(); // Rows: nothing identifies
        assertThat(rows.values()).anySatisfy(r -> assertThat(r.get("path").asText()).contains("]/("));
        assertThat(rows.values()).anySatisfy(r -> assertThat(r.get("rule").asText()).contains("private attribute"));
        assertThat(rows.values()).anySatisfy(r -> assertThat(r.get("action").asText()).isEqualTo("A"));
    }

    @Test
    void noCanaryInTheTextTheJsonNorTheHtmlEvenWhenThePolicyKeepsIdentifyingValues() throws Exception {
        LeakScanner scanner = LeakScanner.forCorpus(corpus);
        Path html = dir.resolve("report.html");
        LeakReport report = scanner.scanText("text", explain(file.toString()))
                .merge(scanner.scanText("json", explain("--json", "--html", html.toString(), file.toString())))
                .merge(scanner.scan(html));
        // a policy that keeps what identifies: kept values are written, and still not shown
        Path keeps = policy(dir, "unlistedText: keep\nprivateCreators:\n  keep: [\"ACME 1.1\"]\nrules:\n"
                + "  - keyword: PatientName\n    action: K\n  - keyword: InstitutionName\n    action: K\n");
        String text = explain("--policy", keeps.toString(), "--html", html.toString(), file.toString());
        assertThat(text).contains(ExplainReport.NOT_SHOWN);
        report = report.merge(scanner.scanText("text, keeping policy", text)).merge(scanner.scan(html));
        // a file that would be quarantined: the reason, exit 3
        Path truncated = dir.resolve("cut.dcm");
        byte[] whole = Files.readAllBytes(file);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 100));
        out.reset();
        int code = Main.execute("explain", "--secret-file", shared.resolve("secret").toString(), "--html",
                html.toString(), truncated.toString());
        text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(Main.EXIT_QUARANTINED);
        assertThat(text).contains("would be quarantined: ");
        assertThat(Files.readString(html)).contains("<p id=\"quarantine\">");
        report = report.merge(scanner.scanText("text, quarantined", text)).merge(scanner.scan(html));
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    @Test
    void theHtmlIsSelfContainedEscapedAndHasStableIdsAndClasses() throws Exception {
        Path html = dir.resolve("r.html");
        explain("--html", html.toString(), file.toString());
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<table id=\"attributes\">")
                .contains("<p id=\"summary\">").contains("<tr class=\"action-X\" data-path=\"")
                .contains("<tr class=\"action-U\"").contains("<tr class=\"action-A\"")
                .contains("<td class=\"new-value\">").contains("default-src 'none'")
                .doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("url(");
        // every value cell is escaped: no tag but the page's own
        Matcher tags = Pattern.compile("<(/?)([a-zA-Z0-9!]+)").matcher(page);
        while (tags.find()) {
            assertThat(tags.group(2).toLowerCase()).isIn("!doctype", "html", "head", "meta", "title", "style", "body",
                    "h1", "p", "table", "thead", "tbody", "tr", "th", "td");
        }
        assertThat(org.dicomdeid.camel.console.Html.escape("<b a=\"1\">&'")).isEqualTo("&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
    }

    @Test
    void aFileThatIsNotThereIsAUsageErrorAndAWrongPolicyToo() throws Exception {
        assertThat(Main.execute("explain", dir.resolve("missing.dcm").toString())).isEqualTo(Main.EXIT_USAGE);
        Path bad = policy(dir, "optoins: []\n");
        assertThat(Main.execute("explain", "--secret-file", shared.resolve("secret").toString(), "--policy",
                bad.toString(), file.toString())).isEqualTo(Main.EXIT_USAGE);
    }

    /** The attribute at a path such as (0040,0275)[0]/(0032,1060), or null. */
    static Attribute at(AttributeList list, String path) {
        Attribute a = null;
        AttributeList current = list;
        Matcher m = STEP.matcher(path);
        while (m.find()) {
            if (current == null) {
                return null;
            }
            a = current.get(new AttributeTag(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16)));
            current = null;
            if (m.group(3) != null) {
                int index = Integer.parseInt(m.group(3));
                if (!(a instanceof SequenceAttribute seq) || index >= seq.getNumberOfItems()) {
                    return null;
                }
                current = seq.getItem(index).getAttributeList();
            }
        }
        return a;
    }

    /** Every attribute's path, nested ones included (file meta information aside: it is written anew). */
    static List<String> paths(AttributeList list, String prefix) {
        List<String> paths = new ArrayList<>();
        for (Attribute a : list.values()) {
            if (a.getTag().isFileMetaInformationGroup() && prefix.isEmpty()) {
                continue;
            }
            String path = prefix + String.format("(%04X,%04X)", a.getGroup(), a.getElement());
            paths.add(path);
            if (a instanceof SequenceAttribute seq) {
                int i = 0;
                for (Iterator<com.pixelmed.dicom.SequenceItem> it = seq.iterator(); it.hasNext(); i++) {
                    paths.addAll(paths(it.next().getAttributeList(), path + "[" + i + "]/"));
                }
            }
        }
        return paths;
    }
}
