package org.dicomdeid.pipeline;

import java.util.Locale;

/** How the processing of one input ended, as the log, the metrics and the audit log count it. */
public enum Outcome {
    /** De-identified and handed to its destinations (or, for the CLI, written under --out). */
    DELIVERED,
    /** Refused or failed because of the input itself: it waits in the quarantine folder with its reason. */
    QUARANTINED,
    /** Left out on purpose by a route (a policy filter): nothing delivered, nothing quarantined. */
    DROPPED,
    /** A fault of the machine (disk full, permissions, out of memory): the input stays where it was, for a retry. */
    FAILED_ENVIRONMENT;

    /** The name in logs, metrics labels and the audit log: {@code delivered}, {@code failed_environment}... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
