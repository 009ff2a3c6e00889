package org.dicomdeid.policy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How patients are named after de-identification: a deterministic pseudonym
 * ({@code prefix} + a secret-keyed hash of the original Patient ID), or the trial's own subject
 * IDs from a lookup CSV (original Patient ID → subject ID), read and checked one-to-one when the
 * policy is loaded. With a lookup table, a patient missing from it is quarantined rather than
 * given an unplanned pseudonym.
 */
public record PseudonymSettings(String prefix, Path lookupCsv, Map<String, String> subjects) {
    public static final String DEFAULT_PREFIX = "ANON-";

    public PseudonymSettings {
        subjects = subjects == null ? Map.of() : Map.copyOf(subjects);
    }

    public static PseudonymSettings defaults() {
        return new PseudonymSettings(DEFAULT_PREFIX, null, Map.of());
    }

    /** With the lookup CSV {@code csv}, read and checked now; {@code place} names it in errors. */
    static PseudonymSettings withLookup(String prefix, Path csv, String place) throws PolicyException {
        return new PseudonymSettings(prefix, csv, PseudonymLookup.read(csv, place));
    }

    public Optional<Path> lookup() {
        return Optional.ofNullable(lookupCsv);
    }
}
