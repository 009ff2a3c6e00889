package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;

import java.nio.file.Path;

/**
 * Writes the message to {@code folder}/CamelFileName the way the CLI does: under a temporary
 * dot-name in the target folder, forced to disk, then renamed. Camel's file producer renames
 * too but does not force the data to disk, so after a power cut a renamed output could be empty
 * while its source was already archived. Bean property {@code folder}.
 */
public class DurableFileWriter implements Processor {
    private String folder = "outbox";

    public void setFolder(String folder) {
        this.folder = folder;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        if (name == null) {
            throw new IllegalStateException("no CamelFileName header to name the output by");
        }
        Path base = Path.of(folder).toAbsolutePath().normalize();
        Path target = base.resolve(name).normalize();
        if (!target.startsWith(base)) {
            throw new IllegalStateException("output name leaves the output folder");
        }
        Object body = exchange.getIn().getBody();
        if (body instanceof DicomObject object) {
            DicomFiles.writeAtomically(object, target);
        } else {
            DicomFiles.writeAtomically(exchange.getIn().getMandatoryBody(byte[].class), target);
        }
        exchange.getIn().setHeader(Exchange.FILE_NAME_PRODUCED, target.toString());
    }
}
