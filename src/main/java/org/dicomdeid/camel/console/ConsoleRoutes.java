package org.dicomdeid.camel.console;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.dicomdeid.camel.Faults;
import org.dicomdeid.camel.QuarantineStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * The web console's routes on the embedded HTTP server: pages by GET, quarantine actions by POST
 * only, each carrying the console's token (a form from another site cannot know it) and, when
 * the browser names its origin, coming from this server. An action answers with a redirect to
 * the quarantine page (post/redirect/get: reloading does not repeat it).
 */
final class ConsoleRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    private static final Map<String, String> MESSAGES = Map.of(
            "requeued", "Requeued: the input is back in the inbox and will be processed with the current policy.",
            "deleted", "Deleted.",
            "gone", "That entry is no longer in quarantine.");

    private final ConsolePages pages;
    private final QuarantineStore quarantine;
    private final String token;

    ConsoleRoutes(ConsolePages pages, QuarantineStore quarantine, String token) {
        this.pages = pages;
        this.quarantine = quarantine;
        this.token = token;
    }

    @FunctionalInterface
    private interface Page {
        String render(Exchange exchange) throws Exception;
    }

    @FunctionalInterface
    private interface Action {
        int apply(String id) throws Exception;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(ConsoleRoutes::failed);
        page("status", "/console", e -> pages.status());
        page("quarantine", "/console/quarantine",
                e -> pages.quarantinePage(MESSAGES.get(e.getMessage().getHeader("done", "", String.class))));
        page("audit", "/console/audit", e -> pages.audit());
        action("requeue", quarantine::requeue, "requeued");
        action("delete", quarantine::delete, "deleted");
    }

    private void page(String name, String path, Page page) {
        from("platform-http:" + path + "?httpMethodRestrict=GET").routeId("console-" + name)
                .process(e -> respond(e, 200, page.render(e)));
    }

    private void action(String verb, Action action, String done) {
        from("platform-http:/console/quarantine/" + verb + "?httpMethodRestrict=POST").routeId("console-" + verb)
                .process(e -> {
                    Map<String, String> form = form(e);
                    if (!sameOrigin(e) || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                            form.getOrDefault("token", "").getBytes(StandardCharsets.UTF_8))) {
                        respond(e, 403, Html.page("Refused", "<p id=\"refused\">This action must come from the console's own page.</p>\n"));
                        return;
                    }
                    String id = form.getOrDefault("id", "");
                    boolean applied = action.apply(id) > 0;
                    LOG.info("console: {} of quarantine entry {}: {}", verb, id.replaceAll("[^0-9a-f]", "?"),
                            applied ? "done" : "no such entry");
                    e.getMessage().removeHeaders("*");
                    e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 303);
                    e.getMessage().setHeader("Location", "/console/quarantine?done=" + (applied ? done : "gone"));
                    e.getMessage().setBody("");
                });
    }

    /** The form fields: Camel's server puts those of an urlencoded body into headers. */
    private static Map<String, String> form(Exchange exchange) {
        Map<String, String> fields = new HashMap<>();
        for (String key : new String[]{"id", "token"}) {
            String value = exchange.getMessage().getHeader(key, String.class);
            if (value != null) {
                fields.put(key, value);
            }
        }
        return fields;
    }

    /**
     * No Origin header (older browsers, curl): the token alone decides; otherwise it must be the
     * address the request was sent to (Host, or HTTP/2's authority), so a page of another site is refused.
     */
    private static boolean sameOrigin(Exchange exchange) {
        String origin = exchange.getMessage().getHeader("Origin", String.class);
        if (origin == null) {
            return true;
        }
        HttpMessage http = exchange.getIn(HttpMessage.class);
        String host = http == null ? null : http.getRequest().host();
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private static void respond(Exchange exchange, int code, String html) {
        exchange.getMessage().removeHeaders("*");  // request headers must not echo into the response
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        exchange.getMessage().setHeader("X-Frame-Options", "DENY");
        exchange.getMessage().setHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'");
        exchange.getMessage().setBody(html);
    }

    /** A page that failed shows the kind of failure only: an exception message may name a file. */
    static void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("console: a page failed ({})", Faults.describe(cause));
        respond(exchange, 500, Html.page("Error", "<p id=\"error\">The page failed ("
                + Html.escape(Faults.describe(cause)) + ").</p>\n"));
    }
}
