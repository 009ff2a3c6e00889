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

/**
 * The HTTP server behind {@code platform-http:} endpoints: Camel's Vert.x server, bound where
 * {@link HttpSettings} says, and with HTTP Basic authentication on every path when a credential
 * is set. (camel-platform-http-main would wrap the same server, but cannot be had here.) Small:
 * one event loop, two workers, so the console takes nothing from de-identification.
 */
public final class EmbeddedHttpServer {
    private EmbeddedHttpServer() {
    }

    /** Adds the server to {@code context} (before it starts); returns it, for its port once started. */
    public static VertxPlatformHttpServer install(CamelContext context, HttpSettings settings) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(settings.host());
        configuration.setBindPort(settings.port());
        configuration.setMaxBodySize(64L * 1024);
        if (settings.credential() != null) {
            configuration.setAuthenticationConfig(basicAuthentication(settings.credential()));
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

    private static AuthenticationConfig basicAuthentication(HttpSettings.Credential credential) {
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath("/*");
        entry.setAuthenticationProviderFactory(vertx -> new SingleUser(credential));
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

    /** The one user of the credential file; passwords compared in constant time. */
    private record SingleUser(HttpSettings.Credential credential) implements AuthenticationProvider {
        @Override
        public void authenticate(JsonObject json, Handler<AsyncResult<User>> handler) {
            handler.handle(authenticate(new UsernamePasswordCredentials(json)));
        }

        @Override
        public Future<User> authenticate(Credentials credentials) {
            if (credentials instanceof UsernamePasswordCredentials given && given.getUsername() != null
                    && given.getPassword() != null
                    && equal(given.getUsername(), credential.user()) & equal(given.getPassword(), credential.password())) {
                return Future.succeededFuture(User.fromName(credential.user()));
            }
            return Future.failedFuture("wrong user or password");
        }

        private static boolean equal(String a, String b) {
            return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        }
    }
}
