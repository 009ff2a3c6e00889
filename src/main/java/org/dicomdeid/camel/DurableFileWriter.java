package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;

import java.nio.file.Path;

/**
 * Writes the message to {@code folder}/CamelFileName durably: a temporary dot-name in the target
 * folder, forced to disk, renamed, the folder forced (see {@link DurableFiles}). Camel's file
 * producer renames too but forces nothing, so after a power cut a renamed output could be empty
 * while its source was already released. A name that holds another instance is not replaced:
 * {@link UniqueNames} gives a unique one, and CamelFileName is set to the name used (so a later
 * archive of the output gets the same name). Bean properties {@code folder}, {@code force}
 * (default true).
 */
public class DurableFileWriter implements Processor {
    private String folder = "outbox";
    private boolean force = true;
    private String auditedAs;

    public void setFolder(String folder) {
        this.folder = folder;
    }

    /** false only where nothing is released after the write (the data still goes through a temporary name). */
    public void setForce(boolean force) {
        this.force = force;
    }

    /** How the audit log names what this writer did (default {@code folder:NAME}). */
    void setAuditedAs(String auditedAs) {
        this.auditedAs = auditedAs;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        if (name == null) {
            throw new IllegalStateException("no CamelFileName header to name the output by");
        }
        Path base = Path.of(folder).toAbsolutePath().normalize();
        Path wanted = base.resolve(name).normalize();
        if (!wanted.startsWith(base) || wanted.equals(base)) {
            throw new IllegalStateException("output name leaves the output folder");
        }
        Object body = exchange.getIn().getBody();
        Path tmp;
        UniqueNames.Identity identity;
        if (body instanceof DicomObject object) {
            tmp = DurableFiles.writeTemporary(wanted, object, force);
            identity = UniqueNames.instance(object);
        } else {
            byte[] bytes = exchange.getIn().getMandatoryBody(byte[].class);
            tmp = DurableFiles.writeTemporary(wanted, out -> out.write(bytes), force);
            identity = UniqueNames.content(bytes);
        }
        Path written = DurableFiles.place(tmp, wanted, identity, force);
        exchange.getIn().setHeader(Exchange.FILE_NAME, base.relativize(written).toString());
        exchange.getIn().setHeader(Exchange.FILE_NAME_PRODUCED, written.toString());
        // the audit names the folder, not the file
        InstanceOutcomes.deliveredTo(exchange, auditedAs != null ? auditedAs : "folder:" + base.getFileName());
    }
}
