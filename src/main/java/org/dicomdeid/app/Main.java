package org.dicomdeid.app;

import picocli.CommandLine;
import org.dicomdeid.camel.Faults;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code deid} command line. Exit codes: 0 all processed, 3 some inputs quarantined,
 * 2 usage or configuration error (nothing processed), 1 a fault of the environment or an
 * unexpected failure. Failures are one line naming the cause (never a path); {@code --debug}
 * adds the stack trace and debug logs.
 */
@Command(name = "deid", mixinStandardHelpOptions = true, version = "dicom-deid 0.1",
        description = "De-identify DICOM per PS3.15 Annex E, as files or as Camel routes.",
        subcommands = {
                AnonymiseCommand.class,
                RunCommand.class,
                RequeueCommand.class,
                AuditCommand.class,
                KeygenCommand.class,
                ReidentifyCommand.class,
                ReceiveCommand.class,
                SendCommand.class,
                EchoCommand.class,
                SynthCommand.class,
                ExplainCommand.class,
                LintCommand.class,
        })
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_QUARANTINED = 3;

    private static volatile boolean debug;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the stack trace; log at debug level")
    void debug(boolean on) {
        debug = on;
        if (on && LoggerFactory.getLogger("org.dicomdeid") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        debug = false;
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, command, parseResult) -> {
            // exception messages may quote paths: the cause in words only, the rest with --debug
            command.getErr().println("deid: failed: " + Faults.describe(ex)
                    + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                ex.printStackTrace(command.getErr());
            }
            return EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println(ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return EXIT_USAGE;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
