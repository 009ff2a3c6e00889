package org.dicomdeid.camel;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops the SFTP server once clients have written (or read) a given number of bytes, so in the
 * middle of a transfer, and starts it again on the same port after a pause. Runs on its own thread: the
 * server cannot be stopped from one of its own I/O threads.
 */
final class ServerOutage {
    private final SftpTestServer server;
    private final long afterBytes;
    private final long pauseMillis;
    private final AtomicBoolean triggered = new AtomicBoolean();
    private volatile boolean restarted;

    ServerOutage(SftpTestServer server, long afterBytes, long pauseMillis) {
        this.server = server;
        this.afterBytes = afterBytes;
        this.pauseMillis = pauseMillis;
    }

    void onBytes(long total) {
        if (total >= afterBytes && triggered.compareAndSet(false, true)) {
            Thread outage = new Thread(this::cycle, "sftp-outage");
            outage.setDaemon(true);
            outage.start();
        }
    }

    private void cycle() {
        try {
            server.stop();
            Thread.sleep(pauseMillis);
            server.start();
            restarted = true;
        } catch (Exception e) {
            throw new IllegalStateException("outage cycle failed", e);
        }
    }

    /** True once the server was stopped mid-transfer and is up again. */
    boolean happened() {
        return restarted;
    }
}
