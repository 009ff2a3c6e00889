package org.dicomdeid.app;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.Route;
import org.dicomdeid.camel.InstanceOutcomes;
import org.dicomdeid.camel.OutcomeMetrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code deid run}'s management HTTP server: the one place where it is set up
 * ({@link ManagementSettings} for its settings and their defaults). {@code /observe/health}:
 * Camel's health checks (names and states only: 200 when UP, 503 otherwise);
 * {@code /observe/metrics}: Prometheus text with the outcome counters ({@link OutcomeMetrics}),
 * the files waiting in each folder, and every route's exchange statistics from Camel's JMX
 * management (route MBeans, also there for Hawtio or Jolokia). More pages can be added with
 * {@link #handle}. Basic authentication when configured, on every path.
 */
public final class ManagementServer {
    /** Folders under deid.home whose waiting files are counted (gauge deid_folder_files). */
    private static final List<String> FOLDERS = List.of("inbox", "spool/dicom-received", "spool/dicom-outgoing", "quarantine");
    private final HttpServer server;
    private final java.util.function.Supplier<CamelContext> context;
    private final Path home;
    private final ManagementSettings settings;

    private ManagementServer(HttpServer server, java.util.function.Supplier<CamelContext> context, Path home,
                             ManagementSettings settings) {
        this.server = server;
        this.context = context;
        this.home = home;
        this.settings = settings;
    }

    /**
     * Binds the address of {@code settings} (an IOException when it is taken) and serves; the
     * pages answer 503 until {@code context} gives the started Camel context.
     */
    static ManagementServer start(ManagementSettings settings, java.util.function.Supplier<CamelContext> context,
                                  Path home) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 16);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "deid-management");
            t.setDaemon(true);
            return t;
        }));
        ManagementServer m = new ManagementServer(server, context, home, settings);
        if (settings.health()) {
            m.handle("/observe/health", m::health);
        }
        if (settings.metrics()) {
            m.handle("/observe/metrics", m::metrics);
        }
        server.start();
        return m;
    }

    /** Serves {@code path} (and below) with {@code handler}, behind the configured credential. */
    public void handle(String path, HttpHandler handler) {
        var created = server.createContext(path, handler);
        if (!settings.users().isEmpty()) {
            created.setAuthenticator(new BasicAuthenticator("dicom-deid") {
                @Override
                public boolean checkCredentials(String user, String password) {
                    String expected = settings.users().get(user);
                    return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                            password.getBytes(StandardCharsets.UTF_8));
                }
            });
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private CamelContext started(HttpExchange http) throws IOException {
        CamelContext c = context.get();
        if (c == null || !c.isStarted()) {
            reply(http, 503, "application/json", "{\"status\":\"DOWN\",\"checks\":[]}\n");
            return null;
        }
        return c;
    }

    private void health(HttpExchange http) throws IOException {
        CamelContext context = started(http);
        if (context == null) {
            return;
        }
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(context);
        boolean up = !results.isEmpty() && results.stream().allMatch(r -> r.getState() == HealthCheck.State.UP);
        // names and states only: a check's message or error may quote a path
        String checks = results.stream().map(r -> "{\"name\":\"" + json(r.getCheck().getId()) + "\",\"status\":\""
                + r.getState() + "\"}").sorted().collect(Collectors.joining(","));
        reply(http, up ? 200 : 503, "application/json",
                "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"checks\":[" + checks + "]}\n");
    }

    private void metrics(HttpExchange http) throws IOException {
        CamelContext context = started(http);
        if (context == null) {
            return;
        }
        StringBuilder out = new StringBuilder();
        InstanceOutcomes.of(context).metrics().render(out);
        out.append("# HELP deid_folder_files Files waiting in a folder of deid.home\n# TYPE deid_folder_files gauge\n");
        for (String folder : FOLDERS) {
            out.append("deid_folder_files{").append(OutcomeMetrics.label("folder", folder)).append("} ")
                    .append(countFiles(home.resolve(folder))).append('\n');
        }
        routeStatistics(context, out);
        reply(http, 200, "text/plain; version=0.0.4; charset=utf-8", out.toString());
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

    /** Regular files below {@code folder}, leaving out dot-names (temporaries) and reason files. */
    static long countFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return !name.startsWith(".") && !name.endsWith(".reason.txt") && Files.isRegularFile(p);
            }).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1; // a folder changing under the walk; the next scrape counts again
        }
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void reply(HttpExchange http, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set("Content-Type", type);
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }
}
