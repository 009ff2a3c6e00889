package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link RoutingAttribute}s of one instance: present values only, each of the syntax of its
 * kind. Read from a parsed instance, or cheaply from the head of a file: the file meta
 * information and the data set up to Burned In Annotation (0028,0301), strictly, nothing after.
 */
public final class RoutingAttributes {
    private final Map<RoutingAttribute, String> values;

    private RoutingAttributes(Map<RoutingAttribute, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** From a data set (file meta information included, or the transfer syntax given apart). */
    public static RoutingAttributes of(AttributeList dataset, String transferSyntaxUID) {
        Map<RoutingAttribute, String> values = new EnumMap<>(RoutingAttribute.class);
        for (RoutingAttribute a : RoutingAttribute.values()) {
            String value = Attribute.getDelimitedStringValuesOrEmptyString(dataset, a.tag()).strip();
            if (a == RoutingAttribute.TRANSFER_SYNTAX_UID && value.isEmpty() && transferSyntaxUID != null) {
                value = transferSyntaxUID;
            }
            if (!value.isEmpty() && a.kind().fits(value)) {
                values.put(a, value);
            }
        }
        return new RoutingAttributes(values);
    }

    public static RoutingAttributes of(DicomObject object) {
        return of(object.dataset(), object.transferSyntaxUID());
    }

    /** Reads only the head of the file (see the class comment). */
    public static RoutingAttributes read(Path file) throws QuarantineException, IOException {
        return of(DicomReader.readHeader(Source.of(file), ParseLimits.DEFAULTS, RoutingAttribute.AFTER_LAST), null);
    }

    public static RoutingAttributes read(byte[] bytes) throws QuarantineException, IOException {
        return of(DicomReader.readHeader(Source.of(bytes), ParseLimits.DEFAULTS, RoutingAttribute.AFTER_LAST), null);
    }

    public Optional<String> get(RoutingAttribute attribute) {
        return Optional.ofNullable(values.get(attribute));
    }

    /** Present values in the order of {@link RoutingAttribute}. */
    public Map<RoutingAttribute, String> present() {
        return values;
    }
}
