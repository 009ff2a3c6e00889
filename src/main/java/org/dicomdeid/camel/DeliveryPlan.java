package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.dicomdeid.dicom.QuarantineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery stage's destinations (routes/delivery.yaml): which ones there are, which are down,
 * and where each holds what it could not take. Every intake hands a de-identified instance to
 * {@code direct:deliver}; it is offered to each destination in turn ({@link #next}),
 * with Camel's redeliveries, and a destination that still fails gets the instance in its own
 * outgoing spool ({@link #hold}: {@code spool/<destination id>/NAME}, temporary name, fsync,
 * rename) and is marked down. While it is down, further instances go straight to its spool (a
 * down destination costs one round of redeliveries, not one per instance, and never holds back
 * the others); the retry route ({@link OutgoingSpool}) marks it up again with its first success.
 * <p>
 * {@code direct:deliver} therefore either completes (every destination has the instance or holds
 * it durably: the intake may release its source), or fails with a {@link QuarantineException}
 * (the instance cannot be written at all: its own fault) or an {@link IOException} (no spool
 * could hold it: a fault of the environment, the source stays). A destination being down is
 * never a reason to quarantine. Logs name destinations, never instances.
 * <p>
 * Bean properties: {@code to} (comma-separated endpoint URIs), {@code spool} (the folder of the
 * per-destination spools), {@code retryDelay} (ms, for the log only).
 */
public class DeliveryPlan {
    /** Header: the endpoint URI of the destination an exchange is for. */
    public static final String DESTINATION = "DeidDestination";
    /** Header: that destination's id (its spool folder). */
    public static final String DESTINATION_ID = "DeidDestinationId";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPlan.class);

    private static final String INTAKE_MESSAGE = "DeidIntakeMessage";
    private static final String DESTINATION_COUNT = "DeidDestinationCount";
    private Map<String, Destination> destinations = byId(Destination.parseList("direct:outbox"));
    private List<Destination> order = List.copyOf(destinations.values());
    private final Map<String, DestinationState> states = new java.util.concurrent.ConcurrentHashMap<>();
    private Path spool = Path.of("spool/outgoing");
    private long retryDelay = 10_000;
    private ProducedFileForcing forcing = DurableFiles::forceWithFolder;

    /** How a file written by Camel's file producer is made durable (a test may watch it). */
    @FunctionalInterface
    interface ProducedFileForcing {
        void force(Path file) throws IOException;
    }

    /** What is known of one destination: down or not, and its last failure in a few words. */
    static final class DestinationState {
        volatile boolean down;
        volatile String lastFailure = "no failure yet";
        volatile long lastWarned;
    }

    public void setTo(String to) {
        destinations = byId(Destination.parseList(to));
        order = List.copyOf(destinations.values());
    }

    public void setSpool(String spool) {
        this.spool = Path.of(spool).toAbsolutePath().normalize();
    }

    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    private static Map<String, Destination> byId(List<Destination> list) {
        Map<String, Destination> map = new LinkedHashMap<>();
        list.forEach(d -> map.put(d.id(), d));
        return map;
    }

    /** First step of {@code direct:deliver}: keeps the intake's message, counts the destinations. */
    public void begin(Exchange exchange) {
        exchange.setProperty(INTAKE_MESSAGE, exchange.getIn().copy());
        exchange.setProperty(DESTINATION_COUNT, destinations.size());
    }

    /** Each pass of the loop: a fresh copy of the intake's message, its headers naming the destination. */
    public void next(Exchange exchange) {
        Destination d = order.get(exchange.getProperty(Exchange.LOOP_INDEX, Integer.class));
        Message copy = exchange.getProperty(INTAKE_MESSAGE, Message.class).copy();
        copy.setHeader(DESTINATION, d.uri());
        copy.setHeader(DESTINATION_ID, d.id());
        exchange.setIn(copy);
    }

    /** Last step: the intake continues with its own message. */
    public void end(Exchange exchange) {
        exchange.setIn(exchange.getProperty(INTAKE_MESSAGE, Message.class));
        exchange.removeProperty(INTAKE_MESSAGE);
        exchange.removeProperty(DESTINATION_COUNT);
    }

    /** True while the exchange's destination is down: its instances go straight to its spool. */
    public boolean isDown(Exchange exchange) {
        return state(destinationOf(exchange)).down;
    }

    /** The exchange's destination took its instance (for a folder: it is on disk). */
    public void delivered(Exchange exchange) throws IOException {
        Destination d = destinationOf(exchange);
        forceProducedFile(d, exchange);
        markUp(d);
    }

    /**
     * Camel's file producer forces nothing to disk (its forceWrites option has done nothing since
     * Camel 2.20), so for a {@code file:} destination the file it produced and its folder are
     * forced here, before the intake may release its source: a crash can then only leave the
     * source in place, never a released source with a lost output.
     */
    void forceProducedFile(Destination d, Exchange exchange) throws IOException {
        String produced = exchange.getIn().getHeader(Exchange.FILE_NAME_PRODUCED, String.class);
        if (d.isLocalFolder() && produced != null) {
            forcing.force(Path.of(produced));
        }
    }

    void setForcing(ProducedFileForcing forcing) {
        this.forcing = forcing;
    }

    void markUp(Destination d) {
        DestinationState s = state(d);
        if (s.down) {
            s.down = false;
            LOG.info("{}: delivering again", d.shown());
        }
    }

    /**
     * Holds the instance durably in its destination's outgoing spool and marks the destination
     * down; the dead letter of the delivery attempts, and the way in while it is down.
     */
    public void hold(Exchange exchange) throws Exception {
        Destination d = destinationOf(exchange);
        DestinationState s = state(d);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause != null) {
            s.lastFailure = Faults.describe(cause);
        }
        if (!s.down) {
            s.down = true;
            LOG.warn("{}: delivery failed ({}); instances wait in spool {} and are retried every {} s", d.shown(),
                    s.lastFailure, d.id(), retryDelay / 1000.0);
        }
        DurableFileWriter writer = new DurableFileWriter();
        writer.setFolder(spoolOf(d).toString());
        writer.setAuditedAs("held:" + d.shown()); // not delivered yet: waiting in that destination's spool
        try {
            writer.process(exchange);
        } catch (QuarantineException e) {
            throw e;
        } catch (Exception | OutOfMemoryError e) {
            // The attempt's error handler marked the exchange as failed-and-handled; so marked, this
            // new failure would pass the intake's error handler by (no back-off, no log line).
            exchange.getExchangeExtension().setFailureHandled(false);
            exchange.getExchangeExtension().setRedeliveryExhausted(false);
            // never the input's fault: the source must stay where it is, to be delivered later. No
            // cause attached: a RuntimeException in it would match an intake's quarantine clause.
            throw new Faults.EnvironmentException(d.shown() + " did not take the instance (" + s.lastFailure
                    + ") and its outgoing spool cannot hold it (" + Faults.describe(e) + ")", null);
        }
    }

    Destination destinationOf(Exchange exchange) {
        String id = exchange.getIn().getHeader(DESTINATION_ID, String.class);
        Destination d = id == null ? null : destinations.get(id);
        if (d == null) {
            throw new IllegalStateException("the exchange names no destination of deid.deliver.to");
        }
        return d;
    }

    /** The destination whose spool folder is {@code id}, or null when it is no longer configured. */
    Destination destination(String id) {
        return destinations.get(id);
    }

    DestinationState state(Destination d) {
        return states.computeIfAbsent(d.id(), id -> new DestinationState());
    }

    Path spoolRoot() {
        return spool;
    }

    Path spoolOf(Destination d) {
        return spool.resolve(d.id());
    }

    long retryDelay() {
        return retryDelay;
    }
}
