package org.dicomdeid.app;

import org.dicomdeid.camel.DurableFiles;
import org.dicomdeid.camel.Faults;
import org.dicomdeid.camel.QuarantineProcessor;
import org.dicomdeid.camel.UniqueNames;
import org.dicomdeid.deid.IdentifyingValues;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.dicomdeid.pipeline.DroppedByFilter;
import org.dicomdeid.pipeline.OutputNames;
import org.dicomdeid.pipeline.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Runs a per-file job over files and folders (recursively), keeping the relative layout under
 * the output folder. Inputs are only read. Every input ends one of four ways:
 * <ul>
 * <li>an output, under its own name, or {@code NAME~TAG.ext} when that name holds another
 * instance ({@link UniqueNames}: two folders with equal file names keep every output);</li>
 * <li>the quarantine folder with {@code NAME.reason.txt}, for a fault of the input: the job
 * refused it, or anything failed while processing it (an Error such as StackOverflowError too);</li>
 * <li>dropped by a filter of the policy ({@link DroppedByFilter}): counted, nothing written;</li>
 * <li>untouched, for a fault of the environment (disk full, a read-only or missing output folder,
 * permissions, out of memory): the run stops, says why, and exits 1; nothing is counted as quarantined.</li>
 * </ul>
 * Logs and messages carry counts, hashes and causes, never names or values.
 */
