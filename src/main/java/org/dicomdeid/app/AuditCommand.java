package org.dicomdeid.app;

import org.dicomdeid.pipeline.AuditSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/** {@code deid audit}: counts over the audit log for a period. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Summarise the audit log: counts by outcome, route, reason, action and policy.")
public final class AuditCommand implements Callable<Integer> {
    @Option(names = "--since", paramLabel = "DATE", description = "From this day (YYYY-MM-DD, UTC) or instant (ISO-8601), inclusive")
    String since;

    @Option(names = "--until", paramLabel = "DATE", description = "Up to this day (YYYY-MM-DD, UTC, the whole day) or instant, exclusive")
    String until;

    @Parameters(paramLabel = "FILE|DIR", arity = "0..1", defaultValue = "audit",
            description = "An audit file or a folder of audit-*.jsonl (default: ./audit, the one of deid run in the current folder)")
    Path source;

    @Override
    public Integer call() throws Exception {
        Instant from;
        Instant to;
        try {
            from = since == null ? null : instant(since, false);
            to = until == null ? null : instant(until, true);
        } catch (DateTimeParseException e) {
            System.err.println("deid: --since/--until: a date YYYY-MM-DD or an instant such as 2026-12-04T10:00:00Z");
            return Main.EXIT_USAGE;
        }
        if (!Files.exists(source)) {
            System.err.println("deid: no audit log at " + source);
            return Main.EXIT_USAGE;
        }
        new AuditSummary(from, to).read(source).print(System.out);
        return Main.EXIT_OK;
    }

    /** A day means its start; as an end, the start of the next day (the whole day included). */
    static Instant instant(String text, boolean end) {
        if (text.length() == 10) {
            LocalDate day = LocalDate.parse(text);
            return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(text);
    }
}
