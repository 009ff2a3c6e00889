package org.dicomdeid.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * dcmtk's dcmdump as an independent readability check: a file is readable when dcmdump parses
 * it to the end (exit 0) and reports no error ("E:" line).
 */
public final class Dcmdump {
    public static final String PROGRAM = "/usr/bin/dcmdump";

    private Dcmdump() {
    }

    public static boolean isInstalled() {
        return ExternalTool.isInstalled(PROGRAM);
    }

    public static ExternalTool.Result run(Path file) {
        return ExternalTool.run(List.of(PROGRAM, file.toString()), Duration.ofSeconds(60));
    }

    public static boolean isReadable(Path file) {
        ExternalTool.Result r = run(file);
        return r.exitCode() == 0 && r.output().lines().noneMatch(l -> l.startsWith("E:"));
    }

    /** The dump text (values included: for test diagnostics on synthetic data only). */
    public static String dump(Path file) {
        return ExternalTool.run(List.of(PROGRAM, "+L", file.toString()), Duration.ofSeconds(60)).stdout();
    }
}
