package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.util.TimeUtils;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.QuarantineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The retry route of the delivery stage: each pass offers every instance held in
 * {@code spool/<destination id>/} to its destination again, each destination on its own
 * ({@link DeliveryPlan}). A delivered instance leaves the spool (deleted, folder forced) and its
 * destination is up again; one that fails stays for the next pass until it is older than
 * {@code giveUpAfter} (its age counts from the moment it entered the spool), then moves to
 * {@code deadLetter/<destination id>/NAME} with {@code NAME.reason.txt} naming the destination,
 * the limit and the last failure (never a value of the instance). Files of a destination that is
 * no longer configured stay where they are, with a warning.
 * <p>
 * Bean properties: {@code plan} (the {@link DeliveryPlan}), {@code deadLetter} (folder),
 * {@code giveUpAfter} (a Camel duration: {@code 7d}, {@code 12h}, {@code 90000} ms; 0 = never).
 */
public class OutgoingSpool {
    /** Exchange property: {@code deliver} when the retry route should offer the file, else {@code skip}. */
    public static final String RETRY = "DeidRetry";
    private static final String SPOOLED = "DeidSpooled";
    private static final Logger LOG = LoggerFactory.getLogger(OutgoingSpool.class);

    private DeliveryPlan plan;
    private Path deadLetter = Path.of("dead-letter");
    private long giveUpAfter = Duration.ofDays(7).toMillis();
    private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet();

    public void setPlan(DeliveryPlan plan) {
        this.plan = plan;
    }

    public void setDeadLetter(String deadLetter) {
        this.deadLetter = Path.of(deadLetter).toAbsolutePath().normalize();
    }

    public void setGiveUpAfter(String giveUpAfter) {
        this.giveUpAfter = TimeUtils.toMilliSeconds(giveUpAfter.strip());
        if (this.giveUpAfter < 0) {
            throw new IllegalArgumentException("deid.deliver.giveUpAfter must not be negative");
        }
    }

    /** Prepares a spooled file for its destination: headers, its name there, the instance as body. */
    public void prepare(Exchange exchange) throws Exception {
        exchange.setProperty(RETRY, "skip");
        Path file = Path.of(exchange.getIn().getHeader(ConsumedSource.ABSOLUTE_PATH, String.class));
        Path relative = plan.spoolRoot().relativize(file.toAbsolutePath().normalize());
        if (relative.getNameCount() < 2) {
            return; // not in a destination's folder: not ours
        }
        String id = relative.getName(0).toString();
        Destination d = plan.destination(id);
        if (d == null) {
            if (warnedUnknown.add(id)) {
                LOG.warn("outgoing spool {} holds instances for a destination no longer in deid.deliver.to: they stay there", id);
            }
            return;
        }
        exchange.setProperty(SPOOLED, file);
        exchange.getIn().setHeader(DeliveryPlan.DESTINATION, d.uri());
        exchange.getIn().setHeader(DeliveryPlan.DESTINATION_ID, d.id());
        exchange.getIn().setHeader(Exchange.FILE_NAME, relative.subpath(1, relative.getNameCount()).toString());
        try {
            exchange.getIn().setBody(DicomFiles.read(file));
        } catch (QuarantineException e) {
            giveUp(d, file, relative, "cannot be read back from the outgoing spool (" + e.getMessage() + ")");
            return;
        }
        exchange.setProperty(RETRY, "deliver");
    }

    /** The destination took the spooled instance: it leaves the spool, and the destination is up. */
    public void delivered(Exchange exchange) throws IOException {
        Destination d = plan.destinationOf(exchange);
        plan.forceProducedFile(d, exchange); // before the spooled copy goes
        DurableFiles.delete(exchange.getProperty(SPOOLED, Path.class));
        plan.markUp(d);
    }

    /** The destination failed again: the instance stays, or goes to the dead letters once too old. */
    public void failed(Exchange exchange) throws IOException {
        Destination d = plan.destinationOf(exchange);
        DeliveryPlan.DestinationState s = plan.state(d);
        s.lastFailure = Faults.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        Path file = exchange.getProperty(SPOOLED, Path.class);
        long age = System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis();
        if (giveUpAfter > 0 && age >= giveUpAfter) {
            giveUp(d, file, plan.spoolRoot().relativize(file), "not delivered to " + d.shown() + " within "
                    + TimeUtils.printDuration(giveUpAfter, true) + " (deid.deliver.giveUpAfter); last failure: " + s.lastFailure);
            return;
        }
        long now = System.currentTimeMillis();
        if (now - s.lastWarned >= plan.retryDelay() / 2) {
            s.lastWarned = now;
            LOG.warn("{}: retry failed ({}); its instances stay in spool {}", d.shown(), s.lastFailure, d.id());
        }
    }

    private void giveUp(Destination d, Path file, Path relative, String reason) throws IOException {
        Path wanted = deadLetter.resolve(relative).normalize();
        if (!wanted.startsWith(deadLetter.resolve(d.id()))) {
            throw new IllegalStateException("a spooled name leaves the dead-letter folder");
        }
        QuarantineProcessor.place(wanted, file, null, true, reason, true);
        LOG.warn("{}: gave up an instance; it is in dead-letter folder {} with its reason", d.shown(), d.id());
    }
}
