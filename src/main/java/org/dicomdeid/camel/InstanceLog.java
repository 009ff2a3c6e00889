package org.dicomdeid.camel;

import org.dicomdeid.pipeline.AuditRecord;
import org.dicomdeid.pipeline.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The operator's view in the log: one INFO line per input (route, keyed hash, outcome, reason
 * class, milliseconds), a summary of the last minute while inputs keep coming, and the totals
 * when the routes stop. Never a file name or a value from the image.
 */
final class InstanceLog {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceLog.class);
    private final Map<Outcome, Long> sinceSummary = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Long> total = new EnumMap<>(Outcome.class);

    void record(AuditRecord r) {
        LOG.info("{} {} {}{} {} ms", r.route(), r.input(), r.outcome().label(),
                r.reason() == null ? "" : " (" + r.reason() + ")", r.millis());
        synchronized (this) {
            sinceSummary.merge(r.outcome(), 1L, Long::sum);
            total.merge(r.outcome(), 1L, Long::sum);
        }
    }

    /** Called every minute: logs the minute's counts, if anything happened. */
    void minute() {
        String line;
        synchronized (this) {
            if (sinceSummary.isEmpty()) {
                return;
            }
            line = "last minute: " + counts(sinceSummary) + "; since start: " + counts(total);
            sinceSummary.clear();
        }
        LOG.info(line);
    }

    void stopping() {
        String line;
        synchronized (this) {
            line = counts(total);
        }
        LOG.info("stopping; since start: {}", line);
    }

    private static String counts(Map<Outcome, Long> counts) {
        return java.util.Arrays.stream(Outcome.values())
                .map(o -> o.label() + " " + counts.getOrDefault(o, 0L)).collect(Collectors.joining(", "));
    }
}
