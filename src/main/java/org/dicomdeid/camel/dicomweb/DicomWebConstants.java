package org.dicomdeid.camel.dicomweb;

import org.apache.camel.spi.Metadata;

/** Message headers of the {@code dicomweb} component. */
public final class DicomWebConstants {
    @Metadata(label = "consumer", description = "The spool file holding the pulled instance until the exchange completes.",
            javaType = "String")
    public static final String SPOOL_FILE = "DicomWebSpoolFile";
    @Metadata(label = "consumer", description = "Keyed hash of the Study Instance UID the instance was pulled with"
            + " (never the UID itself).", javaType = "String")
    public static final String STUDY_HASH = "DicomWebStudyHash";
    @Metadata(label = "producer", description = "The HTTP status of the STOW-RS response (200 or 202).",
            javaType = "Integer")
    public static final String HTTP_STATUS = "DicomWebHttpStatus";
    @Metadata(label = "producer", description = "How many instances the exchange's body held and were stored.",
            javaType = "Integer")
    public static final String STORED_COUNT = "DicomWebStoredCount";

    private DicomWebConstants() {
    }
}
