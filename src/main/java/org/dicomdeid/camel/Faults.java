package org.dicomdeid.camel;

import org.dicomdeid.dicom.QuarantineException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * Tells a fault of the input from a fault of the environment, and says what it was without
 * naming a path. Only the input's faults go to quarantine: a {@link QuarantineException}, or any
 * other failure while processing that input ({@link RuntimeException}, {@link StackOverflowError},
 * any {@link Error}). Faults of the environment leave the input where it was, to be retried:
 * an {@link IOException} (disk full, a read-only or missing folder, permissions) and
 * {@link OutOfMemoryError}.
 */
public final class Faults {
    private Faults() {
    }

    /** True when the failure lies in the machine, not in the input. */
    public static boolean isEnvironment(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof QuarantineException) {
                return false;
            }
            if (t instanceof IOException || t instanceof OutOfMemoryError || t instanceof ReadOnlyFileSystemException) {
                return !causedByEncoding(t);
            }
        }
        return false;
    }

    /** PixelMed's refusal to encode a data set reaches us as an IOException: that is the input's fault. */
    private static boolean causedByEncoding(Throwable t) {
        return t.getCause() instanceof com.pixelmed.dicom.DicomException;
    }

    /**
     * Rethrows a failure of processing one input as what it is: environment faults as an
     * {@link IOException} (for retries), everything else as a {@link QuarantineException}.
     */
    public static Exception classify(Throwable failure) {
        if (failure instanceof QuarantineException q) {
            return q;
        }
        if (isEnvironment(failure)) {
            return failure instanceof IOException io ? io : new EnvironmentException(describe(failure), failure);
        }
        return new QuarantineException("processing failed (" + describe(failure) + ")", failure);
    }

    /** The cause in a few words, never a path: the exception's kind, and the system's reason for file errors. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        Throwable t = failure;
        while ((t instanceof EnvironmentException || t instanceof org.apache.camel.RuntimeCamelException)
                && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory";
        }
        if (t instanceof NoSuchFileException) {
            return "a file or folder is missing";
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (t instanceof FileSystemException fs) {
            // getReason() is the system's text (e.g. "No space left on device") without the paths
            return fs.getReason() != null ? fs.getReason() : t.getClass().getSimpleName();
        }
        if (t instanceof QuarantineException) {
            return t.getMessage();
        }
        String message = t.getMessage();
        if (t instanceof IOException && message != null && message.length() < 80
                && message.indexOf('/') < 0 && message.indexOf('\\') < 0) {
            // the JDK's texts for write errors are the system's ("No space left on device")
            return message + " (" + t.getClass().getSimpleName() + ")";
        }
        return t.getClass().getSimpleName();
    }

    /** A fault of the environment, already described without paths. */
    public static final class EnvironmentException extends IOException {
        public EnvironmentException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
