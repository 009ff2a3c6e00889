package org.dicomdeid.camel.console;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.dicomdeid.camel.InstanceOutcomes;
import org.dicomdeid.camel.OutcomeMetrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code /observe/health}: Camel's health checks (names and states only: 200 when all are UP,
 * 503 otherwise); {@code /observe/metrics}: Prometheus text with the outcome counters
 * ({@link OutcomeMetrics}), the files waiting in each folder, and every route's exchange
 * statistics from Camel's JMX management (route MBeans, also there for Hawtio or Jolokia).
 * GET only, as routes of the embedded server ({@link ManagementServer}).
 */
final class ObserveRoutes extends RouteBuilder {
    static final String HEALTH = "/observe/health";
    static final String METRICS = "/observe/metrics";
    /** Folders under deid.home whose waiting files are counted (gauge deid_folder_files). */
    private static final List<String> FOLDERS = List.of("inbox", "spool/dicom-received", "spool/dicomweb-pulled",
            "quarantine", "dead-letter");
    /** One gauge per destination: its outgoing spool (spool/outgoing/ID, see routes/delivery.yaml). */
    private static final String OUTGOING = "spool/outgoing";

    private final Path home;
    private final boolean health;
    private final boolean metrics;

    ObserveRoutes(Path home, boolean health, boolean metrics) {
        this.home = home;
        this.health = health;
        this.metrics = metrics;
    }

    /** The fixed folders, then each destination's outgoing spool (a destination id names no patient). */
    private static List<String> foldersToCount(Path home) {
        List<String> folders = new java.util.ArrayList<>(FOLDERS);
        try (java.util.stream.Stream<Path> spools = java.nio.file.Files.list(home.resolve(OUTGOING))) {
            spools.filter(java.nio.file.Files::isDirectory).map(p -> OUTGOING + "/" + p.getFileName()).sorted()
                    .forEach(folders::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            // no destination has spooled anything yet
        }
        return folders;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(ConsoleRoutes::failed);
        if (health) {
            from("platform-http:" + HEALTH + "?httpMethodRestrict=GET").routeId("observe-health")
                    .process(e -> health(e, getContext()));
        }
        if (metrics) {
            from("platform-http:" + METRICS + "?httpMethodRestrict=GET").routeId("observe-metrics")
                    .process(e -> reply(e, 200, "text/plain; version=0.0.4; charset=utf-8", metrics(getContext(), home)));
        }
    }

    private static void health(Exchange exchange, CamelContext context) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(context);
        boolean up = !results.isEmpty() && results.stream().allMatch(r -> r.getState() == HealthCheck.State.UP);
        // names and states only: a check's message or error may quote a path
        String checks = results.stream().map(r -> "{\"name\":\"" + json(r.getCheck().getId()) + "\",\"status\":\""
                + r.getState() + "\"}").sorted().collect(Collectors.joining(","));
        reply(exchange, up ? 200 : 503, "application/json",
                "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"checks\":[" + checks + "]}\n");
    }

    static String metrics(CamelContext context, Path home) {
        StringBuilder out = new StringBuilder();
        InstanceOutcomes.of(context).metrics().render(out);
        out.append("# HELP deid_folder_files Files waiting in a folder of deid.home\n# TYPE deid_folder_files gauge\n");
        for (String folder : foldersToCount(home)) {
            long count;
            try {
                count = ConsolePages.countFiles(home.resolve(folder));
            } catch (IOException | java.io.UncheckedIOException e) {
                count = -1; // a folder changing under the walk; the next scrape counts again
            }
            out.append("deid_folder_files{").append(OutcomeMetrics.label("folder", folder)).append("} ")
                    .append(count).append('\n');
        }
        routeStatistics(context, out);
        return out.toString();
    }

    private static void routeStatistics(CamelContext context, StringBuilder out) {
        ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        if (managed == null) {
            return;
        }
        StringBuilder total = new StringBuilder("# HELP camel_route_exchanges_total Exchanges completed by a route\n"
                + "# TYPE camel_route_exchanges_total counter\n");
        StringBuilder failed = new StringBuilder("# HELP camel_route_exchanges_failed_total Exchanges failed in a route\n"
                + "# TYPE camel_route_exchanges_failed_total counter\n");
        StringBuilder inflight = new StringBuilder("# HELP camel_route_exchanges_inflight Exchanges in a route now\n"
                + "# TYPE camel_route_exchanges_inflight gauge\n");
        for (Route route : context.getRoutes()) {
            ManagedRouteMBean m = managed.getManagedRoute(route.getRouteId());
            if (m == null) {
                continue;
            }
            String label = "{" + OutcomeMetrics.label("route", route.getRouteId()) + "} ";
            total.append("camel_route_exchanges_total").append(label).append(m.getExchangesTotal()).append('\n');
            failed.append("camel_route_exchanges_failed_total").append(label).append(m.getExchangesFailed()).append('\n');
            inflight.append("camel_route_exchanges_inflight").append(label).append(m.getExchangesInflight()).append('\n');
        }
        out.append(total).append(failed).append(inflight);
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void reply(Exchange exchange, int status, String type, String body) {
        exchange.getMessage().removeHeaders("*");  // request headers must not echo into the response
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, type);
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        exchange.getMessage().setBody(body);
    }
}
