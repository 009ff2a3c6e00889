package org.dicomdeid.camel.dicomweb;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * STOW-RS: stores the body with one {@code POST {base}/studies}. The body is one instance (a
 * {@link File}, {@link Path}, Part 10 {@code byte[]}, {@link DicomObject}, or anything Camel
 * converts to a File such as a file consumer's message) or a collection of them, sent as the parts
 * of one request. Files go from disk to the socket; a DicomObject (the anonymiser's output) is
 * first written, checked, to a private temporary file. Success needs HTTP 200 or 202 without any
 * failed instance; otherwise a {@link DicomWebTransientException} (server down, 408, 429, 5xx,
 * out of resources) or a {@link DicomWebPermanentException} (other 4xx, a refused instance named
 * by its SOP Instance UID) is raised for the route's error handling.
 */
public class DicomWebProducer extends DefaultProducer {
    private static final Logger LOG = LoggerFactory.getLogger(DicomWebProducer.class);

    private DicomWebClient client;

    public DicomWebProducer(DicomWebEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public DicomWebEndpoint getEndpoint() {
        return (DicomWebEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        client = DicomWebClient.create(getEndpoint());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        StowBody body = new StowBody();
        List<Path> temporaries = new ArrayList<>();
        try {
            collect(exchange, exchange.getIn().getBody(), body, temporaries);
            if (body.instances() == 0) {
                throw new DicomWebPermanentException("nothing to store: the message body holds no DICOM instance",
                        DicomWebException.NO_STATUS);
            }
            HttpRequest request = client.request("/studies")
                    .header("Content-Type", body.contentType())
                    .header("Accept", "application/dicom+json")
                    .POST(body.publisher()).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(), "STOW-RS");
            StowResponse.check(response.statusCode(), response.body(), body.sopInstanceUids());
            LOG.debug("Stored {} instances with STOW-RS (HTTP {})", body.instances(), response.statusCode());
            exchange.getMessage().setHeader(DicomWebConstants.HTTP_STATUS, response.statusCode());
            exchange.getMessage().setHeader(DicomWebConstants.STORED_COUNT, body.instances());
        } finally {
            for (Path t : temporaries) {
                Files.deleteIfExists(t);
            }
        }
    }

    private static void collect(Exchange exchange, Object item, StowBody into, List<Path> temporaries)
            throws IOException, QuarantineException {
        if (item == null) {
            return;
        }
        if (item instanceof Path p) {
            into.add(p);
        } else if (item instanceof File f) {
            into.add(f.toPath());
        } else if (item instanceof byte[] bytes) {
            into.add(bytes);
        } else if (item instanceof DicomObject o) {
            into.add(writeTemporary(o, temporaries));
        } else if (item instanceof Iterable<?> items) {
            for (Object i : items) {
                collect(exchange, i, into, temporaries);
            }
        } else if (item instanceof Object[] items) {
            for (Object i : items) {
                collect(exchange, i, into, temporaries);
            }
        } else {
            File file = exchange.getContext().getTypeConverter().tryConvertTo(File.class, exchange, item);
            if (file == null) {
                throw new DicomWebPermanentException("cannot store a body of type " + item.getClass().getName(),
                        DicomWebException.NO_STATUS);
            }
            into.add(file.toPath());
        }
    }

    /**
     * The instance's Part 10 encoding in a temporary file (bulk values copied by the kernel, then
     * checked: a QuarantineException is the instance's fault and goes to the route as such).
     */
    private static Path writeTemporary(DicomObject object, List<Path> temporaries) throws IOException, QuarantineException {
        Path tmp = DicomFiles.writeChecked(object, Path.of(System.getProperty("java.io.tmpdir"), "stow.dcm"), false);
        temporaries.add(tmp);
        return tmp;
    }
}
