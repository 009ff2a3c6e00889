package org.dicomdeid.camel.dicomweb;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body that must keep arriving. The HTTP client's request timeout ends with the
 * response's headers: a server that then sends half a study and stalls would hold the poll
 * forever. Here a read that has waited {@code idle} for its next byte is given up: a watch task
 * closes the underlying stream (which is what wakes the client's blocked read) and the read fails
 * with a {@link DicomWebTransientException}, so the pull is dropped and tried again at the next
 * poll. Only time spent waiting inside a read counts: the time the caller spends writing what it
 * read to disk is not the server's.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private final long idleNanos;
    private final String what;
    private final ScheduledFuture<?> watch;
    private volatile boolean waiting;
    private volatile long waitingSince;
    private volatile boolean timedOut;

    IdleTimeoutInputStream(InputStream in, Duration idle, String what, ScheduledExecutorService timer) {
        super(in);
        this.idleNanos = idle.toNanos();
        this.what = what;
        long period = Math.max(10, idle.toMillis() / 10);
        this.watch = timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        if (waiting && !timedOut && System.nanoTime() - waitingSince >= idleNanos) {
            timedOut = true;
            watch.cancel(false);
            try {
                in.close();
            } catch (IOException e) {
                // closing is all that can be done; the read fails either way
            }
        }
    }

    @Override
    public int read() throws IOException {
        enter();
        try {
            return in.read();
        } catch (IOException e) {
            throw stalledOr(e);
        } finally {
            leave();
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        enter();
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw stalledOr(e);
        } finally {
            leave();
        }
    }

    @Override
    public long skip(long n) throws IOException {
        enter();
        try {
            return in.skip(n);
        } catch (IOException e) {
            throw stalledOr(e);
        } finally {
            leave();
        }
    }

    private void enter() throws IOException {
        if (timedOut) {
            throw stalled(null);
        }
        waitingSince = System.nanoTime();
        waiting = true;
    }

    /** A read woken by the watch may also return -1 (the stream closed): that is no end of the body. */
    private void leave() throws IOException {
        waiting = false;
        if (timedOut) {
            throw stalled(null);
        }
    }

    private IOException stalledOr(IOException e) {
        return timedOut ? stalled(e) : e;
    }

    private DicomWebTransientException stalled(IOException cause) {
        return new DicomWebTransientException(what + ": the server sent nothing for "
                + Duration.ofNanos(idleNanos).toMillis() + " ms in the middle of the response body",
                DicomWebException.NO_STATUS, cause);
    }

    @Override
    public void close() throws IOException {
        watch.cancel(false);
        in.close();
    }
}
