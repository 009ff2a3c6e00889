package org.dicomdeid.app;

import org.dicomdeid.pipeline.OutputNames;

import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.deid.IdentifyingValues;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The options every file-batch command shares (picocli mixin), and running one over them. */
public final class BatchOptions {
    /** One instance in, changed in place. */
    @FunctionalInterface
    public interface InstanceJob {
        /** Processes {@code object} in place; returns its identifying values for output names, or null. */
        IdentifyingValues apply(DicomObject object) throws QuarantineException;
    }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (same relative layout)")
    Path out;

    @Option(names = "--quarantine", paramLabel = "DIR",
            description = "Where refused inputs go, with NAME.reason.txt. Default: <out>/../quarantine")
    Path quarantine;

    @Option(names = "--threads", paramLabel = "N", description = "Default: the number of cores")
    int threads = Runtime.getRuntime().availableProcessors();

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "DICOM files or folders")
    List<Path> inputs;

    Path quarantineDir() {
        return quarantine != null ? quarantine : out.toAbsolutePath().getParent().resolve("quarantine");
    }

    /**
     * Reads each input, applies {@code job}, writes it; prints the summary line, and for a fault
     * of the environment the cause (exit 1). A bad INPUT is a usage error (exit 2).
     */
    int run(OutputNames names, InstanceJob job) throws IOException {
        return run(names, input -> {
            DicomObject object = DicomFiles.read(input);
            return new BatchRunner.Processed(object, job.apply(object));
        }, null);
    }

    /** As {@link #run(OutputNames, InstanceJob)}, with a job that reads its input itself, and an audit log (or null). */
    int run(OutputNames names, BatchRunner.FileJob job, BatchAudit audit) throws IOException {
        BatchRunner runner = new BatchRunner(out, quarantineDir(), names, System.err, threads, audit);
        BatchRunner.Summary summary;
        try {
            summary = runner.run(inputs, job);
        } catch (InputWalk.BadInputException e) {
            System.err.println("deid: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        System.out.println(summary.line());
        if (summary.environmentFault() != null) {
            System.err.println("deid: stopped: " + summary.environmentFault()
                    + " (a fault of the machine, not of the inputs: they are untouched, none was quarantined for it)");
        }
        return summary.exitCode();
    }
}
