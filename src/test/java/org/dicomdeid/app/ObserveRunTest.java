package org.dicomdeid.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dicomdeid.testing.CanaryCorpus;
import org.dicomdeid.testing.LeakReport;
import org.dicomdeid.testing.LeakScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deid run} observed from outside, as an operator sees it: the canary corpus and a broken
 * file go through the folder route of a separate JVM, while /observe/health, /observe/metrics and
 * the web console answer on one address of 127.0.0.1; then the log, the audit log, the reason file
 * and the console's quarantine page agree, and none of them holds a canary. (Settings, credential
 * and ports: ManagementSettingsTest.)
 */
class ObserveRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path home;

    @Test
    void managementAnswersWhileTheFolderRouteRunsAndTheAuditIsCompleteAndPhiFree() throws Exception {
        CanaryCorpus corpus = CanaryCorpus.write(home.resolve("inbox/study"));
        Files.writeString(home.resolve("inbox/broken.dcm"), "not DICOM at all");
        int inputs = corpus.files().size() + 1;
        int port = freePort();
        Path log = home.resolve("../observe-run.log").normalize();
        String consolePage;
        try (DeidProcess run = DeidProcess.run(home, log, List.of(Path.of("routes/folder-anonymiser.yaml")),
                "camel.management.port=" + port)) {
            String base = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            String metrics = "";
            while (System.nanoTime() < deadline && run.isAlive()) {
                metrics = get(base + "/observe/metrics").body();
                if (value(metrics, "deid_instances_total", "folder-anonymiser", "delivered") == corpus.files().size()
                        && value(metrics, "deid_instances_total", "folder-anonymiser", "quarantined") == 1) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(value(metrics, "deid_instances_total", "folder-anonymiser", "delivered"))
                    .as(run.logTail()).isEqualTo(corpus.files().size());
            assertThat(value(metrics, "deid_instances_total", "folder-anonymiser", "quarantined")).isEqualTo(1);
            assertThat(metrics).contains("deid_quarantined_total{route=\"folder-anonymiser\",outcome=\"quarantined\",reason=\"")
                    .containsPattern("camel_route_exchanges_total\\{route=\"folder-anonymiser\"} \\d+")
                    .contains("deid_destination_up{destination=\"folder:outbox\"} 1");
            HttpResponse<String> health = get(base + "/observe/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"UP\"");
            // one server: the web console answers on the same address
            HttpResponse<String> console = get(base + "/console/quarantine");
            assertThat(console.statusCode()).isEqualTo(200);
            consolePage = console.body();
            run.stop(); // SIGTERM: camel-main stops the routes gracefully (the JVM exits 143)
        }
        String logText = Files.readString(log);
        assertThat(logText).containsPattern("(?m)^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  InstanceLog - folder-anonymiser #\\p{XDigit}{12} delivered \\d+ ms")
                .contains("stopping; since start: delivered " + corpus.files().size() + ", quarantined 1, dropped 0");

        List<JsonNode> audit = auditLines(home.resolve("audit"));
        assertThat(audit).hasSize(inputs);
        for (JsonNode line : audit) {
            assertThat(line.path("time").asText()).isNotEmpty();
            assertThat(line.path("route").asText()).isEqualTo("folder-anonymiser");
            assertThat(line.path("input").asText()).matches("#\\p{XDigit}{12}");
            assertThat(line.path("policy").asText()).matches("\\p{XDigit}{16}");
            if (line.path("outcome").asText().equals("delivered")) {
                assertThat(line.path("outputUid").asText()).startsWith("2.25.");
                assertThat(line.path("actions").path("X").asInt()).isPositive();
                assertThat(line.path("destinations").toString()).isEqualTo("[\"folder:outbox\"]");
            } else {
                assertThat(line.path("outcome").asText()).isEqualTo("quarantined");
                assertThat(line.path("reason").asText()).isNotEmpty();
                String reasonFile = Files.readString(home.resolve("quarantine/broken.dcm.reason.txt"));
                assertThat(reasonFile).contains("id " + line.path("input").asText());
                assertThat(logText).contains(line.path("input").asText() + " quarantined");
                assertThat(consolePage).contains("<td class=\"id\">" + line.path("input").asText() + "</td>");
            }
        }
        LeakScanner scanner = LeakScanner.forCorpus(corpus);
        LeakReport report = scanner.scan(home.resolve("audit")).merge(scanner.scanText("log", logText))
                .merge(scanner.scanText("console", consolePage));
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    private HttpResponse<String> get(String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new HttpResponse<>() { // not listening yet: as an empty answer, polled again
                public int statusCode() { return 0; }
                public HttpRequest request() { return null; }
                public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
                public java.net.http.HttpHeaders headers() { return null; }
                public String body() { return ""; }
                public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
                public URI uri() { return URI.create(url); }
                public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
            };
        }
    }

    private static long value(String metrics, String name, String route, String outcome) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{route=\"" + route + "\",outcome=\"" + outcome + "\"} (\\d+)$")
                .matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static List<JsonNode> auditLines(Path folder) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                assertThat(f.getFileName().toString()).matches("audit-\\d{4}-\\d{2}-\\d{2}\\.jsonl");
                for (String l : Files.readAllLines(f)) {
                    lines.add(JSON.readTree(l));
                }
            }
        }
        return lines;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
