package org.dicomdeid.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One line of the audit log: what happened to one input, in counts, hashes and names of
 * configuration, never a value from the image.
 *
 * @param time         when processing ended
 * @param route        the Camel route id, or {@code cli} for {@code deid anonymise}
 * @param input        the input's keyed hash ({@code #} + 12 hex digits, as in the log and the quarantine reason)
 * @param outcome      how it ended
 * @param reason       the reason class for quarantined, dropped and failed inputs ({@link ReasonClass}); else null
 * @param outputUid    the de-identified SOP Instance UID; null when nothing was released
 * @param policy       the {@link PolicyFingerprint} of the policy applied; null if none was reached
 * @param options      the profile options in force
 * @param actions      actions applied, by the standard's letter
 * @param destinations where the output went (destination names, never file names)
 * @param millis       processing time
 * @param bytes        size of the input
 */
public record AuditRecord(Instant time, String route, String input, Outcome outcome, String reason, String outputUid,
                          String policy, List<String> options, Map<String, Integer> actions, List<String> destinations,
                          long millis, long bytes) {
}
