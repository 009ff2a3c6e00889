package org.dicomdeid.camel.dicom;

import java.io.IOException;

/**
 * A C-STORE that did not succeed: the peer could not be reached, refused the association,
 * accepted no usable presentation context, or answered with a failure status. It is an
 * {@link IOException} so Camel's error handler can retry it; messages never contain values
 * from the data set (no UIDs, no PHI).
 */
public class DicomStoreException extends IOException {
    /** No DIMSE status: the failure happened before a C-STORE response. */
    public static final int NO_STATUS = -1;

    private final int status;

    public DicomStoreException(String message, Throwable cause) {
        super(message, cause);
        this.status = NO_STATUS;
    }

    public DicomStoreException(String message) {
        this(message, NO_STATUS);
    }

    public DicomStoreException(String message, int status) {
        super(status == NO_STATUS ? message : message + String.format(" (status 0x%04X)", status));
        this.status = status;
    }

    /** The C-STORE response status, or {@link #NO_STATUS}. */
    public int status() {
        return status;
    }
}
