package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;

import java.util.Optional;
import java.util.Set;

/**
 * Whether an image must not leave without a matching redaction rule: it says it has burned-in
 * annotation, or it belongs to a kind of image that usually carries text in its pixels
 * (ultrasound screens, secondary captures of screens and documents) whatever its flag says,
 * because that flag is often absent or wrong on exactly those devices.
 */
final class BurnedInRisk {
    static final Set<String> ULTRASOUND_SOP_CLASSES = Set.of(
            "1.2.840.10008.5.1.4.1.1.6.1",   // Ultrasound Image Storage
            "1.2.840.10008.5.1.4.1.1.3.1",   // Ultrasound Multi-frame Image Storage
            "1.2.840.10008.5.1.4.1.1.6",     // Ultrasound Image Storage (Retired)
            "1.2.840.10008.5.1.4.1.1.3",     // Ultrasound Multi-frame Image Storage (Retired)
            "1.2.840.10008.5.1.4.1.1.6.2");  // Enhanced US Volume Storage
    static final Set<String> SECONDARY_CAPTURE_SOP_CLASSES = Set.of(
            "1.2.840.10008.5.1.4.1.1.7",     // Secondary Capture Image Storage
            "1.2.840.10008.5.1.4.1.1.7.1",   // Multi-frame Single Bit SC
            "1.2.840.10008.5.1.4.1.1.7.2",   // Multi-frame Grayscale Byte SC
            "1.2.840.10008.5.1.4.1.1.7.3",   // Multi-frame Grayscale Word SC
            "1.2.840.10008.5.1.4.1.1.7.4");  // Multi-frame True Color SC

    private BurnedInRisk() {
    }

    /** A PHI-free reason when the image is at risk, empty when nothing suggests burned-in text. */
    static Optional<String> of(AttributeList list) {
        String flag = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.BurnedInAnnotation).trim();
        if (flag.equalsIgnoreCase("YES")) {
            return Optional.of("Burned In Annotation (0028,0301) is YES");
        }
        String sopClass = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID).trim();
        String modality = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.Modality).trim();
        if (ULTRASOUND_SOP_CLASSES.contains(sopClass) || modality.equalsIgnoreCase("US")) {
            return Optional.of("ultrasound image (burned-in annotation is usual)");
        }
        if (SECONDARY_CAPTURE_SOP_CLASSES.contains(sopClass)) {
            return Optional.of("secondary capture image (burned-in annotation is usual)");
        }
        return Optional.empty();
    }
}
