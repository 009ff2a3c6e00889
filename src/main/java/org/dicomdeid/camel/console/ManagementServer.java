package org.dicomdeid.camel.console;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.dicomdeid.camel.QuarantineStore;
import org.dicomdeid.deid.ProjectSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * {@code deid run}'s one HTTP server, as Camel {@code platform-http} routes on the embedded
 * server ({@link EmbeddedHttpServer}), where {@link ManagementSettings} says: health and
 * Prometheus metrics at {@code /observe/health} and {@code /observe/metrics}
 * ({@link ObserveRoutes}); the web console (status, quarantine and audit pages) at
 * {@code /console} ({@link ConsoleRoutes}). Installed into a Camel context before it starts.
 */
public final class ManagementServer {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private ManagementServer() {
    }

    /**
     * Adds the server and its routes for the folders under {@code home}; {@code secret} keys the
     * hashes that name quarantined inputs without an id line. Returns the server (its port once
     * the context has started), or null when the settings disable it.
     */
    public static VertxPlatformHttpServer install(CamelContext context, Path home, ManagementSettings settings,
                                                  ProjectSecret secret) throws Exception {
        if (!settings.enabled()) {
            return null;
        }
        VertxPlatformHttpServer server = EmbeddedHttpServer.install(context, settings);
        context.addRoutes(new ObserveRoutes(home, settings.health(), settings.metrics()));
        RouteStatistics statistics = new RouteStatistics();
        context.getManagementStrategy().addEventNotifier(statistics);
        QuarantineStore quarantine = new QuarantineStore(home.resolve("quarantine"), home.resolve("inbox"), secret);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        ConsolePages pages = new ConsolePages(context, statistics, home, quarantine, token);
        context.addRoutes(new ConsoleRoutes(pages, quarantine, token));
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                String base = "http://" + settings.host() + ":" + server.getPort();
                LOG.info("HTTP server: {}/console{}{}{}", base,
                        settings.health() ? ", " + base + ObserveRoutes.HEALTH : "",
                        settings.metrics() ? ", " + base + ObserveRoutes.METRICS : "",
                        settings.users().isEmpty() ? "" : " (HTTP Basic authentication)");
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStartedEvent;
            }
        });
        return server;
    }
}
