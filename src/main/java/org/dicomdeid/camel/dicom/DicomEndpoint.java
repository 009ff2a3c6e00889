package org.dicomdeid.camel.dicom;

import org.dicomdeid.dicom.DicomObject;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A DICOM application entity. As a consumer it is a C-STORE / C-ECHO SCP: each received
 * instance becomes an exchange whose body is the spooled Part 10 {@link java.io.File}, and the
 * C-STORE success response is sent only once that file is on disk (fsync). As a producer it is a
 * C-STORE SCU sending the body (a File, Path, byte array, DicomObject or a collection of them).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "dicom", title = "DICOM", syntax = "dicom:aeTitle",
        category = {Category.HEALTH}, headersClass = DicomConstants.class)
public class DicomEndpoint extends DefaultEndpoint {

    @UriPath(description = "Consumer: our AE title (the called AE title peers must use). Producer: the peer's AE title."
            + " May be followed by an at sign and host:port (the address form of the URI format), which then sets"
            + " host and port.")
    @Metadata(required = true)
    private String aeTitle;

    @UriParam(defaultValue = "127.0.0.1",
            description = "Consumer: the address to listen on (0.0.0.0 for all interfaces). Producer: the peer's host.")
    private String host = "127.0.0.1";

    @UriParam(defaultValue = "11112", description = "Consumer: the port to listen on. Producer: the peer's port.")
    private int port = 11112;

    @UriParam(label = "consumer", description = "Comma-separated calling AE titles allowed to associate; others are"
            + " rejected with A-ASSOCIATE-RJ (calling AE title not recognized). Empty allows every AE title.")
    private String allowedCallingAeTitles;

    @UriParam(label = "consumer", defaultValue = "spool/dicom-received", description = "Folder where received instances"
            + " are made durable before they are acknowledged. An instance stays there until its exchange completed"
            + " successfully; what is left is submitted again when the consumer starts.")
    private String spool = "spool/dicom-received";

    @UriParam(label = "consumer", defaultValue = "quarantine", description = "Folder where a received instance goes,"
            + " beside NAME.reason.txt, when its exchange failed because of the instance itself: a QuarantineException,"
            + " a RuntimeException, a StackOverflowError or any Error but a VirtualMachineError. Failures of the"
            + " environment (an IOException, out of memory) leave it in the spool, tried again after retryDelay.")
    private String quarantine = "quarantine";

    @UriParam(label = "consumer", defaultValue = "10000", description = "Milliseconds before an instance whose"
            + " exchange failed because of the environment (disk full, destination down: an IOException) is processed"
            + " again; the delay doubles with each failure of the same instance, up to 10 minutes.")
    private long retryDelay = 10000;

    @UriParam(label = "consumer", defaultValue = "16", description = "Maximum number of simultaneous associations;"
            + " a request beyond it is answered A-ASSOCIATE-RJ (transient, local limit exceeded).")
    private int maxAssociations = 16;

    @UriParam(label = "consumer", defaultValue = "8", description = "Maximum number of simultaneous associations from"
            + " one IP address, so that one host cannot take every slot.")
    private int maxAssociationsPerHost = 8;

    @UriParam(label = "consumer", defaultValue = "2", description = "Threads processing received instances.")
    private int concurrentConsumers = 2;

    @UriParam(label = "consumer,advanced", defaultValue = "5000", description = "Milliseconds a new connection has to"
            + " send its whole A-ASSOCIATE-RQ; it is closed otherwise. Until then it holds no association slot; when"
            + " one address has more than 4 x maxAssociations connections waiting so, its oldest is closed.")
    private int associationRequestTimeout = 5000;

    @UriParam(label = "consumer,advanced", defaultValue = "15000", description = "Milliseconds an open association may"
            + " stay silent before it is closed.")
    private int associationTimeout = 15000;

    @UriParam(label = "producer", defaultValue = "DEID", description = "Our AE title when sending.")
    private String callingAeTitle = "DEID";

