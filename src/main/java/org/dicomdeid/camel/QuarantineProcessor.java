package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.dicomdeid.pipeline.DroppedByFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Quarantines the input of a failed exchange: {@code NAME.reason.txt} first, then the input as
 * {@code NAME} beside it, both durably ({@link DurableFiles}), so a crash in between leaves a
 * reason and the input still in place, to be quarantined again under the same name. A name that
 * holds a different original gets {@code NAME~TAG} ({@link UniqueNames}); the same original
 * quarantined again replaces its copy and its reason.
 * <p>
 * The reason is the quarantine message (PHI-free by contract) or, for anything unexpected, only
 * the kind of failure. Bean properties: {@code folder}; {@code input}: {@code move} (default: the
 * consumed file is moved, for consumers that leave it alone), {@code copy} (the consumer deletes
 * it on success, as the DICOM receiver's spool does) or {@code none} (a route moves it itself).
 * <p>
 * An input a policy filter dropped ({@link DroppedByFilter}) is not quarantined but released as
 * handled: with {@code input=move} moved to the {@code dropped} folder (default: {@code dropped}
 * beside {@code folder}) with its {@code NAME.reason.txt} naming the filter; otherwise left to
 * the consumer, which forgets it as it does a processed one.
 */
public class QuarantineProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineProcessor.class);
    private String folder = "quarantine";
    private String input = "move";
    private String dropped;
    private final DropCounts drops = new DropCounts();

    public void setFolder(String folder) {
        this.folder = folder;
    }

    /** Where inputs dropped by a policy filter go with {@code input=move} (default: {@code dropped} beside the quarantine). */
    public void setDropped(String dropped) {
        this.dropped = dropped;
    }

    public void setInput(String input) {
        if (!input.equals("move") && !input.equals("copy") && !input.equals("none")) {
            throw new IllegalArgumentException("input: move, copy or none, not '" + input + "'");
        }
        this.input = input;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        DroppedByFilter drop = dropOf(cause);
        if (drop != null) {
            release(exchange, drop);
            return;
        }
        String reason = reasonFor(cause);
        InstanceOutcomes.quarantined(exchange, reason);
        String id = InstanceOutcomes.inputId(exchange);
        ConsumedSource source = ConsumedSource.of(exchange);
        Path wanted = source.under(folder);
        Path file = input.equals("none") ? null : source.file();
        byte[] body = file == null && !input.equals("none") ? exchange.getIn().getMandatoryBody(byte[].class) : null;
        Path placed = place(wanted, file, body, input.equals("move"), withId(reason, id), true);
        LOG.warn("quarantined {} as {}: {}", id != null ? id : "exchange " + exchange.getExchangeId(),
                placed.getFileName().equals(wanted.getFileName()) ? "its name" : "a unique name", reason);
    }

    /**
     * Places {@code NAME.reason.txt} and then the input (a {@code file}, moved or copied, or
     * {@code body} bytes; neither: the reason alone) at the first name of {@link UniqueNames}
     * that is free or holds the same original. Returns where the input went.
     */
    public static Path place(Path wanted, Path file, byte[] body, boolean move, String reason, boolean force)
            throws java.io.IOException {
        byte[] reasonBytes = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        UniqueNames.Identity identity = file != null ? UniqueNames.content(file)
                : UniqueNames.content(body != null ? body : reasonBytes);
        return UniqueNames.place(wanted, identity, target -> {
            Path reasonFile = target.resolveSibling(target.getFileName() + ".reason.txt");
            DurableFiles.rename(DurableFiles.writeTemporary(reasonFile, out -> out.write(reasonBytes), force),
                    reasonFile, force);
            if (file != null && move) {
                DurableFiles.move(file, target);
            } else if (file != null) {
                DurableFiles.copy(file, target, force);
            } else if (body != null) {
                DurableFiles.rename(DurableFiles.writeTemporary(target, out -> out.write(body), force), target, force);
            }
        });
    }

    private void release(Exchange exchange, DroppedByFilter drop) throws java.io.IOException {
        InstanceOutcomes.dropped(exchange, drop.getMessage());
        if (input.equals("move")) {
            String folderOfDrops = dropped != null ? dropped : Path.of(folder).resolveSibling("dropped").toString();
            ConsumedSource source = ConsumedSource.of(exchange);
            place(source.under(folderOfDrops), source.file(), null, true, drop.getMessage(), true);
        }
        LOG.info("dropped exchange {} by filter '{}' ({} dropped by it so far)", exchange.getExchangeId(),
                drop.filter(), drops.add(drop.filter()));
    }

    private static DroppedByFilter dropOf(Throwable cause) {
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof DroppedByFilter d) {
                return d;
            }
        }
        return null;
    }

    /**
     * The reason file's text: the reason, then {@code id #HASH}, the input's keyed hash as the
     * log lines and the audit log name it (what {@code deid requeue} takes).
     */
    public static String withId(String reason, String id) {
        return id == null ? reason : reason + "\n" + ID_PREFIX + id;
    }

    /** How the reason file's second line starts. */
    public static final String ID_PREFIX = "id ";

    static String reasonFor(Throwable cause) {
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof org.dicomdeid.dicom.QuarantineException q) {
                return q.getMessage();
            }
        }
        return "processing failed (" + Faults.describe(cause) + ")";
    }
}
