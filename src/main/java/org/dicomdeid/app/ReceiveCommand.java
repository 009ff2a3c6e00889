package org.dicomdeid.app;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.dicomdeid.camel.dicom.DicomAddress;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code deid receive}: runs routes/receiver-anonymiser.yaml on its own: a DICOM SCP whose
 * instances are de-identified into --out or forwarded to --forward, until stopped.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = "Receive DICOM (C-STORE SCP), de-identify, write to --out or forward to --forward.")
public final class ReceiveCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "11112", description = "Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--ae", paramLabel = "AE", defaultValue = "DEID", description = "Our AE title. Default: ${DEFAULT-VALUE}")
    String aeTitle;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (0.0.0.0: all). Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--allow", paramLabel = "AE", description = "Calling AE title allowed (repeatable); default: any")
    List<String> allowed = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file; default: the basic profile")
    Path policy;

    @Option(names = "--option", paramLabel = "NAME", description = "Profile option, repeatable")
    List<String> options = new ArrayList<>();

    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".",
            description = "Folder for spool, quarantine and keys. Default: current folder")
    Path home;

    @Option(names = "--routes", paramLabel = "DIR", description = "Routes folder. Default: $DEID_ROUTES or ./routes")
    Path routes;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this long (default: until stopped)")
    int durationSeconds;

    @ArgGroup(multiplicity = "1")
    Output output;

    static final class Output {
        @Option(names = "--out", paramLabel = "DIR", description = "Write de-identified instances here")
        Path out;

        @Option(names = "--forward", paramLabel = "AE@HOST:PORT", converter = AddressConverter.class,
                description = "Send de-identified instances to this DICOM peer")
        DicomAddress forward;
    }

    @Override
    public Integer call() throws Exception {
        CamelContext camel;
        try {
            camel = start();
        } catch (IllegalArgumentException e) {
            System.err.println("deid: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            camel.stop();
            stopped.countDown();
        }, "deid-receive-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.printf("receiving as %s on %s:%d (Ctrl-C stops)%n", aeTitle, host, port);
        if (durationSeconds > 0) {
            if (!stopped.await(durationSeconds, TimeUnit.SECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                camel.stop();
            }
        } else {
            stopped.await();
        }
        return Main.EXIT_OK;
    }

    /** Starts the receiver route and returns its running context (tests stop it themselves). */
    CamelContext start() throws Exception {
        Path routeFile = (routes != null ? routes : Path.of(System.getenv().getOrDefault("DEID_ROUTES", "routes")))
                .resolve("receiver-anonymiser.yaml");
        if (!Files.isRegularFile(routeFile)) {
            throw new IllegalArgumentException("no route file at " + routeFile.toAbsolutePath());
        }
        Path base = home.toAbsolutePath().normalize();
        Properties p = new Properties();
        p.setProperty("deid.home", base.toString());
        p.setProperty("deid.receiver.ae", DicomAddress.checkAeTitle(aeTitle));
        p.setProperty("deid.receiver.host", host);
        p.setProperty("deid.receiver.port", String.valueOf(port));
        allowed.forEach(DicomAddress::checkAeTitle);
        p.setProperty("deid.receiver.allow", String.join(",", allowed));
        p.setProperty("deid.policy", policy == null ? "" : policy.toAbsolutePath().toString());
        p.setProperty("deid.options", String.join(",", options));
        if (output.out != null) {
            p.setProperty("deid.deliver.outbox", output.out.toAbsolutePath().normalize().toString());
            p.setProperty("deid.deliver.to", "direct:outbox");
        } else {
            p.setProperty("deid.deliver.to", "dicom:" + output.forward + "?callingAeTitle=" + aeTitle);
        }
        CamelContext camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("deid-receive");
        camel.getPropertiesComponent().setInitialProperties(p);
        // the receiver hands its instances to the delivery stage beside it
        for (Path file : RouteFiles.resolve(List.of(routeFile))) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    PluginHelper.getResourceLoader(camel).resolveResource("file:" + file));
        }
        camel.start();
        return camel;
    }
}
