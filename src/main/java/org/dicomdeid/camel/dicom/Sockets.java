package org.dicomdeid.camel.dicom;

import com.pixelmed.network.Association;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.SocketException;

/**
 * Turns Nagle's algorithm off. DICOM is request/response with small PDUs (commands, responses,
 * the last fragment of a data set): with Nagle on, each small write can wait for the peer's
 * delayed ACK (up to 40 ms on Linux), which caps a transfer at a few dozen instances a second.
 */
final class Sockets {
    private static final Logger LOG = LoggerFactory.getLogger(Sockets.class);
    private static final Field ASSOCIATION_SOCKET = associationField("socket");
    private static final Field ASSOCIATION_OUTPUT = associationField("out");

    private Sockets() {
    }

    static void noDelay(Socket socket) throws SocketException {
        socket.setTcpNoDelay(true);
    }

    /**
     * PixelMed opens an initiator's socket itself and offers no option for TCP_NODELAY; its
     * protected {@code socket} field is the only way to reach it.
     */
    static void noDelay(Association association) {
        if (ASSOCIATION_SOCKET == null) {
            return;
        }
        try {
            Object socket = ASSOCIATION_SOCKET.get(association);
            if (socket instanceof Socket s) {
                s.setTcpNoDelay(true);
            }
        } catch (IllegalAccessException | SocketException e) {
            LOG.debug("Could not turn Nagle off on an association's socket: {}", e.toString());
        }
    }

    /**
     * Makes an association PixelMed opened send each PDV header with its fragment
     * ({@link CoalescingOutputStream}) instead of byte by byte; like the socket, its protected
     * {@code out} field is the only way in. Without it the association still works, slower.
     */
    static void coalesceWrites(Association association) {
        if (ASSOCIATION_OUTPUT == null) {
            return;
        }
        try {
            Object out = ASSOCIATION_OUTPUT.get(association);
            if (out instanceof OutputStream o && !(o instanceof CoalescingOutputStream)) {
                ASSOCIATION_OUTPUT.set(association, new CoalescingOutputStream(o));
            }
        } catch (IllegalAccessException e) {
            LOG.debug("Could not coalesce an association's writes: {}", e.toString());
        }
    }

    private static Field associationField(String name) {
        try {
            Field f = Association.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("PixelMed's association field '{}' is out of reach; outgoing associations are slower ({})",
                    name, e.toString());
            return null;
        }
    }
}
