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
 * The web console of {@code deid run}: status, quarantine and audit pages at {@code /console} on
 * the embedded HTTP server ({@link EmbeddedHttpServer}). Installed into a Camel context before it
 * starts.
 */
public final class WebConsole {
    private static final Logger LOG = LoggerFactory.getLogger(WebConsole.class);

    private WebConsole() {
    }

    /**
     * Adds the server, the route statistics and the console's routes for the folders under
     * {@code home}; {@code secret} keys the hashes that name quarantined inputs. Returns the
     * server (its port once the context has started), or null when the settings disable it.
     */
    public static VertxPlatformHttpServer install(CamelContext context, Path home, HttpSettings settings,
                                                  ProjectSecret secret) throws Exception {
        if (!settings.enabled()) {
            return null;
        }
        VertxPlatformHttpServer server = EmbeddedHttpServer.install(context, settings);
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
                LOG.info("web console: http://{}:{}/console{}", settings.host(), server.getPort(),
                        settings.credential() == null ? "" : " (HTTP Basic authentication)");
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStartedEvent;
            }
        });
        return server;
    }
}
