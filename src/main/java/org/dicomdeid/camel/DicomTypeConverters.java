package org.dicomdeid.camel;

import org.apache.camel.TypeConverterLoaderException;
import org.apache.camel.spi.TypeConverterLoader;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.SimpleTypeConverter;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * Lets any Camel endpoint write a {@link DicomObject} (file, sftp, ...): it is encoded as a
 * DICOM file in its transfer syntax with fresh meta information. Registered through
 * META-INF/services/org/apache/camel/TypeConverterLoader.
 */
public final class DicomTypeConverters implements TypeConverterLoader {
    @Override
    public void load(TypeConverterRegistry registry) throws TypeConverterLoaderException {
        registry.addTypeConverter(byte[].class, DicomObject.class, new SimpleTypeConverter(false,
                (type, exchange, value) -> DicomFiles.encode((DicomObject) value)));
        registry.addTypeConverter(InputStream.class, DicomObject.class, new SimpleTypeConverter(false,
                (type, exchange, value) -> new ByteArrayInputStream(DicomFiles.encode((DicomObject) value))));
    }
}
