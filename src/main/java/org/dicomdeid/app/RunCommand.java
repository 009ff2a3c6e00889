package org.dicomdeid.app;

import org.apache.camel.main.Main;
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
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Camel routes (routes/*.yaml) until stopped.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".",
            description = "Folder for inbox, outbox, archive, quarantine and keys. Default: current folder")
    Path home;

    @Option(names = "--routes", paramLabel = "DIR|FILE",
            description = "A folder of Camel YAML routes (its *.yaml) or one route file; repeat to load more, "
                    + "e.g. --routes routes --routes routes/sftp/sftp-push.yaml. Default: $DEID_ROUTES or ./routes")
    List<Path> routes = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A route property, e.g. deid.options=retain-uids")
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
        List<Path> checked = new ArrayList<>(sources);
        checked.addAll(files);
        if (!SettingsCheck.accepts(checked, properties, System.err)) {
            return org.dicomdeid.app.Main.EXIT_USAGE;  // a mistyped key would silently fall back to a default
        }
        List<String> patterns = files.stream().map(f -> "file:" + f).toList();
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
        if (durationSeconds > 0) {
            camel.configure().withDurationMaxSeconds(durationSeconds);
        }
        camel.run();
        return camel.getExitCode();
    }
}
