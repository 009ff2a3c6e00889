package org.dicomdeid.camel.dicomweb;

/**
 * A DICOMweb request that may succeed later: the server could not be reached (connection
 * refused, timeout, connection cut), answered 408, 429 or 5xx, or refused an instance for lack
 * of resources (failure reason A7xx). Retry with back-off.
 */
public class DicomWebTransientException extends DicomWebException {
    public DicomWebTransientException(String message, int httpStatus, Throwable cause) {
        super(message, httpStatus, cause);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
