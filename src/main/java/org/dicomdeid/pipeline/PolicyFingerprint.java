package org.dicomdeid.pipeline;

import org.dicomdeid.policy.Policy;
import org.dicomdeid.policy.ProfileOption;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Which policy de-identified an instance, for the audit log: 16 hex digits of a SHA-256 over the
 * policy file's bytes (or the name of the built-in profile), the options in force, the cipher and
 * the number of recipients. Two runs with the same hash applied the same rules; the file itself
 * is what an auditor compares against.
 */
public final class PolicyFingerprint {
    private PolicyFingerprint() {
    }

    public static String of(Policy policy) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Path file = Path.of(policy.source());
            byte[] rules;
            try {
                rules = Files.isRegularFile(file) ? Files.readAllBytes(file) : policy.source().getBytes(StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                rules = policy.source().getBytes(StandardCharsets.UTF_8);
            }
            sha.update(rules);
            sha.update((byte) 0);
            sha.update(String.join(",", options(policy)).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update((policy.cipher() + "/" + policy.recipients().size()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The options in force, by their command-line names, in the profile's order. */
    public static List<String> options(Policy policy) {
        return policy.options().stream().sorted().map(ProfileOption::cliName).toList();
    }
}
