package org.dicomdeid.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.support.service.ServiceSupport;
import org.dicomdeid.pipeline.AuditLog;
import org.dicomdeid.pipeline.AuditRecord;
import org.dicomdeid.pipeline.Outcome;
import org.dicomdeid.pipeline.ReasonClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What happened to each input of the routes, in one place: processors mark an exchange with
 * one-line calls ({@link #begin}, {@link #quarantined}, {@link #dropped}, {@link #deliveredTo}),
 * and when the exchange completes its {@link AuditRecord} goes to the per-input log line and the
 * minute summaries ({@link InstanceLog}), the counters of {@code /observe/metrics}
 * ({@link OutcomeMetrics}), the audit log ({@code <deid.home>/audit/audit-YYYY-MM-DD.jsonl}) and
 * any listener added with {@link #addListener}. One per CamelContext ({@link #of}), a service of
 * that context: stopping it logs the totals and forces the audit log to disk.
 * <p>
 * Outcome of an exchange that {@link #begin began}: {@code QUARANTINED} or {@code DROPPED} if
 * marked so, {@code FAILED_ENVIRONMENT} if it failed (the input stays for a retry), otherwise
 * {@code DELIVERED}.
 */
public final class InstanceOutcomes extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceOutcomes.class);
    static final String BEAN = "deidInstanceOutcomes";
    private static final String STARTED = "DeidStartNanos";
    private static final String INPUT = "DeidInputId";
    private static final String POLICY = "DeidPolicyHash";
    private static final String OPTIONS = "DeidOptions";
    private static final String BYTES = "DeidInputBytes";
    private static final String MARK = "DeidOutcomeMark";
    private static final String REASON = "DeidOutcomeReason";
    private static final String DESTINATIONS = "DeidDestinations";
    /** The de-identified SOP Instance UID of the exchange's output (set by the anonymiser). */
    public static final String OUTPUT_UID = "DeidOutputUid";

    private final CamelContext context;
    private final OutcomeMetrics metrics = new OutcomeMetrics();
    private final InstanceLog log = new InstanceLog();
    private final List<Consumer<AuditRecord>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService minutes;
    private AuditLog audit;
    private boolean auditFailed;

    private InstanceOutcomes(CamelContext context) {
        this.context = context;
    }

    /** The outcomes of {@code context}'s routes, created, bound and started on first use. */
    public static InstanceOutcomes of(CamelContext context) {
        synchronized (context) {
            InstanceOutcomes found = context.getRegistry().lookupByNameAndType(BEAN, InstanceOutcomes.class);
            if (found != null) {
                return found;
            }
            InstanceOutcomes created = new InstanceOutcomes(context);
            context.getRegistry().bind(BEAN, created);
            try {
                context.addService(created, true, true);
                Destinations destinations = created.new Destinations();
                context.getManagementStrategy().addEventNotifier(destinations);
                context.getCamelContextExtension().setEventNotificationApplicable(true);
                org.apache.camel.support.service.ServiceHelper.startService(destinations);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the instance outcomes", e);
            }
            return created;
        }
    }

    public OutcomeMetrics metrics() {
        return metrics;
    }

    /** Called with every completed input's record (e.g. a web console's recent list). */
    public void addListener(Consumer<AuditRecord> listener) {
        listeners.add(listener);
    }

    /**
     * Marks the start of one input's processing, once per exchange: {@code inputId} is its keyed
     * hash, {@code policyHash} and {@code options} what the audit log reports of the policy.
     */
    public static void begin(Exchange exchange, String inputId, String policyHash, List<String> options) {
        if (exchange.getProperty(STARTED) != null) {
            return;
        }
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.setProperty(INPUT, inputId);
        exchange.setProperty(POLICY, policyHash);
        exchange.setProperty(OPTIONS, options);
        exchange.setProperty(BYTES, inputBytes(exchange));
        InstanceOutcomes hub = of(exchange.getContext());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                hub.completed(done, false);
            }

            @Override
            public void onFailure(Exchange done) {
                hub.completed(done, true);
            }
        });
    }

    /** The keyed hash {@link #begin} gave this exchange's input, or null. */
    public static String inputId(Exchange exchange) {
        return exchange.getProperty(INPUT, String.class);
    }

    public static void quarantined(Exchange exchange, String reason) {
        mark(exchange, Outcome.QUARANTINED, reason);
    }

    /** For route filters that leave an input out on purpose; {@code why} is a class of reason, no value. */
    public static void dropped(Exchange exchange, String why) {
        mark(exchange, Outcome.DROPPED, why);
    }

    private static void mark(Exchange exchange, Outcome outcome, String reason) {
        exchange.setProperty(MARK, outcome);
        exchange.setProperty(REASON, ReasonClass.of(reason));
    }

    /** Records a destination the output was delivered to (a destination's name, never a file name). */
    @SuppressWarnings("unchecked")
    public static void deliveredTo(Exchange exchange, String destination) {
        List<String> list = exchange.getProperty(DESTINATIONS, List.class);
        if (list == null) {
            list = new CopyOnWriteArrayList<>();
            exchange.setProperty(DESTINATIONS, list);
        }
        if (!list.contains(destination)) {
            list.add(destination);
        }
        InstanceOutcomes hub = exchange.getContext().getRegistry().lookupByNameAndType(BEAN, InstanceOutcomes.class);
        if (hub != null) {
            hub.metrics.destination(destination, true);
        }
    }

    private static long inputBytes(Exchange exchange) {
        try {
            Path file = ConsumedSource.of(exchange).file();
            if (file != null && Files.isRegularFile(file)) {
                return Files.size(file);
            }
            Object body = exchange.getIn().getBody();
            return body instanceof byte[] b ? b.length : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @SuppressWarnings("unchecked")
    private void completed(Exchange exchange, boolean failed) {
        Outcome outcome = exchange.getProperty(MARK, Outcome.class);
        String reason = exchange.getProperty(REASON, String.class);
        if (outcome == null && failed) {
            outcome = Outcome.FAILED_ENVIRONMENT;
            reason = ReasonClass.of(Faults.describe(exchange.getException()));
        } else if (outcome == null) {
            outcome = Outcome.DELIVERED;
        }
        long nanos = System.nanoTime() - exchange.getProperty(STARTED, Long.class);
        List<String> destinations = exchange.getProperty(DESTINATIONS, List.class);
        Object outcomeOfDeid = exchange.getProperty(DeidExchange.OUTCOME);
        Map<String, Integer> actions = outcomeOfDeid instanceof org.dicomdeid.deid.DeidOutcome d ? d.actionCounts() : Map.of();
        boolean released = outcome == Outcome.DELIVERED;
        AuditRecord record = new AuditRecord(Instant.now(), String.valueOf(exchange.getFromRouteId()),
                exchange.getProperty(INPUT, String.class), outcome, reason,
                released ? exchange.getProperty(OUTPUT_UID, String.class) : null,
                exchange.getProperty(POLICY, String.class), exchange.getProperty(OPTIONS, List.class),
                actions, destinations == null ? List.of() : new ArrayList<>(destinations),
                nanos / 1_000_000, exchange.getProperty(BYTES, 0L, Long.class));
        record(record);
    }

    /** Logs, counts, audits and hands on one record. */
    public void record(AuditRecord record) {
        log.record(record);
        metrics.record(record);
        writeAudit(record);
        for (Consumer<AuditRecord> l : listeners) {
            try {
                l.accept(record);
            } catch (RuntimeException e) {
                LOG.warn("an outcome listener failed ({})", e.getClass().getSimpleName());
            }
        }
    }

    private synchronized void writeAudit(AuditRecord record) {
        if (audit == null) {
            return;
        }
        try {
            audit.append(record);
            auditFailed = false;
        } catch (IOException e) {
            if (!auditFailed) {
                LOG.warn("cannot write the audit log ({})", Faults.describe(e));
            }
            auditFailed = true;
        }
    }

    @Override
    protected void doStart() {
        String home = context.getPropertiesComponent().resolveProperty("deid.home").orElse(null);
        if (home != null) {
            audit = AuditLog.inFolder(Path.of(home).resolve("audit"));
        }
        minutes = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deid-summary");
            t.setDaemon(true);
            return t;
        });
        minutes.scheduleAtFixedRate(log::minute, 60, 60, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() throws IOException {
        if (minutes != null) {
            minutes.shutdownNow();
        }
        log.stopping();
        synchronized (this) {
            if (audit != null) {
                audit.close();
                audit = null;
            }
        }
    }

    /** Deliveries through endpoints (DICOM, SFTP...): destination names for the audit log, up/down for metrics. */
    private final class Destinations extends EventNotifierSupport {
        Destinations() {
            setIgnoreCamelContextEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreExchangeCreatedEvent(true);
            setIgnoreExchangeCompletedEvent(true);
            setIgnoreExchangeFailedEvents(true);
            setIgnoreExchangeRedeliveryEvents(true);
            setIgnoreStepEvents(true);
        }

        /** Sending events too: Camel times a send, and reports it sent, only when someone took its sending event. */
        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeSentEvent || event instanceof CamelEvent.ExchangeSendingEvent;
        }

        @Override
        public void notify(CamelEvent event) {
            if (!(event instanceof CamelEvent.ExchangeSentEvent)) {
                return;
            }
            CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
            String uri = sent.getEndpoint().getEndpointBaseUri();
            if (uri.startsWith("direct:") || uri.startsWith("seda:")) {
                return; // links between routes, not destinations
            }
            String name = uri.replaceFirst("://", ":").replaceFirst("\\?.*", "");
            Exchange exchange = sent.getExchange();
            if (exchange.getException() == null) {
                deliveredTo(exchange, name);
            } else {
                metrics.destination(name, false);
            }
        }
    }
}
