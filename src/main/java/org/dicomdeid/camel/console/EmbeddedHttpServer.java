package org.dicomdeid.camel.console;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.BasicAuthHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The HTTP server behind {@code platform-http:} endpoints: Camel's Vert.x server, bound where
 * {@link ManagementSettings} says, and with HTTP Basic authentication on every path when users
 * are configured. (camel-platform-http-main would wrap the same server, but cannot be had here.)
 * Small: one event loop, two workers, so health, metrics and the console take nothing from
 * de-identification.
 */
public final class EmbeddedHttpServer {
    private EmbeddedHttpServer() {
    }

    /** Adds the server to {@code context} (before it starts); returns it, for its port once started. */
    public static VertxPlatformHttpServer install(CamelContext context, ManagementSettings settings) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(settings.host());
        configuration.setBindPort(settings.port());
        configuration.setMaxBodySize(64L * 1024);
        if (!settings.users().isEmpty()) {
            configuration.setAuthenticationConfig(basicAuthentication(settings.users()));
        }
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(configuration);
        server.setCamelContext(context);
        server.setVertx(vertx);
        context.addService(server, true, true);
        // the server leaves a Vert.x it was given running: close it with the context
        context.getManagementStrategy().addEventNotifier(new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof org.apache.camel.spi.CamelEvent.CamelContextStoppedEvent) {
                    vertx.close();
                }
            }

            @Override
            public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
                return event instanceof org.apache.camel.spi.CamelEvent.CamelContextStoppedEvent;
            }
        });
        return server;
    }

    private static AuthenticationConfig basicAuthentication(Map<String, String> users) {
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath("/*");
        entry.setAuthenticationProviderFactory(vertx -> new Users(users));
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
                return BasicAuthHandler.create(provider, "dicom-deid");
            }
        });
        AuthenticationConfig config = new AuthenticationConfig();
        config.getEntries().add(entry);
        config.setEnabled(true);
        return config;
    }

    /** The users of the credential file; passwords compared in constant time. */
    private record Users(Map<String, String> passwords) implements AuthenticationProvider {
        @Override
        public void authenticate(JsonObject json, Handler<AsyncResult<User>> handler) {
            handler.handle(authenticate(new UsernamePasswordCredentials(json)));
        }

        @Override
        public Future<User> authenticate(Credentials credentials) {
            if (credentials instanceof UsernamePasswordCredentials given && given.getUsername() != null
                    && given.getPassword() != null) {
                String expected = passwords.get(given.getUsername());
                if (expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                        given.getPassword().getBytes(StandardCharsets.UTF_8))) {
                    return Future.succeededFuture(User.fromName(given.getUsername()));
                }
            }
            return Future.failedFuture("wrong user or password");
        }
    }
}
