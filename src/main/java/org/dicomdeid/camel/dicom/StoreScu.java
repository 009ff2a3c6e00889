package org.dicomdeid.camel.dicom;

import org.dicomdeid.dicom.DicomFiles;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

/**
 * A C-STORE SCU that keeps one association open across instances (PixelMed's
 * {@code StorageSOPClassSCU} opens and releases one per call). For each SOP class it proposes
 * the transfer syntax the instance is stored in plus Explicit and Implicit VR Little Endian,
 * each in its own presentation context, so the peer's choice is visible. An instance goes as
 * stored when that was accepted, otherwise (if allowed) converted to an accepted uncompressed
 * syntax, decompressing pixel data. A new SOP class or stored syntax opens a new association
 * that proposes what was seen so far, within PS3.8's 128 presentation contexts (see
 * {@link ProposalPlan}). Not thread-safe by itself: callers synchronise.
 */
final class StoreScu implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreScu.class);
    /** Larger PDUs than PixelMed's 16 KiB default: fewer PDU headers and reads per instance. */
    static final int MAXIMUM_LENGTH_RECEIVED = 256 * 1024;

    private final DicomAddress peer;
    private final String callingAeTitle;
    private final boolean convertWhenRefused;
    private final Runnable onAssociationOpened;
    private final ProposalPlan plan = new ProposalPlan();
    private Association association;
    private Set<String> associationCovers = Set.of();
    private long lastUsed;
    private int associationsOpened;

    StoreScu(DicomAddress peer, String callingAeTitle, boolean convertWhenRefused) {
        this(peer, callingAeTitle, convertWhenRefused, () -> { });
    }

    StoreScu(DicomAddress peer, String callingAeTitle, boolean convertWhenRefused, Runnable onAssociationOpened) {
        this.onAssociationOpened = onAssociationOpened;
        this.peer = peer;
        this.callingAeTitle = DicomAddress.checkAeTitle(callingAeTitle);
        this.convertWhenRefused = convertWhenRefused;
    }

    /** Stores one instance; returns the (success or warning) status. */
    int store(OutgoingInstance instance) throws IOException {
        String pair = ProposalPlan.pair(instance.sopClassUID(), instance.transferSyntaxUID());
        boolean reused = association != null && associationCovers.contains(pair);
        if (!reused) {
            openFor(instance);
        }
        try {
            return send(instance);
        } catch (DicomStoreException e) {
            throw e; // an answer from the peer (refusal, failure status): trying again changes nothing
        } catch (IOException | DicomNetworkException | DicomException e) {
            abort();
            if (!reused) {
                throw new DicomStoreException("C-STORE to " + peer + " failed: " + e.getClass().getSimpleName(), e);
            }
            // The peer may have closed or released an idle association: one more try on a fresh one.
            LOG.debug("Reused association to {} failed ({}); retrying on a new one", peer, e.toString());
            openFor(instance);
            try {
                return send(instance);
            } catch (DicomStoreException again) {
                throw again;
            } catch (IOException | DicomNetworkException | DicomException again) {
                abort();
                throw new DicomStoreException("C-STORE to " + peer + " failed: " + again.getClass().getSimpleName(), again);
            }
        } finally {
            lastUsed = System.nanoTime();
        }
    }

    private int send(OutgoingInstance instance) throws IOException, DicomNetworkException, DicomException {
        String stored = instance.transferSyntaxUID();
        byte contextId;
        String outputSyntax = stored;
        Byte asStored = acceptedContext(instance.sopClassUID(), stored);
        if (asStored != null) {
            contextId = asStored;
        } else {
            Byte converted = null;
            if (convertWhenRefused) {
                for (String ts : ProposalPlan.UNCOMPRESSED) {
                    converted = acceptedContext(instance.sopClassUID(), ts);
                    if (converted != null) {
                        outputSyntax = ts;
                        break;
                    }
                }
            }
            if (converted == null) {
                throw new DicomStoreException("peer " + peer + " accepted no presentation context for this instance's"
                        + " SOP class in a transfer syntax we can send");
            }
            contextId = converted;
        }
        StatusHandler response = new StatusHandler();
        association.setReceivedDataHandler(response);
        association.send(contextId, new CStoreRequestCommandMessage(instance.sopClassUID(), instance.sopInstanceUID()).getBytes(), null);
        // Closing the association stream sends the last fragment, so it must happen exactly once:
        // PixelMed's writers close the stream they are given, hence the shield.
        try (OutputStream pdvs = association.getAssociationOutputStream(contextId);
             OutputStream out = DicomFiles.keepOpen(pdvs)) {
            if (outputSyntax.equals(stored)) {
                instance.writeAsStored(out);
            } else {
                LOG.debug("Converting an instance from {} to {} for {}", stored, outputSyntax, peer);
                instance.writeConverted(out, outputSyntax);
            }
        }
        try {
            association.waitForCommandPDataPDUs();
        } catch (AReleaseException e) {
            // Typically an idle association the peer released just as we reused it: the caller
            // retries once on a new association (not a DicomStoreException, which is final).
            association = null;
            throw new PeerReleasedException("peer " + peer + " released the association instead of answering");
        }
        if (!response.wasSuccessful()) {
            throw new DicomStoreException("C-STORE refused by " + peer, response.getStatus());
        }
        return response.getStatus();
    }

    private Byte acceptedContext(String sopClass, String transferSyntax) {
        try {
            return association.getSuitablePresentationContextID(sopClass, transferSyntax);
        } catch (DicomNetworkException e) {
            return null;
        }
    }

    private void openFor(OutgoingInstance instance) throws DicomStoreException {
        close();
        ProposalPlan.Proposal proposal = plan.planFor(instance.sopClassUID(), instance.transferSyntaxUID());
        try {
            // Buffer sizes 0: leave the kernel's auto-tuning on (a fixed size turns it off).
            association = AssociationFactory.createNewAssociation(peer.host(), peer.port(), peer.aeTitle(), callingAeTitle,
                    MAXIMUM_LENGTH_RECEIVED, 0, 0, proposal.contexts(), null, false, null, null);
            Sockets.noDelay(association);
            Sockets.coalesceWrites(association);
        } catch (DicomNetworkException e) {
            // PixelMed reports a failed connect as an A-P-ABORT wrapping the socket exception.
            String why = String.valueOf(e.getMessage());
            if (why.contains("ConnectException") || why.contains("UnknownHostException")
                    || why.contains("NoRouteToHostException")) {
                throw new DicomStoreException("cannot connect to " + peer, e);
            }
            throw new DicomStoreException("association with " + peer + " refused or failed: " + why, e);
        } catch (IOException e) {
            throw new DicomStoreException("cannot connect to " + peer + ": " + e.getClass().getSimpleName(), e);
        }
        associationsOpened++;
        onAssociationOpened.run();
        associationCovers = proposal.covers();
    }

    /** Releases the association when it has not been used for {@code idleNanos}. */
    void closeIfIdle(long idleNanos) {
        if (association != null && System.nanoTime() - lastUsed >= idleNanos) {
            close();
        }
    }

    boolean isOpen() {
        return association != null;
    }

    int associationsOpened() {
        return associationsOpened;
    }

    private void abort() {
        if (association != null) {
            try {
                association.abort();
            } catch (DicomNetworkException | RuntimeException ignored) {
                // already gone
            }
            association = null;
        }
    }

    @Override
    public void close() {
        if (association != null) {
            try {
                association.release();
            } catch (DicomNetworkException | RuntimeException e) {
                LOG.debug("Release of association with {} failed: {}", peer, e.toString());
                abort();
            }
            association = null;
        }
    }

    /** The peer released the association where a C-STORE response was expected. */
    private static final class PeerReleasedException extends IOException {
        PeerReleasedException(String message) {
            super(message);
        }
    }

    /** Keeps the response status; success and the PS3.4 B.2.3 warnings count as stored. */
    private static final class StatusHandler extends CompositeResponseHandler {
        @Override
        protected void evaluateStatusAndSetSuccess(AttributeList list) {
            status = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Status, 0xffff);
            success = status == 0x0000 || status == 0xB000 || status == 0xB006 || status == 0xB007;
        }
    }
}
