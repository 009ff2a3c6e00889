package org.dicomdeid.camel.dicom;

import org.apache.camel.spi.Metadata;

/** Message headers of the {@code dicom} component. */
public final class DicomConstants {
    @Metadata(label = "consumer", description = "The AE title of the peer that sent the instance.", javaType = "String")
    public static final String CALLING_AE_TITLE = "CamelDicomCallingAeTitle";
    @Metadata(label = "consumer", description = "Our AE title, as called by the peer.", javaType = "String")
    public static final String CALLED_AE_TITLE = "CamelDicomCalledAeTitle";
    @Metadata(description = "The transfer syntax the instance was received in (consumer);"
            + " in any route, after the dicomHeaders bean or the anonymiser, the one the input was encoded in.",
            javaType = "String")
    public static final String TRANSFER_SYNTAX_UID = "CamelDicomTransferSyntaxUid";
    @Metadata(label = "consumer", description = "The spool file holding the received instance until the exchange completes.",
            javaType = "String")
    public static final String SPOOL_FILE = "CamelDicomSpoolFile";
    @Metadata(label = "producer", description = "The C-STORE response status (0 or a warning); with a batch, the last one.",
            javaType = "Integer")
    public static final String STORE_STATUS = "CamelDicomStoreStatus";
    @Metadata(label = "producer", description = "How many instances the exchange's body held and were stored.",
            javaType = "Integer")
    public static final String STORED_COUNT = "CamelDicomStoredCount";


    // Content headers: set in any route by the dicomHeaders bean (org.dicomdeid.camel.DicomHeaders)
    // and, where still absent, by the anonymiser, from the input instance. Only what PS3.15 keeps in a
    // de-identified output (what the object is and what made it), never a name, ID or date; a value
    // that does not have its VR's syntax is left out (see org.dicomdeid.dicom.RoutingAttribute).
    @Metadata(description = "SOP Class UID (0008,0016) of the input, e.g. 1.2.840.10008.5.1.4.1.1.2 for CT.",
            javaType = "String")
    public static final String SOP_CLASS_UID = "CamelDicomSopClassUid";
    @Metadata(description = "Modality (0008,0060) of the input, e.g. CT, MR, SR.", javaType = "String")
    public static final String MODALITY = "CamelDicomModality";
    @Metadata(description = "Image Type (0008,0008) of the input, values joined by a backslash, e.g."
            + " ORIGINAL\\PRIMARY\\AXIAL or DERIVED\\SECONDARY\\SCREEN SAVE.", javaType = "String")
    public static final String IMAGE_TYPE = "CamelDicomImageType";
    @Metadata(description = "Burned In Annotation (0028,0301) of the input: YES or NO.", javaType = "String")
    public static final String BURNED_IN_ANNOTATION = "CamelDicomBurnedInAnnotation";
    @Metadata(description = "Manufacturer (0008,0070) of the equipment that produced the input.", javaType = "String")
    public static final String MANUFACTURER = "CamelDicomManufacturer";
    @Metadata(description = "Manufacturer's Model Name (0008,1090) of the equipment that produced the input.",
            javaType = "String")
    public static final String MANUFACTURER_MODEL_NAME = "CamelDicomManufacturerModelName";
    @Metadata(description = "Number of Frames (0028,0008) of a multi-frame input.", javaType = "Integer")
    public static final String NUMBER_OF_FRAMES = "CamelDicomNumberOfFrames";
    @Metadata(description = "The SOP Instance UID of the de-identified output (set by the anonymiser; the"
            + " original one is never a header).", javaType = "String")
    public static final String DEIDENTIFIED_SOP_INSTANCE_UID = "CamelDicomDeidentifiedSopInstanceUid";

    private DicomConstants() {
    }
}
