package org.dicomdeid.camel.console;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.util.URISupport;
import org.dicomdeid.camel.QuarantineStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The console's three pages. They show counts, states, reasons (PHI-free by contract) and keyed
 * hashes, never a file name: quarantined and waiting inputs keep their original names, which can
 * identify a patient.
 */
final class ConsolePages {
    static final int AUDIT_LINES = 200;
    private static final long COUNT_CAP = 100_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final CamelContext context;
    private final RouteStatistics statistics;
    private final Path home;
    private final QuarantineStore quarantine;
    private final String token;

    ConsolePages(CamelContext context, RouteStatistics statistics, Path home, QuarantineStore quarantine, String token) {
        this.context = context;
        this.statistics = statistics;
        this.home = home;
        this.quarantine = quarantine;
        this.token = token;
    }

    String status() throws IOException {
        long now = System.currentTimeMillis();
        List<String> routes = new ArrayList<>();
        for (Route route : context.getRoutes().stream().sorted((a, b) -> a.getId().compareTo(b.getId())).toList()) {
            RouteStatistics.Counts counts = statistics.of(route.getId());
            routes.add(Html.row("route-" + route.getId(), Html.cell(route.getId())
                    + Html.cell(context.getRouteController().getRouteStatus(route.getId()))
                    + Html.number(counts.completed()) + Html.number(counts.failed())
                    + Html.number(context.getInflightRepository().size(route.getId()))
                    + Html.number(counts.lastMinute(now))));
        }
        List<String> folders = new ArrayList<>();
        for (String folder : List.of("inbox", "outbox", "archive")) {
            folders.add(countRow("count-" + folder, folder, countFiles(home.resolve(folder))));
        }
        folders.add(countRow("count-quarantine", "quarantine", quarantine.list().size()));
        List<String> spools = new ArrayList<>();
        Path spoolRoot = home.resolve("spool");
        if (Files.isDirectory(spoolRoot)) {
            try (Stream<Path> dirs = Files.list(spoolRoot)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    String name = dir.getFileName().toString();
                    spools.add(countRow("spool-" + name, name, countFiles(dir)));
                }
            }
        }
        Set<String> endpoints = new TreeSet<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            String uri = endpoint.getEndpointUri();
            if (!uri.startsWith("platform-http:")) {
                endpoints.add(URISupport.sanitizeUri(uri));
            }
        }
        return Html.page("Status",
                "<h2>Routes</h2>\n" + Html.table("routes",
                        List.of("route", "state", "completed", "failed", "in flight", "last minute"), routes)
                        + "<p>Completed includes inputs quarantined by their route; failed are exchanges no route"
                        + " handled (the input stays for a retry).</p>\n"
                        + "<h2>Folders</h2>\n" + Html.table("counts", List.of("folder", "files"), folders)
                        + "<h2>Spools</h2>\n" + (spools.isEmpty() ? "<p id=\"no-spools\">No spool folder.</p>\n"
                        : Html.table("spools", List.of("spool", "files"), spools))
                        + "<h2>Endpoints</h2>\n" + Html.table("endpoints", List.of("endpoint"),
                        endpoints.stream().map(e -> Html.row(null, Html.cell(e))).toList()));
    }

    String quarantinePage(String message) throws IOException {
        List<String> rows = new ArrayList<>();
        for (QuarantineStore.Entry entry : quarantine.list()) {
            String id = entry.hex();
            rows.add(Html.row("q-" + id, "<td class=\"id\">" + Html.escape(entry.id()) + "</td>"
                    + "<td class=\"reason\">" + Html.escape(entry.reason().isEmpty() ? "(no reason recorded)" : entry.reason())
                    + "</td><td class=\"time\">" + TIME.format(entry.time()) + "</td>" + Html.number(entry.size())
                    + "<td>" + action("requeue", id, "Requeue", "")
                    + " " + action("delete", id, "Delete",
                    " onsubmit=\"return confirm('Delete this quarantined original for good?')\"") + "</td>"));
        }
        String notice = message == null ? "" : "<p id=\"message\">" + Html.escape(message) + "</p>\n";
        return Html.page("Quarantine", notice
                + "<p>Inputs that could not be de-identified, named by the keyed hash the log and the audit log use"
                + " (<code>deid requeue HASH</code> takes it too). Requeue puts an input back into the inbox, to be"
                + " processed with the policy now in force.</p>\n"
                + (rows.isEmpty() ? "<p id=\"empty\">The quarantine is empty.</p>\n" : "")
                + Html.table("quarantine", List.of("input", "reason", "quarantined", "bytes", "actions"), rows));
    }

    private String action(String verb, String id, String label, String extra) {
        return "<form method=\"post\" action=\"/console/quarantine/" + verb + "\"" + extra + ">"
                + "<input type=\"hidden\" name=\"id\" value=\"" + Html.escape(id) + "\">"
                + "<input type=\"hidden\" name=\"token\" value=\"" + Html.escape(token) + "\">"
                + "<button type=\"submit\" id=\"" + verb + "-" + Html.escape(id) + "\">" + label + "</button></form>";
    }

    String audit() throws IOException {
        Path folder = home.resolve("audit");
        var log = AuditTail.newestLog(folder);
        if (log.isEmpty()) {
            return Html.page("Audit", "<p id=\"no-audit\">No audit log yet.</p>\n");
        }
        List<Map<String, Object>> lines = AuditTail.lastLines(log.get(), AUDIT_LINES);
        Set<String> columns = new LinkedHashSet<>();
        lines.forEach(line -> columns.addAll(line.keySet()));
        List<String> rows = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0; i--) {  // newest first
            StringBuilder cells = new StringBuilder();
            for (String column : columns) {
                Object value = lines.get(i).get(column);
                cells.append(Html.cell(value == null ? "" : value));
            }
            rows.add(Html.row(null, cells.toString()));
        }
        return Html.page("Audit", "<p>The last " + lines.size() + " lines of the audit log, newest first.</p>\n"
                + Html.table("audit", List.copyOf(columns), rows));
    }

    private static String countRow(String id, String label, long count) {
        return Html.row(id, Html.cell(label) + (count >= COUNT_CAP ? "<td class=\"n\">" + COUNT_CAP + "+</td>"
                : Html.number(count)));
    }

    /** Regular files under {@code dir}, temporary dot-names and reasons left out; stops counting at a cap. */
    static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getFileName().toString().endsWith(".reason.txt"))
                    .limit(COUNT_CAP).count();
        }
    }

}
