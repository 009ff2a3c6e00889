package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.nio.file.Path;

/**
 * The last step of a file route: releases the consumed source once its output is durable. With
 * {@code archive=true} (default) it is moved into {@code folder} under its consumed name (a rename
 * on one file system: the file itself, nothing copied), never replacing another original there
 * ({@link UniqueNames}: identical bytes replace, different ones get {@code NAME~TAG}); otherwise
 * it is deleted. The rename is not waited for: the output is already durable, so a power cut can
 * only put the source back where it was, to be processed again into the same output name; a
 * move across file systems is a durable copy. Use it with a consumer that leaves the file alone
 * ({@code noop=true&idempotent=false}).
 */
public class SourceRelease implements Processor {
    private String folder = "archive";
    private boolean archive = true;

    public void setFolder(String folder) {
        this.folder = folder;
    }

    public void setArchive(boolean archive) {
        this.archive = archive;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ConsumedSource source = ConsumedSource.of(exchange);
        if (source.file() == null) {
            throw new IllegalStateException("SourceRelease needs a consumed file");
        }
        if (archive) {
            Path wanted = source.under(folder);
            UniqueNames.place(wanted, UniqueNames.content(source.file()), target -> DurableFiles.move(source.file(), target, false));
        } else {
            DurableFiles.delete(source.file());
        }
    }
}
