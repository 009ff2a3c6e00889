package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.QuarantineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes {@code NAME.reason.txt} into the quarantine folder for a failed exchange, beside where
 * the route's {@code moveFailed} puts the input. The reason is the quarantine message (PHI-free
 * by contract) or, for anything unexpected, only the kind of failure.
 * Bean property {@code folder}: the quarantine folder.
 */
public class QuarantineReasonProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineReasonProcessor.class);
    private String folder = "quarantine";

    public void setFolder(String folder) {
        this.folder = folder;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String reason = reasonFor(cause);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_CONSUMED, String.class);
        if (name == null) {
            name = exchange.getIn().getHeader(Exchange.FILE_NAME, exchange.getExchangeId(), String.class);
        }
        Path reasonFile = Path.of(folder).resolve(name + ".reason.txt");
        DicomFiles.writeAtomically((reason + "\n").getBytes(StandardCharsets.UTF_8), reasonFile);
        LOG.warn("quarantined exchange {}: {}", exchange.getExchangeId(), reason);
    }

    static String reasonFor(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof QuarantineException q) {
                return q.getMessage();
            }
        }
        return cause == null ? "unknown failure" : "processing failed (" + cause.getClass().getSimpleName() + ")";
    }
}
