package org.dicomdeid.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.dicomdeid.pipeline.AuditLog;
import org.dicomdeid.pipeline.AuditRecord;
import org.dicomdeid.pipeline.AuditSummary;
import org.dicomdeid.pipeline.Outcome;
import org.dicomdeid.testing.CanaryCorpus;
import org.dicomdeid.testing.LeakReport;
import org.dicomdeid.testing.LeakScanner;
import org.dicomdeid.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's audit log ({@code deid anonymise --audit}) and {@code deid audit}'s summary. */
class AuditCommandTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @Test
    void anonymiseWritesOneCompletePhiFreeLinePerInput() throws Exception {
        CanaryCorpus corpus = CanaryCorpus.write(dir.resolve("in"));
        Files.writeString(dir.resolve("in/broken.dcm"), "not DICOM");
        Path audit = dir.resolve("trail.jsonl");
        int code = Main.execute("anonymise", "--secret-file", dir.resolve("secret").toString(), "--audit", audit.toString(),
                "--out", dir.resolve("out").toString(), dir.resolve("in").toString());
        assertThat(code).isEqualTo(Main.EXIT_QUARANTINED);
        List<String> lines = Files.readAllLines(audit);
        assertThat(lines).hasSize(corpus.files().size() + 1);
        int delivered = 0;
        for (String l : lines) {
            JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(l);
            assertThat(n.path("route").asText()).isEqualTo("cli");
            assertThat(n.path("input").asText()).matches("#\\p{XDigit}{12}");
            assertThat(n.path("policy").asText()).matches("\\p{XDigit}{16}");
            if (n.path("outcome").asText().equals("delivered")) {
                delivered++;
                assertThat(n.path("outputUid").asText()).startsWith("2.25.");
                assertThat(n.path("actions").size()).isPositive();
                assertThat(n.path("destinations").toString()).isEqualTo("[\"folder:out\"]");
            } else {
                assertThat(n.path("outcome").asText()).isEqualTo("quarantined");
                assertThat(Files.readString(dir.resolve("quarantine/broken.dcm.reason.txt")))
                        .contains("id " + n.path("input").asText());
            }
        }
        assertThat(delivered).isEqualTo(corpus.files().size());
        LeakScanner scanner = LeakScanner.forCorpus(corpus);
        LeakReport report = scanner.scan(audit).merge(scanner.scanText("log", logs.text()));
        assertThat(report.isClean()).as(report.toString()).isTrue();

        // without --audit: daily files beside the output folder
        code = Main.execute("anonymise", "--secret-file", dir.resolve("secret").toString(),
                "--out", dir.resolve("again/out").toString(), corpus.root().toString());
        assertThat(code).isEqualTo(Main.EXIT_QUARANTINED);
        assertThat(ObserveRunTest.auditLines(dir.resolve("again/audit"))).hasSize(corpus.files().size() + 1);
    }

    @Test
    void theSummaryCountsThePeriodAsked() throws Exception {
        Path folder = dir.resolve("audit");
        try (AuditLog log = AuditLog.inFolder(folder)) {
            log.append(record("2026-11-30T23:59:59Z", "folder-anonymiser", Outcome.DELIVERED, null, Map.of("X", 5, "U", 2)));
            log.append(record("2026-12-01T08:00:00Z", "folder-anonymiser", Outcome.DELIVERED, null, Map.of("X", 3, "D", 1)));
            log.append(record("2026-12-01T09:00:00Z", "dicom-receiver", Outcome.QUARANTINED, "residual phi", Map.of()));
            log.append(record("2026-12-02T10:00:00Z", "dicom-receiver", Outcome.DELIVERED, null, Map.of("X", 4)));
            log.append(record("2026-12-03T00:00:00Z", "cli", Outcome.DELIVERED, null, Map.of("X", 100)));
        }
        assertThat(folder.resolve("audit-2026-12-01.jsonl")).exists();
        Files.writeString(folder.resolve("audit-2026-12-02.jsonl"), "{\"time\":\"2026-12-02T1", java.nio.file.StandardOpenOption.APPEND);

        AuditSummary s = new AuditSummary(AuditCommand.instant("2026-12-01", false), AuditCommand.instant("2026-12-02", true))
                .read(folder);
        assertThat(s.instances()).isEqualTo(3);
        assertThat(s.unreadable()).isEqualTo(1);
        assertThat(s.outcomes()).isEqualTo(Map.of("delivered", 2, "quarantined", 1));
        assertThat(s.routes()).isEqualTo(Map.of("folder-anonymiser", 1, "dicom-receiver", 2));
        assertThat(s.reasons()).isEqualTo(Map.of("residual phi", 1));
        assertThat(s.actions()).isEqualTo(Map.of("X", 7L, "D", 1L));
        assertThat(s.policies()).isEqualTo(Map.of("0123456789abcdef", 3));

        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.execute("audit", "--since", "2026-12-01", "--until", "2026-12-01", folder.toString())).isZero();
        } finally {
            System.setOut(saved);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("instances: 2").contains("  delivered  1")
                .contains("  quarantined  1").contains("  residual phi  1");
        assertThat(Main.execute("audit", "--since", "yesterday", folder.toString())).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void reasonClassesFoldWhatDiffersBetweenInputs() {
        assertThat(org.dicomdeid.pipeline.ReasonClass.of("residual PHI: (0040,0275)[1]/(0032,1060)"))
                .isEqualTo(org.dicomdeid.pipeline.ReasonClass.of("residual PHI: (0010,0010)")).isEqualTo("residual phi");
        assertThat(org.dicomdeid.pipeline.ReasonClass.of("value of (0028,0010) has length 3, expected 2"))
                .isEqualTo("value of (tag) has length n, expected n");
        assertThat(org.dicomdeid.pipeline.ReasonClass.of("not a DICOM Part 10 file (no file meta information with"
                + " a transfer syntax, and no data set)")).isEqualTo("not a dicom part n file");
        assertThat(org.dicomdeid.pipeline.ReasonClass.of(null)).isEqualTo("unknown");
    }

    private static AuditRecord record(String time, String route, Outcome outcome, String reason, Map<String, Integer> actions) {
        return new AuditRecord(Instant.parse(time), route, "#0123456789ab", outcome, reason,
                outcome == Outcome.DELIVERED ? "2.25.1" : null, "0123456789abcdef", List.of(), actions,
                List.of(), 5, 100);
    }
}
