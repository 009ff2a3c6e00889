package org.dicomdeid.app;

import org.dicomdeid.camel.Requeue;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code deid requeue}: quarantined inputs back to the inbox of a {@code deid run} home, by the
 * keyed hash of the log line and reason file, or all; {@code --list} shows what waits.
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
        Requeue requeue = new Requeue(home.resolve("quarantine"), home.resolve("inbox"));
        if (which.list) {
            for (Requeue.Entry e : requeue.entries()) {
                System.out.println((e.id() == null ? "(no id)" : e.id()) + "  " + e.reason());
            }
            return Main.EXIT_OK;
        }
        List<Path> moved = which.all ? requeue.requeueAll() : requeue.requeue(which.id);
        System.out.println("requeued " + moved.size());
        if (moved.isEmpty() && !which.all) {
            System.err.println("deid: no quarantined input has the hash " + which.id);
            return Main.EXIT_USAGE;
        }
        return Main.EXIT_OK;
    }
}
