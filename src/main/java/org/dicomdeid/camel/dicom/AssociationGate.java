package org.dicomdeid.camel.dicom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads a new connection's A-ASSOCIATE-RQ (PS3.8 9.3.2) ourselves, before PixelMed sees the
 * connection, so that a peer cannot hold a thread or an association slot without asking properly:
 * the whole request must arrive within a deadline (not a timeout per read, which a peer sending
 * one byte at a time would defeat), must be an A-ASSOCIATE-RQ, and must not declare a length
 * beyond {@link #MAX_REQUEST_LENGTH}. Then the calling AE title is checked against the
 * allow-list (PixelMed checks only the called one): others get A-ASSOCIATE-RJ "calling AE title
 * not recognized" (PS3.8 9.3.4). The request's bytes are replayed to PixelMed untouched.
 */
final class AssociationGate {
    private static final Logger LOG = LoggerFactory.getLogger(AssociationGate.class);

    /** PDU type 1..6, length 7..10, protocol version, reserved, called AE, calling AE. */
    private static final int HEADER_LENGTH = 6 + 2 + 2 + 16 + 16;
    private static final int A_ASSOCIATE_RQ = 0x01;
    /**
     * Far above a real request (presentation contexts for every storage class, user identity
     * with a Kerberos ticket); a longer one is refused before anything is allocated for it.
     */
    static final int MAX_REQUEST_LENGTH = 256 * 1024;

    private final Set<String> allowedCallingAeTitles;
    private final int requestTimeoutMillis;

    /** A request read whole, and who sent it. */
    record Request(byte[] bytes, String callingAeTitle) {
    }

    /** An empty allow-list admits every calling AE title. */
    AssociationGate(Set<String> allowedCallingAeTitles, int requestTimeoutMillis) {
        this.allowedCallingAeTitles = Set.copyOf(allowedCallingAeTitles);
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    /**
     * Returns the request of an admitted peer, or null when the connection was refused (it is
     * then closed: silent too long, not an association request, too long, or not allowed).
     */
    Request admit(Socket socket) throws IOException {
        long deadline = System.nanoTime() + requestTimeoutMillis * 1_000_000L;
        InputStream in = socket.getInputStream();
        byte[] header = new byte[HEADER_LENGTH];
        String peer = socket.getInetAddress().getHostAddress();
        try {
            if (!readFully(socket, in, header, 0, 6, deadline)) {
                return refuse(socket, "closed before an association request", peer);
            }
            long pduLength = pduLength(header);
            if ((header[0] & 0xff) != A_ASSOCIATE_RQ) {
                return refuse(socket, "not an association request (PDU type " + (header[0] & 0xff) + ")", peer);
            }
            if (pduLength < HEADER_LENGTH - 6 || pduLength > MAX_REQUEST_LENGTH) {
                return refuse(socket, "association request of " + pduLength + " bytes", peer);
            }
            byte[] request = new byte[(int) (6 + pduLength)];
            System.arraycopy(header, 0, request, 0, 6);
            if (!readFully(socket, in, request, 6, request.length - 6, deadline)) {
                return refuse(socket, "association request cut short", peer);
            }
            String callingAe = new String(request, 26, 16, StandardCharsets.US_ASCII).trim();
            if (!allowedCallingAeTitles.isEmpty() && !allowedCallingAeTitles.contains(callingAe)) {
                LOG.warn("Rejected association from calling AE '{}' ({}): not on the allow-list", callingAe, peer);
                reject(socket, AssociationReject.CALLING_AE_NOT_RECOGNIZED);
                return null;
            }
            return new Request(request, callingAe);
        } catch (SocketTimeoutException e) {
            return refuse(socket, "no complete association request within " + requestTimeoutMillis + " ms", peer);
        }
    }

    private static long pduLength(byte[] h) {
        return ((h[2] & 0xffL) << 24) | ((h[3] & 0xff) << 16) | ((h[4] & 0xff) << 8) | (h[5] & 0xff);
    }

    /** Reads exactly {@code len} bytes before the deadline; false at end of stream. */
    private static boolean readFully(Socket socket, InputStream in, byte[] b, int off, int len, long deadline)
            throws IOException {
        int done = 0;
        while (done < len) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                return false;
            }
            done += n;
        }
        return true;
    }

    private static Request refuse(Socket socket, String why, String peer) {
        LOG.info("Closed a connection from {}: {}", peer, why);
        closeQuietly(socket);
        return null;
    }

    /** Answers A-ASSOCIATE-RJ and closes; the peer has sent its whole request, so it reads the answer. */
    static void reject(Socket socket, AssociationReject why) {
        try (socket) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(why.pdu());
            out.flush();
            socket.shutdownOutput();
            // Give the peer a moment to close first (it should after an A-ASSOCIATE-RJ), so our
            // close does not reset the connection before it read the answer.
            socket.getInputStream().skip(4096);
        } catch (IOException ignored) {
            // The peer went away first; nothing more to tell it.
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** The A-ASSOCIATE-RJ answers we give (PS3.8 Table 9-21). */
    enum AssociationReject {
        /** Rejected-permanent, service-user, calling AE title not recognized. */
        CALLING_AE_NOT_RECOGNIZED(1, 1, 3),
        /** Rejected-transient, service-provider (presentation), local limit exceeded. */
        LOCAL_LIMIT_EXCEEDED(2, 3, 2);

        private final int result;
        private final int source;
        private final int reason;

        AssociationReject(int result, int source, int reason) {
            this.result = result;
            this.source = source;
            this.reason = reason;
        }

        byte[] pdu() {
            return new byte[] {0x03, 0, 0, 0, 0, 4, 0, (byte) result, (byte) source, (byte) reason};
        }
    }
}
