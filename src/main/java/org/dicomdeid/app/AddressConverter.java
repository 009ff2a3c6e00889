package org.dicomdeid.app;

import org.dicomdeid.camel.dicom.DicomAddress;
import picocli.CommandLine;

/** Parses {@code AE@host:port} command line arguments. */
public final class AddressConverter implements CommandLine.ITypeConverter<DicomAddress> {
    @Override
    public DicomAddress convert(String value) {
        try {
            return DicomAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