    @UriParam(label = "producer", defaultValue = "5000", description = "Milliseconds an association is kept open after"
            + " the last instance, to be reused by the next exchanges; 0 releases it after each exchange.")
    private long idleTimeout = 5000;

    @UriParam(label = "producer", defaultValue = "true", description = "When the peer refuses the transfer syntax an"
            + " instance is stored in, send it in Explicit or Implicit VR Little Endian instead, decompressing pixel"
            + " data if needed. When false such an instance fails.")
    private boolean convertWhenRefused = true;

    private final AtomicInteger associationsOpened = new AtomicInteger();
    /** Option names written in the URI (not defaults), for DicomEndpointRules. */
    private Set<String> givenOptions = Set.of();
    private boolean addressInPath;

    public DicomEndpoint(String uri, DicomComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() throws Exception {
        DicomEndpointRules.checkProducer(this);
        return new DicomProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DicomEndpointRules.checkConsumer(this);
        DicomConsumer consumer = new DicomConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    /** How many associations this endpoint's producers opened (for monitoring and tests). */
    public int getAssociationsOpened() {
        return associationsOpened.get();
    }

    void associationOpened() {
        associationsOpened.incrementAndGet();
    }

    /**
     * Records what the URI said, as opposed to defaults. Package-private and not a bean setter,
     * so that no URI option can reach it through Camel's property binding.
     */
    void uriGave(Set<String> optionNames, boolean addressInPath) {
        this.givenOptions = Set.copyOf(optionNames);
        this.addressInPath = addressInPath;
    }

    Set<String> givenOptions() {
        return givenOptions;
    }

    boolean addressInPath() {
        return addressInPath;
    }

    DicomAddress address() {
        return new DicomAddress(aeTitle, host, port);
    }

    Set<String> allowedCallingAeTitleSet() {
        if (allowedCallingAeTitles == null || allowedCallingAeTitles.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(allowedCallingAeTitles.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(DicomAddress::checkAeTitle).collect(Collectors.toUnmodifiableSet());
    }

    public String getAeTitle() {
        return aeTitle;
    }

    public void setAeTitle(String aeTitle) {
        this.aeTitle = aeTitle;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getAllowedCallingAeTitles() {
        return allowedCallingAeTitles;
    }

    public void setAllowedCallingAeTitles(String allowedCallingAeTitles) {
        this.allowedCallingAeTitles = allowedCallingAeTitles;
    }

    public String getSpool() {
        return spool;
    }

    public void setSpool(String spool) {
        this.spool = spool;
    }

    public String getQuarantine() {
        return quarantine;
    }

    public void setQuarantine(String quarantine) {
        this.quarantine = quarantine;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    public int getMaxAssociationsPerHost() {
        return maxAssociationsPerHost;
    }

    public void setMaxAssociationsPerHost(int maxAssociationsPerHost) {
        this.maxAssociationsPerHost = maxAssociationsPerHost;
    }

    public int getAssociationRequestTimeout() {
        return associationRequestTimeout;
    }

    public void setAssociationRequestTimeout(int associationRequestTimeout) {
        this.associationRequestTimeout = associationRequestTimeout;
    }

    public int getMaxAssociations() {
        return maxAssociations;
    }

    public void setMaxAssociations(int maxAssociations) {
        this.maxAssociations = maxAssociations;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    public int getAssociationTimeout() {
        return associationTimeout;
    }

    public void setAssociationTimeout(int associationTimeout) {
        this.associationTimeout = associationTimeout;
    }

    public String getCallingAeTitle() {
        return callingAeTitle;
    }

    public void setCallingAeTitle(String callingAeTitle) {
        this.callingAeTitle = callingAeTitle;
    }

    public long getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(long idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public boolean isConvertWhenRefused() {
        return convertWhenRefused;
    }

    public void setConvertWhenRefused(boolean convertWhenRefused) {
        this.convertWhenRefused = convertWhenRefused;
    }
}
