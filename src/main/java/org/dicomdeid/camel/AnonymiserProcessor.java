package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceSupport;
import org.dicomdeid.pipeline.OutputNames;
import org.dicomdeid.pipeline.Anonymiser;
import org.dicomdeid.deid.DeidOutcome;
import org.dicomdeid.camel.dicom.DicomConstants;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.RoutingAttributes;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.deid.SecretLocation;
import org.dicomdeid.policy.PolicyLoader;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The anonymiser as a Camel processor, usable from any route. Bean properties (set them in a
 * YAML route's {@code beans:} section): {@code policy} (a policy file; empty: the basic
 * profile), {@code options} (comma-separated profile options), {@code recipients}
 * (comma-separated certificates to encrypt the originals for), {@code secretFile} (the routes give
 * {@code <deid.home>/keys/pseudonym.secret}; unset: {@link SecretLocation#userDefault()};
 * {@code DEID_SECRET}, when set, is used instead of either).
 * <p>
 * In: a DICOM file, bytes, stream or {@link DicomObject}. Out: the de-identified
 * {@link DicomObject}; properties {@link DeidExchange#ORIGINALS} and {@link DeidExchange#OUTCOME}
 * for later steps; the {@code CamelDicom*} content headers ({@link DicomHeaders}) where absent, and
 * {@link DicomConstants#DEIDENTIFIED_SOP_INSTANCE_UID}; the CamelFileName and CamelFileNameOnly
 * headers lose any UID they held. A policy filter that drops the input raises
 * {@link org.dicomdeid.pipeline.DroppedByFilter} (see {@link QuarantineProcessor}). A bad input raises
 * {@link org.dicomdeid.dicom.QuarantineException} for the route's error handling (whatever failed, an
 * {@link Error} included); a fault of the environment an {@link java.io.IOException} ({@link Faults}).
 */
public class AnonymiserProcessor extends ServiceSupport implements Processor {
    private String policy = "";
    private String options = "";
    private String secretFile;
    private String recipients = "";
    private boolean nameBySopInstanceUid;
    private volatile Anonymiser anonymiser;
    private volatile OutputNames names;
    private volatile ProjectSecret secret;

    public void setPolicy(String policy) {
        this.policy = policy == null ? "" : policy.strip();
    }

    public void setOptions(String options) {
        this.options = options == null ? "" : options.strip();
    }

    /** Comma-separated recipient certificates: the originals are encrypted for them (optional). */
    public void setRecipients(String recipients) {
        this.recipients = recipients == null ? "" : recipients.strip();
    }

    /** Name the output {@code <de-identified SOP Instance UID>.dcm} (for inputs without a file name of their own). */
    public void setNameBySopInstanceUid(boolean nameBySopInstanceUid) {
        this.nameBySopInstanceUid = nameBySopInstanceUid;
    }

    public void setSecretFile(String secretFile) {
        this.secretFile = secretFile;
    }

    /** Loads the policy and secret when the route starts, so a wrong policy stops the start. */
    @Override
    protected void doStart() throws Exception {
        Path policyFile = policy.isEmpty() ? null : Path.of(policy);
        secret = SecretLocation.forRouteSetting(secretFile);
        List<Path> certs = commaSeparated(recipients).stream().map(Path::of).toList();
        anonymiser = new Anonymiser(PolicyLoader.load(policyFile, commaSeparated(options), certs), secret);
        names = new OutputNames(secret);
    }

    private static List<String> commaSeparated(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** How logs, reasons and the audit log name this input: a keyed hash of its consumed name (as the CLI's). */
    private String inputId(Exchange exchange) {
        return "#" + secret.logHash(ConsumedSource.of(exchange).name());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (anonymiser == null) {
            start();
        }
        InstanceOutcomes.begin(exchange, inputId(exchange), anonymiser.policyHash(),
                org.dicomdeid.pipeline.PolicyFingerprint.options(anonymiser.policy()));
        DicomObject object;
        DeidOutcome outcome;
        try {
            object = DicomBodies.toDicomObject(exchange);
            // content headers for later steps, where no dicomHeaders step has set them already
            DicomHeaders.set(exchange.getIn(), RoutingAttributes.of(object), false);
            outcome = anonymiser.anonymise(object); // the policy's filters may drop or quarantine it
        } catch (Throwable failure) {
            // a StackOverflowError or any other failure on one input quarantines that input;
            // I/O faults and OutOfMemoryError are the machine's: the input stays for a retry
            throw Faults.classify(failure);
        }
        exchange.setProperty(DeidExchange.ORIGINALS, outcome.originals());
        exchange.setProperty(DeidExchange.OUTCOME, outcome);
        exchange.setProperty(InstanceOutcomes.OUTPUT_UID, object.sopInstanceUID());
        exchange.getIn().setBody(object);
        exchange.getIn().setHeader(DicomConstants.DEIDENTIFIED_SOP_INSTANCE_UID, object.sopInstanceUID());
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        String output = null;
        if (nameBySopInstanceUid) {
            output = names.forUid(object.sopInstanceUID(), ".dcm");
        } else if (name != null) {
            output = names.map(Path.of(name), outcome.identifyingValues()).toString();
        }
        if (output != null) {
            exchange.getIn().setHeader(Exchange.FILE_NAME, output);
            // Camel's file producers name their temporary file (tempPrefix) after this header:
            // left as consumed, the original UID would show in the outbox while the file is written.
            if (exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY) != null) {
                exchange.getIn().setHeader(Exchange.FILE_NAME_ONLY, Path.of(output).getFileName().toString());
            }
        }
    }
}
