package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Turns whatever a route carries (a picked-up file, bytes, a stream) into a {@link DicomObject}. */
public final class DicomBodies {
    private DicomBodies() {
    }

    public static DicomObject toDicomObject(Exchange exchange) throws QuarantineException, IOException {
        Object body = exchange.getIn().getBody();
        if (body instanceof DicomObject d) {
            return d;
        }
        if (body instanceof GenericFile<?> gf && gf.getFile() instanceof File f) {
            return DicomFiles.read(f.toPath());
        }
        if (body instanceof File f) {
            return DicomFiles.read(f.toPath());
        }
        if (body instanceof Path p) {
            return DicomFiles.read(p);
        }
        if (body instanceof byte[] bytes) {
            return DicomFiles.read(bytes);
        }
        InputStream in = exchange.getIn().getBody(InputStream.class);
        if (in == null) {
            throw new QuarantineException("the message body is not a DICOM instance");
        }
        try (in) {
            return DicomFiles.read(in);
        }
    }
}
