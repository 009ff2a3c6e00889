package org.dicomdeid.camel.dicomweb;

import java.io.IOException;

/**
 * A DICOMweb request that did not succeed. Two kinds, so that a delivery stage can decide
 * without parsing messages: {@link DicomWebTransientException} (try again later: the server is
 * down, overloaded or timed out) and {@link DicomWebPermanentException} (trying again will not
 * help: the server refused the request or the instance). Messages name the HTTP status and, for
 * instances the server refused, their SOP Instance UID (de-identified by then), never other
 * values.
 */
public abstract class DicomWebException extends IOException {
    /** No HTTP status: the failure happened before a response. */
    public static final int NO_STATUS = -1;

    private final int httpStatus;

    protected DicomWebException(String message, int httpStatus, Throwable cause) {
        super(httpStatus == NO_STATUS ? message : message + " (HTTP " + httpStatus + ")", cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the response, or {@link #NO_STATUS}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the same request may succeed later. */
    public abstract boolean isTransient();

    /**
     * The exception for a response of {@code status} that is not a success: 408 (timeout), 429
     * (too many requests) and 5xx are transient, every other status permanent.
     */
    static DicomWebException forStatus(String message, int status) {
        if (status == 408 || status == 429 || status >= 500) {
            return new DicomWebTransientException(message, status, null);
        }
        return new DicomWebPermanentException(message, status);
    }
}
