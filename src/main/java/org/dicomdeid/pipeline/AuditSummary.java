package org.dicomdeid.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Counts over the audit log for a period: by outcome, route, reason class, action letter and
 * policy hash. Reads one file or every {@code *.jsonl} of a folder; lines it cannot read are
 * counted, not fatal (a line cut by a crash is the last of its file).
 */
public final class AuditSummary {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Instant since;
    private final Instant until;
    private int instances;
    private int unreadable;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final Map<String, Integer> routes = new TreeMap<>();
    private final Map<String, Integer> reasons = new TreeMap<>();
    private final Map<String, Long> actions = new TreeMap<>();
    private final Map<String, Integer> policies = new TreeMap<>();

    /** {@code since} inclusive, {@code until} exclusive; null: unbounded. */
    public AuditSummary(Instant since, Instant until) {
        this.since = since;
        this.until = until;
    }

    public AuditSummary read(Path fileOrFolder) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(fileOrFolder)) {
            try (Stream<Path> s = Files.list(fileOrFolder)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().forEach(files::add);
            }
        } else {
            files.add(fileOrFolder);
        }
        for (Path f : files) {
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        add(line);
                    }
                }
            }
        }
        return this;
    }

    private void add(String line) {
        JsonNode n;
        Instant time;
        try {
            n = JSON.readTree(line);
            time = Instant.parse(n.path("time").asText());
        } catch (IOException | RuntimeException e) {
            unreadable++;
            return;
        }
        if ((since != null && time.isBefore(since)) || (until != null && !time.isBefore(until))) {
            return;
        }
        instances++;
        outcomes.merge(n.path("outcome").asText("?"), 1, Integer::sum);
        routes.merge(n.path("route").asText("?"), 1, Integer::sum);
        if (!n.path("reason").isNull() && !n.path("reason").isMissingNode()) {
            reasons.merge(n.path("reason").asText(), 1, Integer::sum);
        }
        if (!n.path("policy").isNull() && !n.path("policy").isMissingNode()) {
            policies.merge(n.path("policy").asText(), 1, Integer::sum);
        }
        n.path("actions").fields().forEachRemaining(e -> actions.merge(e.getKey(), e.getValue().asLong(), Long::sum));
    }

    public int instances() {
        return instances;
    }

    public int unreadable() {
        return unreadable;
    }

    public Map<String, Integer> outcomes() {
        return outcomes;
    }

    public Map<String, Integer> routes() {
        return routes;
    }

    public Map<String, Integer> reasons() {
        return reasons;
    }

    public Map<String, Long> actions() {
        return actions;
    }

    public Map<String, Integer> policies() {
        return policies;
    }

    public void print(PrintStream out) {
        out.println("instances: " + instances + (unreadable > 0 ? " (" + unreadable + " unreadable lines skipped)" : ""));
        section(out, "by outcome", outcomes);
        section(out, "by route", routes);
        section(out, "quarantined/dropped/failed by reason", reasons);
        section(out, "actions", actions);
        section(out, "by policy", policies);
    }

    private static void section(PrintStream out, String title, Map<String, ? extends Number> counts) {
        if (counts.isEmpty()) {
            return;
        }
        out.println(title + ":");
        counts.forEach((k, v) -> out.println("  " + k + "  " + v));
    }
}