public final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    /** Work on one file: read {@code input} and return the instance to write. */
    @FunctionalInterface
    public interface FileJob {
        Processed process(Path input) throws QuarantineException, IOException;
    }

    /** What a run did. */
    public record Summary(int processed, int quarantined, int dropped, Map<String, Integer> skipped,
                          int notProcessed, String environmentFault, double seconds) {
        public int exitCode() {
            if (environmentFault != null) {
                return Main.EXIT_FAILURE;
            }
            return quarantined > 0 ? Main.EXIT_QUARANTINED : Main.EXIT_OK;
        }

        public String line() {
            double rate = seconds > 0 ? (processed + quarantined + dropped) / seconds : 0;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "processed %d, quarantined %d",
                    processed, quarantined));
            if (dropped > 0) {
                line.append(", dropped ").append(dropped); // by the policy's filters: nothing written
            }
            int skippedCount = skipped.values().stream().mapToInt(Integer::intValue).sum();
            if (skippedCount > 0) {
                line.append(", skipped ").append(skippedCount).append(skipped.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ", " (", ")")));
            }
            if (environmentFault != null) {
                line.append(", not processed ").append(notProcessed).append(" (").append(environmentFault).append(')');
            }
            return line.append(String.format(Locale.ROOT, ", %.1f s, %.1f files/s", seconds, rate)).toString();
        }
    }

    private final Path outDir;
    private final Path quarantineDir;
    private final OutputNames names;
    private final PrintStream console;
    private final int threads;
    private final BatchAudit audit; // null: no audit log

    public BatchRunner(Path outDir, Path quarantineDir, OutputNames names, PrintStream console, int threads) {
        this(outDir, quarantineDir, names, console, threads, null);
    }

    public BatchRunner(Path outDir, Path quarantineDir, OutputNames names, PrintStream console, int threads,
                       BatchAudit audit) {
        this.outDir = outDir;
        this.quarantineDir = quarantineDir;
        this.names = names;
        this.console = console;
        this.threads = Math.max(1, threads);
        this.audit = audit;
    }

    /** Runs the job over the inputs; a bad INPUT argument raises before anything is processed. */
    public Summary run(List<Path> inputs, FileJob job) throws InputWalk.BadInputException, IOException {
        InputWalk walk = InputWalk.of(inputs);
        long start = System.nanoTime();
        AtomicInteger processed = new AtomicInteger();
        AtomicInteger quarantined = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger notProcessed = new AtomicInteger();
        AtomicReference<String> fault = new AtomicReference<>();
        Progress progress = new Progress(console, walk.tasks.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (InputWalk.Task task : walk.tasks) {
                futures.add(pool.submit(() -> {
                    if (fault.get() != null) {
                        notProcessed.incrementAndGet(); // the environment failed: leave the rest alone
                        return;
                    }
                    try {
                        switch (runOne(task, job)) {
                            case WRITTEN -> processed.incrementAndGet();
                            case QUARANTINED -> quarantined.incrementAndGet();
                            case DROPPED -> dropped.incrementAndGet();
                        }
                    } catch (IOException | OutOfMemoryError e) {
                        notProcessed.incrementAndGet();
                        if (fault.compareAndSet(null, Faults.describe(e))) {
                            LOG.debug("environment fault", e);
                        }
                    }
                    progress.step();
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            throw new IOException("batch failed: " + Faults.describe(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
            progress.done();
        }
        return new Summary(processed.get(), quarantined.get(), dropped.get(), walk.skipped, notProcessed.get(), fault.get(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * A processed instance, the identifying values its output name must not show (null: none
     * known) and the actions applied by letter (for the audit log).
     */
    public record Processed(DicomObject object, IdentifyingValues identifying, Map<String, Integer> actions) {
        public Processed(DicomObject object, IdentifyingValues identifying) {
            this(object, identifying, Map.of());
        }
    }

    private enum Result { WRITTEN, QUARANTINED, DROPPED }

    /** What became of one input. An IOException or OutOfMemoryError is the environment's. */
    private Result runOne(InputWalk.Task task, FileJob job) throws IOException {
        Path relative = names.map(task.relative());
        DicomObject object = null;
        long start = System.nanoTime();
        try {
            Processed result = job.process(task.input());
            object = result.object();
            Path named = result.identifying() == null ? relative : names.map(task.relative(), result.identifying());
            write(object, outDir.resolve(named));
            audit(task, Outcome.DELIVERED, null, object.sopInstanceUID(), result.actions(), start);
            return Result.WRITTEN;
        } catch (DroppedByFilter drop) {
            LOG.info("dropped input {} by filter '{}'", names.logId(relative), drop.filter());
            audit(task, Outcome.DROPPED, drop.getMessage(), null, Map.of(), start);
            return Result.DROPPED;
        } catch (Throwable failure) {
            Exception classified = Faults.classify(failure);
            if (classified instanceof IOException io) {
                audit(task, Outcome.FAILED_ENVIRONMENT, Faults.describe(io), null, Map.of(), start);
                throw io;
            }
            quarantine(task.input(), relative, classified.getMessage());
            audit(task, Outcome.QUARANTINED, classified.getMessage(), null, Map.of(), start);
            return Result.QUARANTINED;
        } finally {
            if (object != null) {
                object.close(); // its temporary files, if any
            }
        }
    }

    /**
     * Temporary name, rename; not forced to disk: the CLI never releases its inputs, so a crash
     * costs a re-run, not data.
     */
    private static void write(DicomObject object, Path wanted) throws QuarantineException, IOException {
        Path tmp = DurableFiles.writeTemporary(wanted, object, false);
        DurableFiles.place(tmp, wanted, UniqueNames.instance(object), false);
    }

    private void quarantine(Path input, Path relative, String reason) throws IOException {
        String id = names.logId(relative);
        QuarantineProcessor.place(quarantineDir.resolve(relative), input, null, false, QuarantineProcessor.withId(reason, id), false);
        LOG.warn("quarantined input {}: {}", id, reason);
    }

    private void audit(InputWalk.Task task, Outcome outcome, String reason, String outputUid,
                       Map<String, Integer> actions, long startNanos) throws IOException {
        if (audit != null) {
            audit.record(names.logId(names.map(task.relative())), outcome, reason, outputUid, actions,
                    (System.nanoTime() - startNanos) / 1_000_000, task.input());
        }
    }
}
