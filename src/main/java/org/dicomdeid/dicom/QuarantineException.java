package org.dicomdeid.dicom;

/**
 * An input that cannot be de-identified safely: it goes to quarantine with this reason.
 * The message must never contain a value from the input (no PHI): say what is wrong,
 * name tags or counts, never values.
 */
public class QuarantineException extends Exception {
    public QuarantineException(String reason) {
        super(reason);
    }

    public QuarantineException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
