package org.dicomdeid.policy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How patients are named after de-identification: a deterministic pseudonym
 * ({@code prefix} + a secret-keyed hash of the original Patient ID), or the trial's own subject
 * IDs from a lookup CSV (original Patient ID → subject ID). With a lookup table, a patient missing
 * from it is quarantined rather than given an unplanned pseudonym.
 */
public record PseudonymSettings(String prefix, Path lookupCsv) {
    public static final String DEFAULT_PREFIX = "ANON-";

    public static PseudonymSettings defaults() {
        return new PseudonymSettings(DEFAULT_PREFIX, null);
    }

    public Optional<Path> lookup() {
        return Optional.ofNullable(lookupCsv);
    }
}
