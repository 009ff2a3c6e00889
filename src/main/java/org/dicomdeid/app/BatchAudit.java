package org.dicomdeid.app;

import org.dicomdeid.pipeline.AuditLog;
import org.dicomdeid.pipeline.AuditRecord;
import org.dicomdeid.pipeline.Outcome;
import org.dicomdeid.pipeline.ReasonClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The audit log of a CLI batch ({@code deid anonymise}): route {@code cli}, destination the --out folder. */
public final class BatchAudit {
    private final AuditLog log;
    private final String policyHash;
    private final List<String> options;
    private final String destination;

    public BatchAudit(AuditLog log, String policyHash, List<String> options, Path out) {
        this.log = log;
        this.policyHash = policyHash;
        this.options = options;
        this.destination = "folder:" + out.toAbsolutePath().normalize().getFileName();
    }

    void record(String input, Outcome outcome, String reason, String outputUid, Map<String, Integer> actions,
                long millis, Path file) throws IOException {
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            bytes = 0;
        }
        log.append(new AuditRecord(Instant.now(), "cli", input, outcome, reason == null ? null : ReasonClass.of(reason),
                outputUid, policyHash, options, actions,
                outcome == Outcome.DELIVERED ? List.of(destination) : List.of(), millis, bytes));
    }
}
