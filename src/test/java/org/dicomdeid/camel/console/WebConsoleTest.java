package org.dicomdeid.camel.console;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.dicomdeid.camel.FolderRouteTest;
import org.dicomdeid.camel.PoisonFiles;
import org.dicomdeid.camel.QuarantineStore;
import org.dicomdeid.camel.TransferAssertions;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.deid.SecretLocation;
import org.dicomdeid.deid.TestInstances;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.testing.CanaryCorpus;
import org.dicomdeid.testing.HeadlessChromium;
import org.dicomdeid.testing.LeakReport;
import org.dicomdeid.testing.LeakScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in Debian's Chromium, against the shipped folder route: what an operator sees
 * and clicks. Screenshots are kept under target/console-screenshots/ for people to look at.
 */
@Tag("peers")
class WebConsoleTest {
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    @TempDir
    Path home;
    private CamelContext context;
    private String base;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    /** The folder route with the lookup policy in {@code home}, and the console on a free port. */
    private void start() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("deid.policy", home.resolve("policy.yaml").toString());
        context = FolderRouteTest.loadRoute("folder-anonymiser.yaml", home, settings);
        VertxPlatformHttpServer server = ManagementServer.install(context, home,
                ManagementSettings.take(new java.util.HashMap<>(java.util.Map.of("camel.management.port", "0"))), secret());
        context.start();
        base = "http://127.0.0.1:" + server.getPort();
    }

    private ProjectSecret secret() throws IOException {
        return SecretLocation.resolve(null, SecretLocation.inHome(home));
    }

    private void policyKnowing(String... patients) throws IOException {
        Files.writeString(home.resolve("policy.yaml"), "pseudonyms:\n  lookup: subjects.csv\n");
        StringBuilder csv = new StringBuilder("originalId,subjectId\n");
        for (String p : patients) {
            csv.append(p).append(",SUBJ-").append(p).append('\n');
        }
        Files.writeString(home.resolve("subjects.csv"), csv);
    }

    @Test
    void statusQuarantineRequeueAfterAPolicyChangeDeleteAndAudit() throws Exception {
        policyKnowing("P1");
        start();
        Path inbox = home.resolve("inbox/site");
        DicomFiles.writeAtomically(TestInstances.ct("P1", "DOE^JANE", "1.2.3.9", "1.2.3.9.1", "1.2.3.9.1.1"),
                inbox.resolve("a.dcm"));
        DicomFiles.writeAtomically(TestInstances.ct("P1", "DOE^JANE", "1.2.3.9", "1.2.3.9.1", "1.2.3.9.1.2"),
                inbox.resolve("b.dcm"));
        DicomFiles.writeAtomically(TestInstances.ct("P2", "MUSTERMANN^ERIKA", "1.2.3.8", "1.2.3.8.1", "1.2.3.8.1.1"),
                inbox.resolve("MUSTERMANN_ERIKA.dcm"));
        Files.write(inbox.resolve("POISON_NESTED.dcm"), PoisonFiles.nestedSequences(5000));
        QuarantineStore store = new QuarantineStore(home.resolve("quarantine"), home.resolve("inbox"), secret());
        await(() -> files("outbox") == 2 && listed(store) == 2, "2 outputs and 2 quarantined");

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open(base + "/console");
            shot(browser, "1-status.png");
            assertThat(browser.text("#route-folder-anonymiser")).contains("Started").containsPattern("\\b4\\b");
            assertThat(browser.text("#count-outbox")).endsWith("2");
            assertThat(browser.text("#count-quarantine")).endsWith("2");
            assertThat(browser.text("#count-inbox")).endsWith("0");

            browser.clickAndWait("#nav-quarantine");
            shot(browser, "2-quarantine.png");
            String waiting = idWithReason(store, "lookup");
            String poison = idWithReason(store, "nest");
            // the id of the log line, the audit log and the reason file
            assertThat(browser.text("#q-" + waiting)).contains("#" + waiting).contains("pseudonym lookup table");
            assertThat(browser.text("#q-" + poison)).contains("#" + poison);
            assertNoFileNames(browser);

            // the trial adds P2 to its subjects: the operator restarts with the new table and requeues
            context.stop();
            policyKnowing("P1", "P2");
            start();
            browser.open(base + "/console/quarantine");
            browser.clickAndWait("#requeue-" + waiting);
            shot(browser, "3-requeued.png");
            assertThat(browser.text("#message")).startsWith("Requeued");
            assertThat(browser.exists("#q-" + waiting)).isFalse();
            await(() -> files("outbox") == 3 && listed(store) == 1, "the requeued input released");
            assertThat(store.find(waiting)).isEmpty();

            browser.clickAndWait("#delete-" + poison);  // confirm() is answered OK
            shot(browser, "4-deleted.png");
            assertThat(browser.text("#message")).isEqualTo("Deleted.");
            assertThat(browser.exists("#empty")).isTrue();
            assertThat(listed(store)).isZero();
            assertThat(files("quarantine")).isZero();

            browser.open(base + "/console");
            assertThat(browser.text("#count-outbox")).endsWith("3");
            assertThat(browser.text("#route-folder-anonymiser")).containsPattern("\\b1\\b");  // since the restart

            // the audit log of the run: the waiting input quarantined, then delivered after its requeue, under
            // the id its quarantine entry had
            Path log = AuditTail.newestLog(home.resolve("audit")).orElseThrow();
            Files.writeString(log, "{\"route\":\"folder-anonymiser\",\"outcome\":\"<script>x</script>\"}\n",
                    java.nio.file.StandardOpenOption.APPEND);
            browser.clickAndWait("#nav-audit");
            shot(browser, "5-audit.png");
            String audit = browser.text("#audit");
            assertThat(audit).contains("outcome").contains("route").contains("input")
                    .contains("<script>x</script>");  // shown as text, not run
            List<String> waitingLines = audit.lines().filter(l -> l.contains("#" + waiting)).toList();
            assertThat(waitingLines).anyMatch(l -> l.contains("quarantined")).anyMatch(l -> l.contains("delivered"));
            assertThat(audit.lines().filter(l -> l.contains("#" + poison))).singleElement()
                    .satisfies(l -> assertThat(l).contains("quarantined"));
            assertThat(audit.lines().filter(l -> l.contains("delivered"))).hasSize(3);
        }
    }

    @Test
    void actionsNeedTheTokenAndAPostAndNoPageNamesAPatient() throws Exception {
        CanaryCorpus corpus = CanaryCorpus.write(home.resolve("corpus"));
        policyKnowing();  // nobody in the lookup: every canary instance is quarantined
        start();
        for (Path f : corpus.files()) {
            Path target = home.resolve("inbox").resolve(corpus.root().relativize(f));
            Files.createDirectories(target.getParent());
            Files.copy(f, target);
        }
        QuarantineStore store = new QuarantineStore(home.resolve("quarantine"), home.resolve("inbox"), secret());
        int all = corpus.files().size();
        await(() -> listed(store) == all, all + " quarantined");
        String id = store.list().get(0).hex();

        HttpClient http = HttpClient.newHttpClient();
        String form = "id=" + id + "&token=guessed";
        assertThat(post(http, "/console/quarantine/delete", form, null).statusCode()).isEqualTo(403);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/console/quarantine/delete?id=" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isGreaterThanOrEqualTo(400);
        String token = http.send(HttpRequest.newBuilder(URI.create(base + "/console/quarantine")).build(),
                HttpResponse.BodyHandlers.ofString()).body().replaceFirst("(?s).*name=\"token\" value=\"([0-9a-f]+)\".*", "$1");
        assertThat(post(http, "/console/quarantine/delete", "id=" + id + "&token=" + token, "http://evil.example")
                .statusCode()).as("another site's form").isEqualTo(403);
        assertThat(store.find(id)).isPresent();

        LeakScanner scanner = LeakScanner.forCorpus(corpus);
        LeakReport report = null;
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            for (String page : List.of("/console", "/console/quarantine", "/console/audit")) {
                browser.open(base + page);
                LeakReport pageReport = scanner.scanText(page, browser.html()).merge(scanner.scanText(page, browser.text()));
                report = report == null ? pageReport : report.merge(pageReport);
            }
            shot(browser, "6-canary-quarantine.png");
            browser.open(base + "/console/quarantine");
            assertThat(browser.html()).contains("id=\"q-" + id + "\"");
            assertNoFileNames(browser);
        }
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(post(http, "/console/quarantine/delete", "id=" + id + "&token=" + token, base).statusCode())
                .isEqualTo(303);
        assertThat(store.find(id)).isEmpty();
    }

    private HttpResponse<String> post(HttpClient http, String path, String form, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertNoFileNames(HeadlessChromium browser) throws IOException {
        String html = browser.html();
        assertThat(html).doesNotContain(".dcm").doesNotContain("MUSTERMANN").doesNotContain("POISON")
                .doesNotContain("site/");
    }

    private static String idWithReason(QuarantineStore store, String word) throws IOException {
        return store.list().stream().filter(e -> e.reason().contains(word)).findFirst().orElseThrow().hex();
    }

    private static void shot(HeadlessChromium browser, String name) throws IOException {
        Path png = browser.screenshot(SCREENSHOTS.resolve(name));
        assertThat(HeadlessChromium.distinctColours(png)).as(name + " is not blank").isGreaterThan(10);
    }

    private static int listed(QuarantineStore store) {
        try {
            return store.list().size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Files a consumer would see, reasons left out (files renamed while it reads are skipped). */
    private long files(String folder) {
        try {
            return TransferAssertions.visibleFiles(home.resolve(folder)).stream()
                    .filter(name -> !name.endsWith(".reason.txt")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (long end = System.nanoTime() + 120_000_000_000L; System.nanoTime() < end; ) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
