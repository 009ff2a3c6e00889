package org.dicomdeid.app;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.dicomdeid.camel.console.ManagementServer;
import org.dicomdeid.camel.console.ManagementSettings;
import org.dicomdeid.deid.SecretLocation;
import org.dicomdeid.dicom.DicomFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
 * One HTTP server ({@link ManagementServer}: /observe/health, /observe/metrics, /console) is served
 * beside the routes, on 127.0.0.1:9876 unless configured (camel.management.*).
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

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A route property, e.g. deid.options=retain-uids; or an HTTP server setting, e.g."
                    + " camel.management.port=9876 (health, metrics and web console on 127.0.0.1, see README)")
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
        if (management.portInUse()) {
            if (management.portChosen()) {
                System.err.println("deid: cannot listen on " + management.host() + ":" + management.port()
                        + " (in use?): set camel.management.port to a free port (0: any), or camel.management.enabled=false");
                return org.dicomdeid.app.Main.EXIT_USAGE;
            }
            // the default port is taken (another deid run?): the routes matter more than their console
            LOG.warn("HTTP server (health, metrics, console) not started: {}:{} is in use; set camel.management.port",
                    management.host(), management.port());
            management = management.withoutServer();
        }
        ManagementSettings server = management;
        Path base = home.toAbsolutePath().normalize();
        for (String dir : new String[]{"inbox", "outbox", "archive", "quarantine", "keys", "spool", "state"}) {
            Files.createDirectories(base.resolve(dir));
        }
        // A previous run killed mid-write left its temporary files; their inputs are still pending.
        for (String dir : new String[]{"outbox", "quarantine", "spool/outgoing", "dead-letter"}) {
            DicomFiles.removeStaleTemporaryFiles(base.resolve(dir));
        }
        Main camel = new Main();
        camel.configure().withRoutesIncludePattern(String.join(",", patterns));
        camel.configure().withName("dicom-deid");
        // an Error in any step fails that exchange instead of killing its thread (see ErrorGuard)
        camel.bind("deidErrorGuard", new org.dicomdeid.camel.ErrorGuard());
        camel.addInitialProperty("deid.home", base.toString());
        properties.forEach(camel::addInitialProperty);
        camel.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport main) {
                // outcomes (log lines, counters, audit log) set up before the routes start
                org.dicomdeid.camel.InstanceOutcomes.of(main.getCamelContext());
                try {
                    ManagementServer.install(main.getCamelContext(), base, server,
                            SecretLocation.resolve(null, SecretLocation.inHome(base)));
                } catch (Exception e) {
                    throw new IllegalStateException("the HTTP server cannot start: " + e.getMessage(), e);
                }
            }
        });
        if (durationSeconds > 0) {
            camel.configure().withDurationMaxSeconds(durationSeconds);
        }
        camel.run();
        return camel.getExitCode();
    }
}
