package org.dicomdeid.app;

import org.dicomdeid.camel.QuarantineStore;
import org.dicomdeid.deid.SecretLocation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code deid requeue}: quarantined inputs back to the inbox of a {@code deid run} home, by the
 * keyed hash of the log line, the audit log and the reason file, or all; {@code --list} shows what
 * waits. The same {@link QuarantineStore} as the web console's buttons.
 */
@Command(name = "requeue", mixinStandardHelpOptions = true,
        description = "Move quarantined inputs back into the inbox (durably) and delete their reason files.")
public final class RequeueCommand implements Callable<Integer> {
    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".", description = "The deid run home (default: current folder)")
    Path home;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Parameters(paramLabel = "HASH", description = "The input's keyed hash (#3fa2c1d0e4b5, as in the log, the audit log and NAME.reason.txt)")
        String id;

        @Option(names = "--all", description = "Every quarantined input")
        boolean all;

        @Option(names = "--list", description = "List the quarantined inputs (hash and reason), move nothing")
        boolean list;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(home.resolve("quarantine"))) {
            System.err.println("deid: no quarantine folder in " + home + " (is it a deid run home? see --home)");
            return Main.EXIT_USAGE;
        }
        // the secret names entries whose reason file has no id line, as the log named them
        QuarantineStore store = new QuarantineStore(home.resolve("quarantine"), home.resolve("inbox"),
                SecretLocation.resolve(null, SecretLocation.inHome(home)));
        if (which.list) {
            for (QuarantineStore.Entry e : store.list()) {
                System.out.println(e.id() + "  " + e.reason());
            }
            return Main.EXIT_OK;
        }
        int moved = which.all ? store.requeueAll() : store.requeue(which.id);
        System.out.println("requeued " + moved);
        if (moved == 0 && !which.all) {
            System.err.println("deid: no quarantined input has the hash " + which.id);
            return Main.EXIT_USAGE;
        }
        return Main.EXIT_OK;
    }
}
