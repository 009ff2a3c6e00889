package org.dicomdeid.camel.dicom;

import com.pixelmed.network.AssociationFactory;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * Listens on one address and runs PixelMed's {@link StorageSOPClassSCP} (C-STORE and C-ECHO)
 * for each association, several at once. We accept the connections ourselves rather than
 * using PixelMed's dispatcher because the dispatcher binds every interface (we bind only the
 * configured host), cannot check the calling AE title, and leaves the connection open when
 * the handler fails, so the sender would wait for a response that never comes: here a failed
 * association's socket is always closed.
 */
final class StorageScpServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageScpServer.class);

    private final Settings settings;
    private final AssociationGate gate;
    private final ReceivedObjectHandler handler;
    private final DurableSpool spool;
    private final ExecutorService associations;
    private final Semaphore slots;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final StoragePresentationContextPolicy policy = new StoragePresentationContextPolicy();
    private volatile ServerSocket serverSocket;
    private volatile boolean closing;

    record Settings(String host, int port, String aeTitle, int maxAssociations, int timeoutMillis) {
    }

    StorageScpServer(Settings settings, AssociationGate gate, DurableSpool spool, ReceivedObjectHandler handler,
                     ExecutorService associations) {
        this.settings = settings;
        this.gate = gate;
        this.spool = spool;
        this.handler = handler;
        this.associations = associations;
        this.slots = new Semaphore(settings.maxAssociations());
    }

    /** Binds and starts accepting; returns the bound port (useful when port 0 was asked for). */
    int start(ExecutorService acceptor) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), 64);
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
            if (!slots.tryAcquire()) {
                LOG.warn("Refusing a connection: {} associations already open", settings.maxAssociations());
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            try {
                associations.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                release(socket);
                LOG.warn("Refusing a connection: {}", e.toString());
            }
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout(settings.timeoutMillis());
            Socket admitted = gate.admit(socket);
            if (admitted != null) {
                // run() returns when the association is released, aborted or failed; it sends
                // each C-STORE response only after the handler returned (see DurableSpool).
                new StorageSOPClassSCP(admitted, settings.aeTitle(),
                        AssociationFactory.getDefaultMaximumLengthReceived(),
                        AssociationFactory.getDefaultReceiveBufferSize(),
                        AssociationFactory.getDefaultSendBufferSize(),
                        spool.incomingFolder().toFile(), new DurableSpool.RandomFileNames(), handler,
                        null, null, null, null, policy).run();
            }
        } catch (SocketException e) {
            LOG.debug("Association connection ended: {}", e.toString());
        } catch (Exception e) {
            LOG.warn("Association failed: {}", e.toString());
        } finally {
            release(socket);
        }
    }

    private void release(Socket socket) {
        closeQuietly(socket);
        if (open.remove(socket)) {
            slots.release();
        }
    }

    int activeAssociations() {
        return open.size();
    }

    /** Stops listening and aborts open associations; acknowledged instances are already durable. */
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
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
