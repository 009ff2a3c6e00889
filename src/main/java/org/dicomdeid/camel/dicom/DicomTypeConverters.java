package org.dicomdeid.camel.dicom;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.TypeConverterSupport;
import org.dicomdeid.deid.DicomFiles;
import org.dicomdeid.deid.DicomObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lets Camel write a {@link DicomObject} body wherever bytes are expected (a {@code file:}
 * endpoint, a dead letter folder): it becomes a Part 10 encoding with our file meta
 * information. Registered when the {@code dicom} component starts, unless already present.
 */
final class DicomTypeConverters {
    private DicomTypeConverters() {
    }

    static void register(CamelContext context) {
        TypeConverterRegistry registry = context.getTypeConverterRegistry();
        if (registry.lookup(byte[].class, DicomObject.class) == null) {
            registry.addTypeConverter(byte[].class, DicomObject.class, new ToBytes());
        }
        if (registry.lookup(InputStream.class, DicomObject.class) == null) {
            registry.addTypeConverter(InputStream.class, DicomObject.class, new ToInputStream());
        }
    }

    static byte[] encode(Object value) {
        try {
            return DicomFiles.encode((DicomObject) value);
        } catch (IOException e) {
            throw new TypeConversionException(value, byte[].class, e);
        }
    }

    private static final class ToBytes extends TypeConverterSupport {
        @Override
        public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
            return type.cast(encode(value));
        }
    }

    private static final class ToInputStream extends TypeConverterSupport {
        @Override
        public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
            return type.cast(new ByteArrayInputStream(encode(value)));
        }
    }
}
