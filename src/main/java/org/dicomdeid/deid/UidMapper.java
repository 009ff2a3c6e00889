package org.dicomdeid.deid;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Replaces UIDs with {@code 2.25.<decimal>} derived from the project secret and the original
 * UID (PS3.5 B.2: a UUID-derived root needs no registration). Deterministic, so references
 * between instances, series and studies stay consistent across files, runs and sites.
 */
public final class UidMapper {
    /** UIDs of the standard itself (SOP classes, transfer syntaxes, coding schemes) identify no one. */
    private static final String STANDARD_ROOT = "1.2.840.10008.";

    private final ProjectSecret secret;

    public UidMapper(ProjectSecret secret) {
        this.secret = secret;
    }

    public String map(String uid) {
        String u = uid.strip();
        if (u.isEmpty()) {
            return u;
        }
        byte[] h = Arrays.copyOf(secret.hmac("uid", u), 16);
        h[6] = (byte) ((h[6] & 0x0F) | 0x80); // mark as a derived UUID (version 8), as RFC 9562 permits
        h[8] = (byte) ((h[8] & 0x3F) | 0x80);
        return "2.25." + new BigInteger(1, h);
    }

    public static boolean isStandardUid(String uid) {
        return uid.strip().startsWith(STANDARD_ROOT);
    }
}
