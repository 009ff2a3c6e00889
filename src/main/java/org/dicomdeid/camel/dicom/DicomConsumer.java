package org.dicomdeid.camel.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.ReceivedObjectHandler;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The C-STORE / C-ECHO SCP. Each received instance is made durable in the spool before it is
 * acknowledged (see {@link DurableSpool}), then processed as an exchange on a worker thread; the
 * spool file is removed only when the exchange completed without exception, so a failed or
 * interrupted one is submitted again at the next start. Delivery is therefore at least once.
 */
public class DicomConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(DicomConsumer.class);

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private DurableSpool spool;
    private StorageScpServer server;
    private ExecutorService workers;
    private ExecutorService associations;
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
        DicomEndpoint ep = getEndpoint();
        DicomAddress address = ep.address();
        spool = new DurableSpool(Path.of(ep.getSpool()));
        int discarded = spool.discardUnacknowledged();
        if (discarded > 0) {
            LOG.info("Discarded {} partial receptions that were never acknowledged", discarded);
        }
        ExecutorServiceManager ecm = getEndpoint().getCamelContext().getExecutorServiceManager();
        workers = ecm.newFixedThreadPool(this, "DicomConsumer[" + address.aeTitle() + "]", ep.getConcurrentConsumers());
        associations = ecm.newCachedThreadPool(this, "DicomAssociation[" + address.aeTitle() + "]");
        acceptor = ecm.newSingleThreadExecutor(this, "DicomAcceptor[" + address.aeTitle() + "]");

        List<Path> pending = spool.pending();
        if (!pending.isEmpty()) {
            LOG.info("Submitting again {} instances accepted before the last stop", pending.size());
            for (Path p : pending) {
                workers.execute(() -> process(p, null));
            }
        }
        AssociationGate gate = new AssociationGate(ep.allowedCallingAeTitleSet(), ep.getAssociationTimeout());
        server = new StorageScpServer(new StorageScpServer.Settings(address.host(), address.port(), address.aeTitle(),
                ep.getMaxAssociations(), ep.getAssociationTimeout()), gate, spool, new SpoolingHandler(), associations);
        localPort = server.start(acceptor);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
        ExecutorServiceManager ecm = getEndpoint().getCamelContext().getExecutorServiceManager();
        for (ExecutorService e : new ExecutorService[] {acceptor, associations, workers}) {
            if (e != null) {
                ecm.shutdownGraceful(e);
            }
        }
        acceptor = associations = workers = null;
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

    public long getFailedCount() {
        return failed.get();
    }

    private void process(Path file, Received how) {
        if (!isRunAllowed()) {
            return; // stays in the spool for the next start
        }
        Exchange exchange = createExchange(false);
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
        } catch (Exception e) {
            exchange.setException(e);
        }
        try {
            if (exchange.getException() == null && !exchange.isRollbackOnly()) {
                spool.release(file);
                completed.incrementAndGet();
            } else {
                failed.incrementAndGet();
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("DICOM instance kept in the spool for the next start",
                            exchange, exchange.getException());
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not remove a processed instance from the spool: {}", e.toString());
        } finally {
            releaseExchange(exchange, false);
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
                throw new IOException("spooled file has no readable file meta information", e);
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
            Received how = new Received(transferSyntax, callingAETitle == null ? "" : callingAETitle.trim());
            try {
                workers.execute(() -> process(accepted, how));
            } catch (RejectedExecutionException | NullPointerException e) {
                // Stopping: the instance is durable and will be processed at the next start.
                LOG.debug("Instance spooled while stopping; it will be processed at the next start");
            }
        }
    }
}
