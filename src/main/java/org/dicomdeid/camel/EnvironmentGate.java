package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back-off for faults of the environment (disk full, a read-only or missing folder, out of
 * memory) in a file route: the input stays where it was and is picked up again; meanwhile new
 * exchanges wait at the gate, for 1 s after the first fault, doubling up to
 * {@code maximumDelay}, and the gate opens again with the first success. So a full disk costs
 * one attempt and one log line per delay, not a storm, and the route recovers by itself when
 * the cause goes away. Log lines name the cause, never a file.
 * <p>
 * Used four ways in a route, as the same bean: a {@code process} step first (waits while the
 * gate is closed; the exchange's successful completion opens it), a {@code process} step in a
 * doCatch for the environment's faults (records the caught failure and throws it again), the error handler's
 * {@code onExceptionOccurredRef} (every failure that escapes the route's doCatch: logged without
 * paths, and environment faults close the gate), and the consumer's {@code exceptionHandler}
 * (poll failures; Camel's own handler would log the path).
 */
public class EnvironmentGate implements Processor, ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentGate.class);
    private static final long SLICE_MILLIS = 100;
    private String channel = "route";
    private long initialDelay = 1000;
    private long maximumDelay = 60_000;
    private int failures;
    private long closedUntil;

    public void setChannel(String channel) {
        this.channel = channel;
    }

    public void setInitialDelay(long initialDelay) {
        this.initialDelay = initialDelay;
    }

    public void setMaximumDelay(long maximumDelay) {
        this.maximumDelay = maximumDelay;
    }

    /** Waits while the gate is closed; gives up (the input stays) when Camel is stopping. */
    public void await(Exchange exchange) throws Exception {
        while (true) {
            long wait;
            synchronized (this) {
                wait = closedUntil - System.currentTimeMillis();
            }
            if (wait <= 0) {
                return;
            }
            if (exchange.getContext().isStopping()) {
                throw new Faults.EnvironmentException("stopping while waiting for the environment to recover", null);
            }
            Thread.sleep(Math.min(wait, SLICE_MILLIS));
        }
    }

    public synchronized void succeeded() {
        if (failures > 0) {
            LOG.info("{}: recovered after {} environment fault(s)", channel, failures);
        }
        failures = 0;
        closedUntil = 0;
    }

    /** As a step: waits at the gate. As onExceptionOccurred (the exchange carries its exception): records it. */
    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getException();
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null && caught != null) {
            // In a doCatch: a failure inside a doTry never reaches onExceptionOccurred. Recorded
            // here, and thrown again so the exchange fails and its input stays in place.
            record(caught);
            throw caught instanceof Exception e ? e : new Faults.EnvironmentException(Faults.describe(caught), caught);
        }
        if (cause == null) {
            await(exchange);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onComplete(Exchange done) {
                    succeeded();
                }
            });
            return;
        }
        record(cause);
    }

    private void record(Throwable cause) {
        // Not only environment faults: anything that escapes the route's doCatch leaves the input
        // in place, and retrying it at every poll would only flood the log.
        long delay;
        synchronized (this) {
            failures++;
            delay = Math.min(maximumDelay, initialDelay << Math.min(failures - 1, 20));
            closedUntil = Math.max(closedUntil, System.currentTimeMillis() + delay);
        }
        LOG.warn("{}: {} ({}); the input stays in place, retried in {} s", channel,
                Faults.isEnvironment(cause) ? "environment fault" : "failed", Faults.describe(cause), delay / 1000.0);
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    /** Camel's message names the file: only the cause is logged. */
    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        LOG.warn("{}: polling or releasing failed ({}); files stay for the next poll", channel, Faults.describe(exception));
    }
}
