package org.dicomdeid.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code deid} command line. Exit codes: 0 all processed, 3 some inputs quarantined,
 * 2 usage or configuration error, 1 an unexpected failure.
 */
@Command(name = "deid", mixinStandardHelpOptions = true, version = "dicom-deid 0.1",
        description = "De-identify DICOM per PS3.15 Annex E, as files or as Camel routes.",
        subcommands = {
                AnonymiseCommand.class,
                RunCommand.class,
                KeygenCommand.class,
                ReidentifyCommand.class,
                ReceiveCommand.class,
                SendCommand.class,
                EchoCommand.class,
                SynthCommand.class,
        })
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_QUARANTINED = 3;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(e -> EXIT_USAGE);
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
