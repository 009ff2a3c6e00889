package org.dicomdeid.camel.dicom;

import com.pixelmed.network.ReceivedObjectHandler;
import com.pixelmed.network.StorageSOPClassSCP;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * Listens on one address and runs PixelMed's {@link StorageSOPClassSCP} (C-STORE and C-ECHO)
 * for each association, several at once. We accept the connections ourselves rather than
 * using PixelMed's dispatcher because the dispatcher binds every interface (we bind only the
 * configured host), cannot check the calling AE title, and leaves the connection open when
 * the handler fails, so the sender would wait for a response that never comes: here a failed
 * association's socket is always closed.
 *
 * <p>Misbehaving peers cannot starve the others. A connection first has to deliver a complete
 * A-ASSOCIATE-RQ within a few seconds ({@link AssociationGate}); until then it holds no
 * association slot, and when one address has more than 4 x maxAssociations such connections
 * waiting, its oldest is closed. Only an admitted association takes a slot, within a total and a per-address limit; a
 * request beyond them is answered A-ASSOCIATE-RJ (transient, local limit exceeded) at once.
 * An admitted association that stays silent longer than the idle timeout is closed.
 */
final class StorageScpServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageScpServer.class);
    /** PDUs we accept from peers (we tell them so in the A-ASSOCIATE-AC); larger ones end the association. */
    static final int MAXIMUM_LENGTH_RECEIVED = 256 * 1024;

    private final Settings settings;
    private final AssociationGate gate;
    private final ReceivedObjectHandler handler;
    private final DurableSpool spool;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, Deque<Socket>> waiting = new HashMap<>();
    private final Map<InetAddress, Integer> associationsByHost = new HashMap<>();
    private int associations;
    private final StoragePresentationContextPolicy policy = new StoragePresentationContextPolicy();
    private volatile ServerSocket serverSocket;
    private volatile boolean closing;

    /**
     * @param requestTimeoutMillis how long a new connection may take to send its whole A-ASSOCIATE-RQ
     * @param idleTimeoutMillis    how long an admitted association may stay silent
     */
    record Settings(String host, int port, String aeTitle, int maxAssociations, int maxAssociationsPerHost,
                    int requestTimeoutMillis, int idleTimeoutMillis) {
        /**
         * Connections of one address still owing their request, before its oldest is closed. Generous:
         * a waiting connection costs only a thread for a few seconds, and a sender sharing its address
         * with a misbehaving one (a NAT, a gateway) must still get through.
         */
        int maxWaitingPerHost() {
            return 4 * maxAssociations;
        }
    }

    StorageScpServer(Settings settings, AssociationGate gate, DurableSpool spool, ReceivedObjectHandler handler,
                     ExecutorService connections) {
        this.settings = settings;
        this.gate = gate;
        this.spool = spool;
        this.handler = handler;
        this.connections = connections;
    }

    /** Binds and starts accepting; returns the bound port (useful when port 0 was asked for). */
    int start(ExecutorService acceptor) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), 128);
        serverSocket = ss;
        acceptor.execute(this::acceptLoop);
        LOG.info("DICOM SCP {} listening on {}:{}", settings.aeTitle(), settings.host(), ss.getLocalPort());
        return ss.getLocalPort();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.error("DICOM SCP stopped accepting: {}", e.toString());
                }
                return;
            }
            open.add(socket);
            registerWaiting(socket);
            try {
                connections.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                LOG.warn("Refusing a connection: {}", e.toString());
                done(socket);
            }
        }
    }

    private void serve(Socket socket) {
        InetAddress peer = socket.getInetAddress();
        boolean occupied = false;
        try {
            Sockets.noDelay(socket);
            AssociationGate.Request request = gate.admit(socket);
            stopWaiting(socket);
            if (request == null || closing) {
                return;
            }
            occupied = occupy(peer);
            if (!occupied) {
                LOG.warn("Rejected association from {} ('{}'): {} associations open in all, at most {} per address",
                        peer.getHostAddress(), request.callingAeTitle(), settings.maxAssociations(),
                        settings.maxAssociationsPerHost());
                AssociationGate.reject(socket, AssociationGate.AssociationReject.LOCAL_LIMIT_EXCEEDED);
                return;
            }
            socket.setSoTimeout(settings.idleTimeoutMillis());
            // run() returns when the association is released, aborted or failed; it sends each
            // C-STORE response only after the handler returned (see DurableSpool). Buffer sizes
            // 0 leave the kernel's auto-tuning on.
            new StorageSOPClassSCP(new ReplayingSocket(socket, request.bytes(), MAXIMUM_LENGTH_RECEIVED + 1024L),
                    settings.aeTitle(), MAXIMUM_LENGTH_RECEIVED, 0, 0,
                    spool.incomingFolder().toFile(), new DurableSpool.RandomFileNames(), handler,
                    null, null, null, null, policy).run();
        } catch (SocketException e) {
            LOG.debug("Association connection ended: {}", e.toString());
        } catch (Exception e) {
            LOG.warn("Association failed: {}", e.toString());
        } finally {
            stopWaiting(socket);
            if (occupied) {
                free(peer);
            }
            done(socket);
        }
    }

    /** Registers a connection that still owes its request; closes the address's oldest beyond the limit. */
    private void registerWaiting(Socket socket) {
        Socket evicted = null;
        synchronized (waiting) {
            Deque<Socket> q = waiting.computeIfAbsent(socket.getInetAddress(), a -> new ArrayDeque<>());
            q.addLast(socket);
            if (q.size() > settings.maxWaitingPerHost()) {
                evicted = q.removeFirst();
            }
        }
        if (evicted != null) {
            LOG.info("Closed a connection from {} that sent no association request while newer ones waited",
                    evicted.getInetAddress().getHostAddress());
            AssociationGate.closeQuietly(evicted);
        }
    }

    private void stopWaiting(Socket socket) {
        synchronized (waiting) {
            Deque<Socket> q = waiting.get(socket.getInetAddress());
            if (q != null && q.remove(socket) && q.isEmpty()) {
                waiting.remove(socket.getInetAddress());
            }
        }
    }

    private synchronized boolean occupy(InetAddress peer) {
        int ofHost = associationsByHost.getOrDefault(peer, 0);
        if (associations >= settings.maxAssociations() || ofHost >= settings.maxAssociationsPerHost()) {
            return false;
        }
        associations++;
        associationsByHost.put(peer, ofHost + 1);
        return true;
    }

    private synchronized void free(InetAddress peer) {
        associations--;
        associationsByHost.computeIfPresent(peer, (a, n) -> n <= 1 ? null : n - 1);
    }

    private void done(Socket socket) {
        AssociationGate.closeQuietly(socket);
        open.remove(socket);
    }

    /** Associations admitted and not yet ended. */
    synchronized int activeAssociations() {
        return associations;
    }

    /** Stops listening and closes every connection; acknowledged instances are already durable. */
    @Override
    public void close() {
        closing = true;
        ServerSocket ss = serverSocket;
        if (ss != null) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Socket s : open) {
            AssociationGate.closeQuietly(s);
        }
    }
}
