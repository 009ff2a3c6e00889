package org.dicomdeid.app;

import org.dicomdeid.testing.CanaryCorpus;
import org.dicomdeid.testing.HeadlessChromium;
import org.dicomdeid.testing.LeakReport;
import org.dicomdeid.testing.LeakScanner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report of {@code deid explain --html}, opened in Debian's Chromium as a person opens it
 * (a file: URL): the table a reader sees names the actions and rules the engine took, no canary of
 * the instance shows, and the page is not blank. The screenshot is kept under
 * target/explain-screenshots/ for people to look at.
 */
@Tag("peers")
class ExplainReportBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target/explain-screenshots");
    private static final Pattern ROWS = Pattern.compile("^(\\d+) attributes; policy: policy\\.yaml");

    @TempDir
    Path dir;

    @Test
    void theRenderedTableShowsEachActionAndItsRuleAndNoCanary() throws Exception {
        CanaryCorpus corpus = CanaryCorpus.write(dir.resolve("in"),
                new CanaryCorpus.Options(new CanaryCorpus.Shape(1, 1, 1, 1), 11, false));
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "rules:\n  - keyword: PatientSex\n    action: X\n"
                + "  - keyword: InstitutionName\n    action: D\n");
        Path html = dir.resolve("report.html");
        String stdout = explain("--secret-file", dir.resolve("secret").toString(), "--policy", policy.toString(),
                "--html", html.toString(), corpus.files().get(0).toString());

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open(html);
            Path png = browser.screenshot(SCREENSHOTS.resolve("explain-report.png"));
            assertThat(HeadlessChromium.distinctColours(png)).as("the report is not blank").isGreaterThan(10);

            Matcher summary = ROWS.matcher(browser.text("#summary"));
            assertThat(summary.find()).as(browser.text("#summary")).isTrue();
            assertThat(browser.exists("#quarantine")).isFalse();
            assertThat(browser.text("#legend")).contains("X remove").contains("D dummy");
            assertThat(rowCount(browser.html())).as("one rendered row per attribute")
                    .isEqualTo(Integer.parseInt(summary.group(1))).isGreaterThan(50);

            // the profile replaces the patient's name by the pseudonym: Table E.1-1's row is named
            String name = row("(0010,0010)");
            assertThat(browser.exists(name + ".action-Z") || browser.exists(name + ".action-D"))
                    .as("Patient's Name is emptied or replaced").isTrue();
            assertThat(browser.text(name + " td.name")).isEqualTo("PatientName");
            assertThat(browser.text(name + " td.vr")).isEqualTo("PN");
            assertThat(browser.text(name + " td.rule")).startsWith("PS3.15 Table E.1-1 row (0010,0010)");
            assertThat(browser.text(name + " td.new-value")).startsWith("ANON-");
            assertThat(browser.text(name + " td.original")).matches("PN, \\d+ bytes");

            // the policy's own lines: one removal, one dummy
            String sex = row("(0010,0040)");
            assertThat(browser.exists(sex + ".action-X")).as("Patient's Sex removed").isTrue();
            assertThat(browser.text(sex + " td.action")).isEqualTo("X");
            assertThat(browser.text(sex + " td.rule")).isEqualTo("policy.yaml line 2, rules[0]");
            assertThat(browser.text(sex + " td.new-value")).isEqualTo(ExplainReport.REMOVED);
            String institution = row("(0008,0080)");
            assertThat(browser.exists(institution + ".action-D")).as("Institution Name dummied").isTrue();
            assertThat(browser.text(institution + " td.rule")).isEqualTo("policy.yaml line 4, rules[1]");
            assertThat(browser.text(institution + " td.new-value")).isNotEmpty()
                    .isNotEqualTo(ExplainReport.REMOVED);

            // a UID replaced, and an attribute the engine adds
            assertThat(browser.exists(row("(0008,0018)") + ".action-U")).as("SOP Instance UID replaced").isTrue();
            assertThat(browser.exists("tr.action-A td.rule")).as("an added attribute").isTrue();

            LeakScanner scanner = LeakScanner.forCorpus(corpus);
            LeakReport leaks = scanner.scanText("rendered page", browser.text())
                    .merge(scanner.scanText("page DOM", browser.html()))
                    .merge(scanner.scanText("stdout", stdout))
                    .merge(scanner.scan(html));
            assertThat(leaks.isClean()).as(leaks.toString()).isTrue();
            assertThat(leaks.sourcesScanned()).as("page text, DOM, stdout, file").isGreaterThanOrEqualTo(4);
        }
    }

    private static String row(String path) {
        return "tr[data-path=\"" + path + "\"]";
    }

    private static int rowCount(String dom) {
        Matcher m = Pattern.compile("<tr class=\"action-[A-Z]+\" data-path=").matcher(dom);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String explain(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            String[] all = new String[args.length + 1];
            all[0] = "explain";
            System.arraycopy(args, 0, all, 1, args.length);
            code = Main.execute(all);
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(Main.EXIT_OK);
        return text;
    }
}
