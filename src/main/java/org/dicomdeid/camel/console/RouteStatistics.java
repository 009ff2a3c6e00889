package org.dicomdeid.camel.console;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Exchanges completed and failed per route, and how many completed in the last minute: counted
 * from Camel's exchange events, so the console needs neither JMX nor camel-management. A failure
 * that the route handled (an input quarantined) counts as completed; failed means the route
 * could not handle it (e.g. a full disk, the input left in place for a retry).
 */
public final class RouteStatistics extends EventNotifierSupport {
    private final Map<String, Counts> byRoute = new ConcurrentHashMap<>();

    /** Counts of one route. */
    public static final class Counts {
        private final AtomicLong completed = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        /** Completions per second of the last minute, by second modulo 60, with the second they belong to. */
        private final AtomicLongArray perSecond = new AtomicLongArray(60);
        private final AtomicLongArray secondOf = new AtomicLongArray(60);

        public long completed() {
            return completed.get();
        }

        public long failed() {
            return failed.get();
        }

        /** Exchanges that ended (completed or failed) in the 60 seconds before {@code nowMillis}. */
        public long lastMinute(long nowMillis) {
            long now = nowMillis / 1000;
            long sum = 0;
            for (int i = 0; i < 60; i++) {
                if (now - secondOf.get(i) < 60) {
                    sum += perSecond.get(i);
                }
            }
            return sum;
        }

        private synchronized void tick(long nowMillis) {
            long second = nowMillis / 1000;
            int slot = (int) (second % 60);
            if (secondOf.get(slot) != second) {
                secondOf.set(slot, second);
                perSecond.set(slot, 0);
            }
            perSecond.incrementAndGet(slot);
        }
    }

    public Counts of(String routeId) {
        return byRoute.computeIfAbsent(routeId, id -> new Counts());
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeEvent exchangeEvent)) {
            return;
        }
        String route = exchangeEvent.getExchange().getFromRouteId();
        if (route == null) {
            return;
        }
        Counts counts = of(route);
        if (event instanceof CamelEvent.ExchangeFailedEvent) {
            counts.failed.incrementAndGet();
        } else {
            counts.completed.incrementAndGet();
        }
        counts.tick(System.currentTimeMillis());
    }
}
