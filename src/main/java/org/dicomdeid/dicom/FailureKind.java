package org.dicomdeid.dicom;

import java.io.IOException;

/**
 * Whose fault a failed exchange was. The environment's (an IOException anywhere in the causes:
 * disk full, permissions, a destination down; out of memory or another VirtualMachineError; an
 * interruption): the input is kept and tried again. Otherwise the input's: a
 * {@link QuarantineException}, a RuntimeException, a StackOverflowError (a deeply nested data
 * set) or another Error: the input is quarantined. Texts name only kinds of failure, never
 * values: a QuarantineException's message is PHI-free by contract, other messages are not used.
 * Shared by the intakes that keep their inputs in a spool (the dicom: and dicomweb: consumers).
 */
public final class FailureKind {
    private FailureKind() {
    }

    public static boolean isEnvironment(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof QuarantineException || t instanceof StackOverflowError) {
                return false;
            }
            if (t instanceof IOException || t instanceof VirtualMachineError || t instanceof InterruptedException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The quarantine reason. */
    public static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof QuarantineException q) {
                return q.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return "processing failed (" + describe(failure) + ")";
    }

    /** The kind of the innermost cause, e.g. "StackOverflowError". */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
