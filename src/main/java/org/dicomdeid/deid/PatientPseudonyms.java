package org.dicomdeid.deid;

import org.dicomdeid.dicom.QuarantineException;

import org.dicomdeid.policy.PseudonymSettings;

import java.util.Map;

/**
 * The patient's new name and ID: either {@code prefix + keyed hash} of the original Patient ID
 * (with its issuer), identical on every file and run with the same secret so patients stay
 * linkable; or the subject ID from the trial's lookup CSV, read and checked with the policy
 * ({@link PseudonymSettings#subjects()}).
 */
public final class PatientPseudonyms {
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final ProjectSecret secret;
    private final String prefix;
    private final Map<String, String> lookup;

    public PatientPseudonyms(ProjectSecret secret, PseudonymSettings settings) {
        this.secret = secret;
        this.prefix = settings.prefix();
        this.lookup = settings.lookup().isPresent() ? settings.subjects() : null;
    }

    /** The key that identifies a patient across files: Patient ID with its issuer. */
    public static String patientKey(String patientId, String issuer) {
        return issuer.strip() + "\u0000" + patientId.strip();
    }

    public String pseudonymFor(String patientId, String issuer) throws QuarantineException {
        if (lookup != null) {
            String subject = lookup.get(patientId.strip());
            if (subject == null) {
                throw new QuarantineException("patient not in the pseudonym lookup table (patient hash "
                        + secret.logHash(patientId.strip()) + ")");
            }
            return subject;
        }
        byte[] h = secret.hmac("patient", patientKey(patientId, issuer));
        StringBuilder sb = new StringBuilder(prefix);
        // 12 base32 characters = 60 bits: collisions are negligible for any trial's cohort.
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (h[i] & 0xFF);
        }
        for (int i = 0; i < 12; i++) {
            sb.append(BASE32[(int) ((bits >>> (64 - 5 * (i + 1))) & 31)]);
        }
        return sb.toString();
    }
}
