package org.dicomdeid.camel.dicom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Checks the calling AE title of an incoming association against an allow-list before PixelMed
 * sees the connection, and answers A-ASSOCIATE-RJ "calling AE title not recognized" (PS3.8
 * 9.3.4) to anyone else. PixelMed's acceptor checks only the called AE title and its selection
 * policies never see the calling one, so this is done on the first 42 bytes of the
 * A-ASSOCIATE-RQ (PS3.8 9.3.2), which are then replayed to PixelMed untouched.
 */
final class AssociationGate {
    private static final Logger LOG = LoggerFactory.getLogger(AssociationGate.class);

    /** PDU type 1..6, length 7..10, protocol version, reserved, called AE, calling AE. */
    private static final int HEADER_LENGTH = 6 + 2 + 2 + 16 + 16;
    private static final int A_ASSOCIATE_RQ = 0x01;
    private static final int A_ASSOCIATE_RJ = 0x03;
    private static final int REJECTED_PERMANENT = 1;
    private static final int SOURCE_SERVICE_USER = 1;
    private static final int REASON_CALLING_AE_NOT_RECOGNIZED = 3;
    /** Bounds how much of a rejected request we read before closing (avoids a TCP reset). */
    private static final int MAX_DRAIN = 1 << 16;

    private final Set<String> allowedCallingAeTitles;
    private final int timeoutMillis;

    /** An empty allow-list admits every calling AE title. */
    AssociationGate(Set<String> allowedCallingAeTitles, int timeoutMillis) {
        this.allowedCallingAeTitles = Set.copyOf(allowedCallingAeTitles);
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Returns the socket to hand to PixelMed, or null when the association was rejected (the
     * socket is then closed).
     */
    Socket admit(Socket socket) throws IOException {
        if (allowedCallingAeTitles.isEmpty()) {
            return socket;
        }
        int previousTimeout = socket.getSoTimeout();
        socket.setSoTimeout(timeoutMillis);
        InputStream in = socket.getInputStream();
        byte[] header = in.readNBytes(HEADER_LENGTH);
        socket.setSoTimeout(previousTimeout);
        if (header.length < HEADER_LENGTH || (header[0] & 0xff) != A_ASSOCIATE_RQ) {
            // Not an association request: let PixelMed answer (it aborts) with what we read.
            return new ReplayingSocket(socket, header);
        }
        String callingAe = new String(header, 26, 16, StandardCharsets.US_ASCII).trim();
        if (allowedCallingAeTitles.contains(callingAe)) {
            return new ReplayingSocket(socket, header);
        }
        LOG.warn("Rejected association from calling AE '{}' ({}): not on the allow-list", callingAe,
                socket.getInetAddress().getHostAddress());
        reject(socket, header, in);
        return null;
    }

    private void reject(Socket socket, byte[] header, InputStream in) throws IOException {
        try (socket) {
            long pduLength = ((header[2] & 0xffL) << 24) | ((header[3] & 0xff) << 16) | ((header[4] & 0xff) << 8) | (header[5] & 0xff);
            long rest = Math.min(MAX_DRAIN, Math.max(0, 6 + pduLength - HEADER_LENGTH));
            socket.setSoTimeout(timeoutMillis);
            in.readNBytes((int) rest);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {A_ASSOCIATE_RJ, 0, 0, 0, 0, 4,
                    0, REJECTED_PERMANENT, SOURCE_SERVICE_USER, REASON_CALLING_AE_NOT_RECOGNIZED});
            out.flush();
            socket.shutdownOutput();
            // Wait for the peer to close (it should after an A-ASSOCIATE-RJ) so it reads our answer.
            in.skip(MAX_DRAIN);
        } catch (IOException ignored) {
            // The peer went away first; nothing more to tell it.
        }
    }
}
