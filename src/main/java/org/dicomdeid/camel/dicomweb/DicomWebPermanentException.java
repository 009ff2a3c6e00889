package org.dicomdeid.camel.dicomweb;

/**
 * A DICOMweb request that will fail again as it is: the server answered 4xx (other than 408 and
 * 429: bad credentials, forbidden, not found, conflict...), refused an instance (its SOP Instance
 * UID is named), or the body was not a DICOM instance. Retrying needs a change of configuration
 * or of the data.
 */
public class DicomWebPermanentException extends DicomWebException {
    public DicomWebPermanentException(String message, int httpStatus) {
        super(message, httpStatus, null);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
