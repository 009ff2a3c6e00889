package org.dicomdeid.camel.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.ReceivedObjectHandler;
import org.dicomdeid.dicom.FailureKind;
import org.dicomdeid.dicom.QuarantineException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The C-STORE / C-ECHO SCP. Each received instance is made durable in the spool before it is
 * acknowledged (see {@link DurableSpool}), then processed as an exchange on a worker thread.
 * Every spooled instance ends one of three ways, and no failure of one instance stops a worker:
 * <ul>
 * <li>the exchange completed: the spool file is removed;</li>
 * <li>it failed because of the instance (a {@link QuarantineException}, a RuntimeException, a
 *     StackOverflowError from a deeply nested data set, any Error but a VirtualMachineError): the
 *     instance moves to the quarantine folder with {@code NAME.reason.txt};</li>
 * <li>it failed because of the environment (an IOException such as a full disk, out of memory,
 *     an interruption): it stays in the spool and is processed again after {@code retryDelay}
 *     (doubling), and at the next start.</li>
 * </ul>
 * Delivery is therefore at least once.
 */
public class DicomConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(DicomConsumer.class);
    private static final long MAX_RETRY_DELAY_MILLIS = 10 * 60 * 1000L;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final Map<Path, Integer> failures = new ConcurrentHashMap<>();
    /** Set first thing in doStop: from then on nothing new is submitted; spooled instances wait for the next start. */
    private volatile boolean stopping;
    private DurableSpool spool;
    private Path quarantine;
    private StorageScpServer server;
    private volatile ExecutorService workers;
    private ScheduledExecutorService retries;
    private ExecutorService connections;
    private ExecutorService acceptor;
    private volatile int localPort;

    public DicomConsumer(DicomEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public DicomEndpoint getEndpoint() {
        return (DicomEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        stopping = false;
        DicomEndpoint ep = getEndpoint();
        DicomAddress address = ep.address();
        spool = new DurableSpool(Path.of(ep.getSpool()));
        quarantine = Path.of(ep.getQuarantine());
        int discarded = spool.discardUnacknowledged();
        if (discarded > 0) {
            LOG.info("Discarded {} partial receptions that were never acknowledged", discarded);
        }
        ExecutorServiceManager ecm = getEndpoint().getCamelContext().getExecutorServiceManager();
        workers = ecm.newFixedThreadPool(this, "DicomConsumer[" + address.aeTitle() + "]", ep.getConcurrentConsumers());
        retries = ecm.newSingleThreadScheduledExecutor(this, "DicomConsumerRetry[" + address.aeTitle() + "]");
        connections = ecm.newCachedThreadPool(this, "DicomAssociation[" + address.aeTitle() + "]");
        acceptor = ecm.newSingleThreadExecutor(this, "DicomAcceptor[" + address.aeTitle() + "]");

        List<Path> pending = spool.pending();
        if (!pending.isEmpty()) {
            LOG.info("Submitting again {} instances accepted before the last stop", pending.size());
            pending.forEach(p -> submit(p, null));
        }
        AssociationGate gate = new AssociationGate(ep.allowedCallingAeTitleSet(), ep.getAssociationRequestTimeout());
        server = new StorageScpServer(new StorageScpServer.Settings(address.host(), address.port(), address.aeTitle(),
                ep.getMaxAssociations(), ep.getMaxAssociationsPerHost(), ep.getAssociationRequestTimeout(),
                ep.getAssociationTimeout()), gate, spool, new SpoolingHandler(), connections);
        localPort = server.start(acceptor);
    }

    @Override
    protected void doStop() throws Exception {
        stopping = true;
        if (server != null) {
            server.close();
            server = null;
        }
        ExecutorServiceManager ecm = getEndpoint().getCamelContext().getExecutorServiceManager();
        // Every socket is closed: association threads end at once. Queued instances return at
        // once (stopping); only exchanges in progress are waited for, briefly.
        for (ExecutorService e : new ExecutorService[] {acceptor, connections, retries}) {
            if (e != null) {
                ecm.shutdownNow(e);
            }
        }
        if (workers != null) {
            ecm.shutdownGraceful(workers, 10_000);
        }
        acceptor = connections = workers = null;
        retries = null;
        failures.clear();
        super.doStop();
    }

    /** The port actually listened on. */
    public int getLocalPort() {
        return localPort;
    }

    public long getReceivedCount() {
        return received.get();
    }

    public long getCompletedCount() {
        return completed.get();
    }

    /** Exchanges that failed because of the environment (the instance stayed in the spool). */
    public long getFailedCount() {
        return failed.get();
    }

    public long getQuarantinedCount() {
        return quarantined.get();
    }

    private void submit(Path file, Received how) {
        ExecutorService w = workers;
        if (stopping || w == null) {
            LOG.debug("Instance spooled while stopping; it will be processed at the next start");
            return;
        }
        try {
            w.execute(() -> process(file, how));
        } catch (RejectedExecutionException e) {
            LOG.debug("Instance spooled while stopping; it will be processed at the next start");
        }
    }

    private void process(Path file, Received how) {
        if (stopping || !isRunAllowed()) {
            return; // stays in the spool for the next start
        }
        Exchange exchange = createExchange(false);
        Throwable failure;
        try {
            Message in = exchange.getIn();
            Received meta = how != null ? how : Received.fromFile(file);
            in.setBody(file.toFile());
            in.setHeader(Exchange.FILE_NAME, file.getFileName().toString());
            in.setHeader(DicomConstants.SPOOL_FILE, file.toString());
            in.setHeader(DicomConstants.CALLED_AE_TITLE, getEndpoint().getAeTitle());
            in.setHeader(DicomConstants.CALLING_AE_TITLE, meta.callingAeTitle());
            in.setHeader(DicomConstants.TRANSFER_SYNTAX_UID, meta.transferSyntaxUID());
            getProcessor().process(exchange);
            failure = exchange.getException();
            if (failure == null && exchange.isRollbackOnly()) {
                failure = new IOException("exchange marked for rollback");
            }
        } catch (Throwable t) {
            // Whatever one instance does (even a StackOverflowError), the worker goes on.
            failure = t;
        }
        try {
            settle(file, failure);
        } catch (Throwable t) {
            LOG.error("Could not settle a received instance ({}); it stays in the spool", t.toString());
            retryLater(file);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void settle(Path file, Throwable failure) throws IOException {
        if (failure == null) {
            spool.release(file);
            failures.remove(file);
            completed.incrementAndGet();
        } else if (FailureKind.isEnvironment(failure)) {
            failed.incrementAndGet();
            LOG.warn("A received instance could not be processed ({}); it stays in the spool and will be tried again",
                    FailureKind.describe(failure));
            retryLater(file);
        } else {
            String reason = FailureKind.reason(failure);
            Path where = spool.quarantine(file, quarantine, reason);
            failures.remove(file);
            quarantined.incrementAndGet();
            LOG.warn("Quarantined a received instance as {}: {}", where.getFileName(), reason);
        }
    }

    private void retryLater(Path file) {
        ScheduledExecutorService r = retries;
        if (stopping || r == null) {
            return;
        }
        int n = failures.merge(file, 1, Integer::sum);
        long delay = Math.min(MAX_RETRY_DELAY_MILLIS, getEndpoint().getRetryDelay() << Math.min(n - 1, 20));
        try {
            r.schedule(() -> submit(file, null), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Not retrying while stopping; the instance waits for the next start");
        }
    }

    /** What PixelMed tells us about a received instance (or its file meta information says). */
    record Received(String transferSyntaxUID, String callingAeTitle) {
        static Received fromFile(Path file) throws IOException {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                AttributeList meta = new AttributeList();
                meta.readOnlyMetaInformationHeader(new DicomInputStream(in));
                return new Received(OutgoingInstance.string(meta, TagFromName.TransferSyntaxUID),
                        OutgoingInstance.string(meta, TagFromName.SourceApplicationEntityTitle));
            } catch (DicomException e) {
                // The route's reader will say what is wrong with it (and quarantine it).
                return new Received("", "");
            }
        }
    }

    /**
     * Called by PixelMed on the association's thread after the data set is in a file and before
     * the C-STORE response is sent: whatever this throws, no success is sent.
     */
    private final class SpoolingHandler extends ReceivedObjectHandler {
        @Override
        public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAETitle)
                throws IOException {
            if (fileName == null) {
                return;
            }
            Path accepted = spool.accept(Path.of(fileName));
            received.incrementAndGet();
            submit(accepted, new Received(transferSyntax, callingAETitle == null ? "" : callingAETitle.trim()));
        }
    }
}
