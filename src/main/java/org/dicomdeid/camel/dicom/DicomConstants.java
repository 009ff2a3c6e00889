package org.dicomdeid.camel.dicom;

import org.apache.camel.spi.Metadata;

/** Message headers of the {@code dicom} component. */
public final class DicomConstants {
    @Metadata(label = "consumer", description = "The AE title of the peer that sent the instance.", javaType = "String")
    public static final String CALLING_AE_TITLE = "DicomCallingAeTitle";
    @Metadata(label = "consumer", description = "Our AE title, as called by the peer.", javaType = "String")
    public static final String CALLED_AE_TITLE = "DicomCalledAeTitle";
    @Metadata(label = "consumer", description = "The transfer syntax the instance was received in.", javaType = "String")
    public static final String TRANSFER_SYNTAX_UID = "DicomTransferSyntaxUid";
    @Metadata(label = "consumer", description = "The spool file holding the received instance until the exchange completes.",
            javaType = "String")
    public static final String SPOOL_FILE = "DicomSpoolFile";
    @Metadata(label = "producer", description = "The C-STORE response status (0 or a warning); with a batch, the last one.",
            javaType = "Integer")
    public static final String STORE_STATUS = "DicomStoreStatus";
    @Metadata(label = "producer", description = "How many instances the exchange's body held and were stored.",
            javaType = "Integer")
    public static final String STORED_COUNT = "DicomStoredCount";

    private DicomConstants() {
    }
}
