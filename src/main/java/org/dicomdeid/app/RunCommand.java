package org.dicomdeid.app;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.dicomdeid.camel.console.HttpSettings;
import org.dicomdeid.camel.console.WebConsole;
import org.dicomdeid.deid.SecretLocation;
import org.dicomdeid.dicom.DicomFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code deid run}: starts Camel (camel-main) with every route in the routes folder. The embedded
 * default needs nothing outside: local folders under --home and the built-in DICOM receiver.
 * The web console ({@link WebConsole}) is served beside the routes, on 127.0.0.1 unless configured.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Camel routes (routes/*.yaml) until stopped.")
public final class RunCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".",
            description = "Folder for inbox, outbox, archive, quarantine and keys. Default: current folder")
    Path home;

    @Option(names = "--routes", paramLabel = "DIR|FILE",
            description = "A folder of Camel YAML routes (its *.yaml) or one route file; repeat to load more, "
                    + "e.g. --routes routes --routes routes/sftp/sftp-push.yaml. Default: $DEID_ROUTES or ./routes")
    List<Path> routes = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A route property, e.g. deid.options=retain-uids; or a management setting, e.g."
                    + " camel.management.port=9876 (health and metrics on 127.0.0.1, see README)")
    Map<String, String> properties = new TreeMap<>();

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this long (default: run until stopped)")
    int durationSeconds;

    @Override
    public Integer call() throws Exception {
        List<Path> sources = !routes.isEmpty() ? routes
                : List.of(Path.of(System.getenv().getOrDefault("DEID_ROUTES", "routes")));
        List<Path> files;
        try {
            files = RouteFiles.resolve(sources);
        } catch (IllegalArgumentException e) {
            System.err.println("deid: " + e.getMessage());
            return org.dicomdeid.app.Main.EXIT_USAGE;
        }
        ManagementSettings management;
        try {
            management = ManagementSettings.take(properties);
        } catch (ManagementSettings.Refused e) {
            System.err.println("deid: " + e.getMessage());
            return org.dicomdeid.app.Main.EXIT_USAGE;
        }
        List<Path> checked = new ArrayList<>(sources);
        checked.addAll(files);
        if (!SettingsCheck.accepts(checked, properties, System.err)) {
            return org.dicomdeid.app.Main.EXIT_USAGE;  // a mistyped key would silently fall back to a default
        }
        List<String> patterns = files.stream().map(f -> "file:" + f).toList();
        HttpSettings http;
        try {
            http = HttpSettings.of(properties::get);
            http.checkPortFree();
        } catch (IllegalArgumentException e) {
            System.err.println("deid: " + e.getMessage());
            return org.dicomdeid.app.Main.EXIT_USAGE;
        }
        Path base = home.toAbsolutePath().normalize();
        for (String dir : new String[]{"inbox", "outbox", "archive", "quarantine", "keys", "spool", "state"}) {
            Files.createDirectories(base.resolve(dir));
        }
        // A previous run killed mid-write left its temporary files; their inputs are still pending.
        for (String dir : new String[]{"outbox", "quarantine", "spool/outgoing", "dead-letter"}) {
            DicomFiles.removeStaleTemporaryFiles(base.resolve(dir));
        }
        Main camel = new Main();
        ManagementServer server = null;
        if (management.enabled()) {
            try {
                server = ManagementServer.start(management, camel::getCamelContext, base);
                LOG.info("management: http://{}:{}/observe/health and /observe/metrics", management.host(), server.port());
            } catch (IOException e) {
                if (management.portChosen()) {
                    System.err.println("deid: cannot listen on " + management.host() + ":" + management.port()
                            + " for management (" + e.getMessage() + ")");
                    return org.dicomdeid.app.Main.EXIT_USAGE;
                }
                // the default port is taken (another deid run?): the routes matter more than their metrics
                LOG.warn("management server not started: {}:{} is in use; set camel.management.port", management.host(),
                        management.port());
            }
        }
        // outcomes (log lines, counters, audit log) set up before the routes start
        camel.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterConfigure(org.apache.camel.main.BaseMainSupport main) {
                org.dicomdeid.camel.InstanceOutcomes.of(main.getCamelContext());
            }
        });
        camel.configure().withRoutesIncludePattern(String.join(",", patterns));
        camel.configure().withName("dicom-deid");
        // an Error in any step fails that exchange instead of killing its thread (see ErrorGuard)
        camel.bind("deidErrorGuard", new org.dicomdeid.camel.ErrorGuard());
        camel.addInitialProperty("deid.home", base.toString());
        properties.forEach(camel::addInitialProperty);
        camel.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport main) {
                try {
                    WebConsole.install(main.getCamelContext(), base, http,
                            SecretLocation.resolve(null, SecretLocation.inHome(base)));
                } catch (Exception e) {
                    throw new IllegalStateException("the web console cannot start: " + e.getMessage(), e);
                }
            }
        });
        if (durationSeconds > 0) {
            camel.configure().withDurationMaxSeconds(durationSeconds);
        }
        try {
            camel.run();
        } finally {
            if (server != null) {
                server.stop();
            }
        }
        return camel.getExitCode();
    }
}
