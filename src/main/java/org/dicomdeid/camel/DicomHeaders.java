package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.dicomdeid.camel.dicom.DicomConstants;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.dicomdeid.dicom.RoutingAttribute;
import org.dicomdeid.dicom.RoutingAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/**
 * Puts the instance's {@link RoutingAttribute}s on the message as {@code CamelDicom*} headers
 * ({@link DicomConstants}), so that {@code filter} and {@code choice} can route on content with
 * {@code simple} before anything is de-identified. Use it as the bean {@code dicomHeaders}:
 * <pre>{@code - process: {ref: dicomHeaders}}</pre>
 * A file or bytes are read only up to Burned In Annotation (0028,0301); a stream, which can be
 * read once, is parsed whole and the body becomes the {@link DicomObject} the anonymiser then
 * takes as it is. An input too broken to read gets no headers (the anonymiser quarantines it
 * with the reason); a fault of the machine is thrown as it is.
 */
public class DicomHeaders implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(DicomHeaders.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        RoutingAttributes attributes;
        try {
            attributes = read(exchange);
        } catch (QuarantineException e) {
            LOG.debug("exchange {}: no content headers ({})", exchange.getExchangeId(), e.getMessage());
            return;
        }
        set(exchange.getIn(), attributes, true);
    }

    private static RoutingAttributes read(Exchange exchange) throws Exception {
        Object body = exchange.getIn().getBody();
        if (body instanceof DicomObject object) {
            return RoutingAttributes.of(object);
        }
        Path file = body instanceof GenericFile<?> gf && gf.getFile() instanceof File f ? f.toPath()
                : body instanceof File f ? f.toPath() : body instanceof Path p ? p : null;
        if (file != null) {
            return RoutingAttributes.read(file);
        }
        if (body instanceof byte[] bytes) {
            return RoutingAttributes.read(bytes);
        }
        DicomObject object = DicomBodies.toDicomObject(exchange);
        exchange.getIn().setBody(object);
        return RoutingAttributes.of(object);
    }

    /** Sets the headers of the attributes present; {@code replace=false} leaves headers already set alone. */
    public static void set(Message message, RoutingAttributes attributes, boolean replace) {
        for (Map.Entry<RoutingAttribute, String> e : attributes.present().entrySet()) {
            String header = headerOf(e.getKey());
            if (replace || message.getHeader(header) == null) {
                message.setHeader(header, e.getKey() == RoutingAttribute.NUMBER_OF_FRAMES
                        ? Integer.valueOf(e.getValue().replace("+", "")) : e.getValue());
            }
        }
    }

    static String headerOf(RoutingAttribute attribute) {
        return switch (attribute) {
            case SOP_CLASS_UID -> DicomConstants.SOP_CLASS_UID;
            case MODALITY -> DicomConstants.MODALITY;
            case IMAGE_TYPE -> DicomConstants.IMAGE_TYPE;
            case BURNED_IN_ANNOTATION -> DicomConstants.BURNED_IN_ANNOTATION;
            case MANUFACTURER -> DicomConstants.MANUFACTURER;
            case MANUFACTURER_MODEL_NAME -> DicomConstants.MANUFACTURER_MODEL_NAME;
            case TRANSFER_SYNTAX_UID -> DicomConstants.TRANSFER_SYNTAX_UID;
            case NUMBER_OF_FRAMES -> DicomConstants.NUMBER_OF_FRAMES;
        };
    }
}
