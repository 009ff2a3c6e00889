package org.dicomdeid.camel.dicomweb;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.FailureKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pulls studies from a DICOMweb server. Each poll first processes what is still in the spool,
 * then searches (QIDO-RS) and, for every matching study not recorded as pulled, retrieves it
 * (WADO-RS, {@code multipart/related; type="application/dicom"}) streaming each instance to its
 * own file. Only a complete study enters the spool; it is then recorded as pulled (by keyed
 * hash, durably) and each instance becomes an exchange whose body is its spooled file. A study
 * whose retrieval fails is dropped, not recorded, and tried again at the next poll; so is one whose
 * body stalls: no byte for {@code readTimeout} in the middle of a response gives it up.
 * <p>
 * Every spooled instance ends like the dicom: consumer's: processed (the file is removed),
 * quarantined with a reason when its exchange failed because of the instance, or kept for the
 * next poll when the environment failed (an IOException). So nothing is pulled twice, even after a
 * restart, and nothing pulled is lost: delivery to the route is at least once.
 */
public class DicomWebConsumer extends ScheduledPollConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(DicomWebConsumer.class);
    private static final String ACCEPT_DICOM = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong studiesPulled = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private DicomWebClient client;
    private QidoQuery query;
    private PullSpool spool;
    private PulledRecord record;
    private KeyedHash keyedHash;
    private Path quarantine;
    private ScheduledExecutorService bodyWatch;

    public DicomWebConsumer(DicomWebEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public DicomWebEndpoint getEndpoint() {
        return (DicomWebEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        DicomWebEndpoint ep = getEndpoint();
        keyedHash = ep.getKeyedHash();
        if (keyedHash == null) {
            throw new IllegalArgumentException("dicomweb: a consumer needs keyedHash (a KeyedHash bean): the record of"
                    + " pulled studies never holds their UIDs");
        }
        // one thread that gives up response bodies stalling longer than readTimeout
        bodyWatch = ep.getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "DicomWebBodyWatch");
        client = DicomWebClient.create(ep, bodyWatch);
        query = new QidoQuery(ep.getQido(), ep.getAccessionList(), ep.getQidoPageSize());
        spool = new PullSpool(Path.of(ep.getSpool()));
        record = new PulledRecord(Path.of(ep.getPulledRecord()));
        quarantine = Path.of(ep.getQuarantine());
        int discarded = spool.discardIncomplete();
        if (discarded > 0) {
            LOG.info("Discarded {} study retrievals a previous run did not complete; they will be pulled again", discarded);
        }
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (bodyWatch != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(bodyWatch);
            bodyWatch = null;
        }
    }

    @Override
    protected int poll() throws Exception {
        int processed = processSpooled();
        for (String studyUid : query.studies(client)) {
            if (!isRunAllowed()) {
                break;
            }
            String hash = keyedHash.hash(studyUid);
            if (record.contains(hash)) {
                continue;
            }
            try {
                pull(studyUid, hash);
            } catch (IOException e) {
                LOG.warn("Could not pull study {}; it will be tried again at the next poll: {}", shortHash(hash), describe(e));
                continue;
            }
            processed += processSpooled();
        }
        polls.incrementAndGet();
        return processed;
    }

    /** Retrieves one study into the spool and records it as pulled. */
    private void pull(String studyUid, String hash) throws IOException {
        HttpRequest request = client.request("/studies/" + studyUid).header("Accept", ACCEPT_DICOM).GET().build();
        try (DicomWebClient.Streamed response = client.stream(request, "WADO-RS");
             PullSpool.Staging staging = spool.stage()) {
            if (response.status() != 200) {
                throw DicomWebException.forStatus("WADO-RS retrieve failed", response.status());
            }
            MultipartReader reader = new MultipartReader(response.body(),
                    MultipartReader.boundary(response.headers().firstValue("Content-Type").orElse(null)));
            for (Map<String, String> part = reader.nextPart(); part != null; part = reader.nextPart()) {
                String type = part.getOrDefault("content-type", "application/dicom");
                if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/dicom")) {
                    throw new DicomWebPermanentException("WADO-RS: a part is not application/dicom", 200);
                }
                try (OutputStream out = staging.newInstance()) {
                    reader.copyPart(out);
                }
            }
            staging.commit(hash);
            record.add(hash);
            studiesPulled.incrementAndGet();
            LOG.info("Pulled study {} ({} instances)", shortHash(hash), staging.count());
        }
    }

    /**
     * Processes every instance in the spool. A study found there is first recorded as pulled: a
     * crash between its arrival in the spool and its record leaves it so.
     */
    private int processSpooled() throws IOException {
        int n = 0;
        for (PullSpool.Study study : spool.pending()) {
            record.add(study.hash());
            for (Path instance : study.instances()) {
                if (!isRunAllowed()) {
                    return n;
                }
                process(instance, study.hash());
                n++;
            }
        }
        return n;
    }

    private void process(Path instance, String hash) {
        Exchange exchange = createExchange(false);
        Throwable failure;
        try {
            Message in = exchange.getIn();
            in.setBody(instance.toFile());
            in.setHeader(Exchange.FILE_NAME, instance.getParent().getFileName() + "-" + instance.getFileName());
            in.setHeader(DicomWebConstants.SPOOL_FILE, instance.toString());
            in.setHeader(DicomWebConstants.STUDY_HASH, hash);
            getProcessor().process(exchange);
            failure = exchange.getException();
            if (failure == null && exchange.isRollbackOnly()) {
                failure = new IOException("exchange marked for rollback");
            }
        } catch (Throwable t) {
            // whatever one instance does (even a StackOverflowError), the poll goes on
            failure = t;
        }
        try {
            settle(instance, failure);
        } catch (IOException e) {
            LOG.error("Could not settle a pulled instance ({}); it stays in the spool", describe(e));
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void settle(Path instance, Throwable failure) throws IOException {
        if (failure == null) {
            spool.release(instance);
            completed.incrementAndGet();
        } else if (FailureKind.isEnvironment(failure)) {
            failed.incrementAndGet();
            LOG.warn("A pulled instance could not be processed ({}); it stays in the spool for the next poll",
                    FailureKind.describe(failure));
        } else {
            String reason = FailureKind.reason(failure);
            Path where = DicomFiles.quarantine(instance, quarantine,
                    instance.getParent().getFileName() + "-" + instance.getFileName(), reason);
            spool.release(instance);
            quarantined.incrementAndGet();
            LOG.warn("Quarantined a pulled instance as {}: {}", where.getFileName(), reason);
        }
    }

    /** Our own exceptions' messages name no values; for others only the kind is said. */
    private static String describe(IOException e) {
        return e instanceof DicomWebException ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String shortHash(String hash) {
        return hash.substring(0, Math.min(12, hash.length()));
    }

    /** Polls completed (search and pulls done) since the start (for monitoring and tests). */
    public long getPolls() {
        return polls.get();
    }

    /** Studies pulled since the start (for monitoring and tests). */
    public long getStudiesPulled() {
        return studiesPulled.get();
    }

    /** Instances whose exchange completed since the start. */
    public long getCompleted() {
        return completed.get();
    }

    /** Instances quarantined since the start. */
    public long getQuarantined() {
        return quarantined.get();
    }

    /** Instance exchanges that failed because of the environment (kept for the next poll). */
    public long getFailed() {
        return failed.get();
    }
}
