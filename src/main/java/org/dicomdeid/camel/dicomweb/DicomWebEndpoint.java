package org.dicomdeid.camel.dicomweb;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;

import java.util.Map;

/**
 * A DICOMweb service. As a producer it stores the body with STOW-RS; as a consumer it polls a
 * QIDO-RS search and pulls each new study with WADO-RS into a durable spool, one exchange per
 * instance whose body is the spooled Part 10 {@link java.io.File}. Studies pulled are recorded by
 * keyed hash so that none is pulled twice, across restarts.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "dicomweb", title = "DICOMweb", syntax = "dicomweb:baseUrl",
        category = {Category.HEALTH}, headersClass = DicomWebConstants.class)
public class DicomWebEndpoint extends ScheduledPollEndpoint {

    @UriPath(label = "common", description = "The base URL of the DICOMweb service, e.g. https://pacs.example/dicom-web"
            + " (STOW-RS posts to {baseUrl}/studies). http or https; no credentials in it.")
    @Metadata(required = true)
    private String baseUrl;

    @UriParam(label = "security", description = "User name for HTTP Basic authentication; needs passwordFile or"
            + " passwordEnv. Refused over plain http to another machine.")
    private String username;

    @UriParam(label = "security", description = "File whose first line is the password (mode 600: a file others can"
            + " read is refused).")
    private String passwordFile;

    @UriParam(label = "security", description = "Name of the environment variable holding the password.")
    private String passwordEnv;

    @UriParam(label = "security", description = "Certificates to trust for https: a PEM file or a PKCS#12 / JKS trust"
            + " store. Default: the JVM's trusted authorities.")
    private String trustStore;

    @UriParam(label = "common", defaultValue = "10000", description = "Milliseconds to wait for the connection to the server.")
    private int connectTimeout = 10000;

    @UriParam(label = "common", defaultValue = "300000", description = "Milliseconds from sending a request to the response's headers"
            + " (for STOW-RS this includes the upload). A consumer also gives up a QIDO-RS or WADO-RS response body"
            + " when no byte of it arrives for this long; the study is pulled again at the next poll.")
    private int readTimeout = 300000;

    @UriParam(label = "consumer", description = "File with one AccessionNumber per line (blank lines and # comments"
            + " skipped; read at every poll): the studies to pull are searched for one accession at a time."
            + " A line with a wildcard (an asterisk or a question mark) or a backslash is refused.")
    private String accessionList;

    @UriParam(label = "consumer", prefix = "qido.", multiValue = true, description = "QIDO-RS filters, e.g."
            + " qido.StudyDate=20240101-20241231&qido.ModalitiesInStudy=CT; with an accessionList they apply to"
            + " each accession's search; an empty value is left out. A consumer needs an accessionList or at least"
            + " one filter.")
    private Map<String, Object> qido;

    @UriParam(label = "consumer", defaultValue = "100", description = "Results asked for per QIDO-RS request (limit);"
            + " further pages are read with offset.")
    private int qidoPageSize = 100;

    @UriParam(label = "consumer", defaultValue = "spool/dicomweb-pulled", description = "Folder where pulled studies"
            + " are made durable before they are recorded as pulled. An instance stays there until its exchange"
            + " completed; what is left is processed again at the next poll and after a restart.")
    private String spool = "spool/dicomweb-pulled";

    @UriParam(label = "consumer", defaultValue = "quarantine", description = "Folder where a pulled instance goes,"
            + " beside NAME.reason.txt, when its exchange failed because of the instance itself. Failures of the"
            + " environment (an IOException) leave it in the spool for the next poll.")
    private String quarantine = "quarantine";

    @UriParam(label = "consumer", defaultValue = "state/dicomweb-pulled.txt", description = "File recording the"
            + " studies already pulled, one keyed hash of the Study Instance UID per line (no UIDs), forced to disk.")
    private String pulledRecord = "state/dicomweb-pulled.txt";

    @UriParam(label = "consumer", description = "The keyed hash for the pulled record (a bean implementing"
            + " org.dicomdeid.camel.dicomweb.KeyedHash, e.g. #bean:name). Required for a consumer.")
    private KeyedHash keyedHash;

    public DicomWebEndpoint(String uri, DicomWebComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() throws Exception {
        return new DicomWebProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DicomWebConsumer consumer = new DicomWebConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPasswordFile() {
        return passwordFile;
    }

    public void setPasswordFile(String passwordFile) {
        this.passwordFile = passwordFile;
    }

    public String getPasswordEnv() {
        return passwordEnv;
    }

    public void setPasswordEnv(String passwordEnv) {
        this.passwordEnv = passwordEnv;
    }

    public String getTrustStore() {
        return trustStore;
    }

    public void setTrustStore(String trustStore) {
        this.trustStore = trustStore;
    }

    public int getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(int connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public int getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(int readTimeout) {
        this.readTimeout = readTimeout;
    }

    public String getAccessionList() {
        return accessionList;
    }

    public void setAccessionList(String accessionList) {
        this.accessionList = accessionList;
    }

    public Map<String, Object> getQido() {
        return qido;
    }

    public void setQido(Map<String, Object> qido) {
        this.qido = qido;
    }

    public int getQidoPageSize() {
        return qidoPageSize;
    }

    public void setQidoPageSize(int qidoPageSize) {
        this.qidoPageSize = qidoPageSize;
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

    public String getPulledRecord() {
        return pulledRecord;
    }

    public void setPulledRecord(String pulledRecord) {
        this.pulledRecord = pulledRecord;
    }

    public KeyedHash getKeyedHash() {
        return keyedHash;
    }

    public void setKeyedHash(KeyedHash keyedHash) {
        this.keyedHash = keyedHash;
    }
}
