package org.dicomdeid.camel.dicom;

import com.pixelmed.dicom.DicomException;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.VerificationSOPClassSCU;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Sending outside Camel (the {@code deid send} and {@code deid echo} commands): the same C-STORE
 * SCU as the {@code dicom:} producer, one association reused for all files.
 */
public final class DicomSender implements Closeable {
    private final StoreScu scu;

    public DicomSender(DicomAddress peer, String callingAeTitle) {
        this.scu = new StoreScu(peer, callingAeTitle, true);
    }

    /** Stores one Part 10 file; returns the success or warning status. */
    public int send(Path file) throws IOException {
        return scu.store(OutgoingInstance.of(file));
    }

    public int associationsOpened() {
        return scu.associationsOpened();
    }

    @Override
    public void close() {
        scu.close();
    }

    /** C-ECHO with PixelMed's Verification SCU; throws when the peer does not answer success. */
    public static void echo(DicomAddress peer, String callingAeTitle) throws DicomStoreException {
        try {
            new VerificationSOPClassSCU(peer.host(), peer.port(), peer.aeTitle(), DicomAddress.checkAeTitle(callingAeTitle), false);
        } catch (DicomNetworkException | DicomException | IOException e) {
            throw new DicomStoreException("C-ECHO to " + peer + " failed: " + e.getMessage(), e);
        }
    }
}
