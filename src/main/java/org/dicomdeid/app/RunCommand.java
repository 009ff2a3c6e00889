package org.dicomdeid.app;

import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code deid run}: starts Camel (camel-main) with every route in the routes folder. The embedded
 * default needs nothing outside: local folders under --home and the built-in DICOM receiver.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Camel routes (routes/*.yaml) until stopped.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".",
            description = "Folder for inbox, outbox, archive, quarantine and keys. Default: current folder")
    Path home;

    @Option(names = "--routes", paramLabel = "DIR",
            description = "Folder of Camel YAML routes. Default: $DEID_ROUTES or ./routes")
    Path routes;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A route property, e.g. deid.options=retain-uids")
    Map<String, String> properties = new TreeMap<>();

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this long (default: run until stopped)")
    int durationSeconds;

    @Override
    public Integer call() throws Exception {
        Path routeDir = routes != null ? routes
                : Path.of(System.getenv().getOrDefault("DEID_ROUTES", "routes"));
        if (!Files.isDirectory(routeDir)) {
            System.err.println("deid: no routes folder at " + routeDir.toAbsolutePath());
            return org.dicomdeid.app.Main.EXIT_USAGE;
        }
        Path base = home.toAbsolutePath().normalize();
        for (String dir : new String[]{"inbox", "outbox", "archive", "quarantine", "keys", "spool"}) {
            Files.createDirectories(base.resolve(dir));
        }
        Main camel = new Main();
        camel.configure().withRoutesIncludePattern("file:" + routeDir.toAbsolutePath() + "/*.yaml");
        camel.configure().withName("dicom-deid");
        camel.addInitialProperty("deid.home", base.toString());
        properties.forEach(camel::addInitialProperty);
        if (durationSeconds > 0) {
            camel.configure().withDurationMaxSeconds(durationSeconds);
        }
        camel.run();
        return camel.getExitCode();
    }
}
