package org.dicomdeid.pipeline;

import org.dicomdeid.dicom.QuarantineException;

/**
 * A policy filter said to drop the instance: it is not de-identified and nothing is written.
 * Every intake releases the input as handled (the CLI counts it, the folder routes move it to
 * {@code dropped/}, the receiver acknowledges it and forgets it). It is a
 * {@link QuarantineException} so that an intake that does not know about drops quarantines the
 * input, with the filter named, instead of losing it or retrying it forever.
 */
public final class DroppedByFilter extends QuarantineException {
    private final String filter;

    public DroppedByFilter(String filter) {
        super("dropped by filter '" + filter + "'");
        this.filter = filter;
    }

    /** The filter's name, from the policy (never a value of the instance). */
    public String filter() {
        return filter;
    }
}
