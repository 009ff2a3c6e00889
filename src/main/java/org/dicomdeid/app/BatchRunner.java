package org.dicomdeid.app;

import org.dicomdeid.pipeline.OutputNames;

import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.QuarantineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs a per-file job over files and folders (recursively), keeping the relative layout under
 * the output folder. Inputs are only read. An input the job refuses is copied to the quarantine
 * folder with {@code NAME.reason.txt}; the run goes on. Logs carry counts and hashes, never
 * names or values.
 */
public final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    /** Work on one file: read {@code input}, write the result to {@code output} (atomically). */
    @FunctionalInterface
    public interface FileJob {
        void process(Path input, Path output) throws QuarantineException, IOException;
    }

    /** What a run did. */
    public record Summary(int processed, int quarantined, double seconds) {
        public int exitCode() {
            return quarantined > 0 ? Main.EXIT_QUARANTINED : Main.EXIT_OK;
        }

        public String line() {
            double rate = seconds > 0 ? (processed + quarantined) / seconds : 0;
            return String.format(java.util.Locale.ROOT, "processed %d, quarantined %d, %.1f s, %.1f files/s",
                    processed, quarantined, seconds, rate);
        }
    }

    private record Task(Path input, Path relative) {
    }

    private final Path outDir;
    private final Path quarantineDir;
    private final OutputNames names;
    private final PrintStream console;
    private final int threads;

    public BatchRunner(Path outDir, Path quarantineDir, OutputNames names, PrintStream console, int threads) {
        this.outDir = outDir;
        this.quarantineDir = quarantineDir;
        this.names = names;
        this.console = console;
        this.threads = Math.max(1, threads);
    }

    public Summary run(List<Path> inputs, FileJob job) throws IOException {
        List<Task> tasks = collect(inputs);
        long start = System.nanoTime();
        AtomicInteger processed = new AtomicInteger();
        AtomicInteger quarantined = new AtomicInteger();
        Progress progress = new Progress(console, tasks.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Task task : tasks) {
                futures.add(pool.submit(() -> {
                    boolean ok = runOne(task, job);
                    (ok ? processed : quarantined).incrementAndGet();
                    progress.step();
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("batch failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
        } finally {
            pool.shutdownNow();
            progress.done();
        }
        return new Summary(processed.get(), quarantined.get(), (System.nanoTime() - start) / 1e9);
    }

    private boolean runOne(Task task, FileJob job) throws IOException {
        Path relative = names.map(task.relative());
        try {
            job.process(task.input(), outDir.resolve(relative));
            return true;
        } catch (QuarantineException e) {
            quarantine(task.input(), relative, e.getMessage());
        } catch (IOException | RuntimeException e) {
            // An unexpected failure is still this input's problem, not the run's: quarantine it.
            quarantine(task.input(), relative, "processing failed (" + e.getClass().getSimpleName() + ")");
        }
        return false;
    }

    private void quarantine(Path input, Path relative, String reason) throws IOException {
        Path target = quarantineDir.resolve(relative);
        DicomFiles.writeAtomically(target, out -> Files.copy(input, out));
        Path reasonFile = target.resolveSibling(target.getFileName() + ".reason.txt");
        DicomFiles.writeAtomically((reason + "\n").getBytes(StandardCharsets.UTF_8), reasonFile);
        LOG.warn("quarantined input {}: {}", names.logId(relative), reason);
    }

    private List<Task> collect(List<Path> inputs) throws IOException {
        List<Task> tasks = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).sorted()
                            .forEach(f -> tasks.add(new Task(f, input.relativize(f))));
                }
            } else if (Files.isRegularFile(input)) {
                tasks.add(new Task(input, input.getFileName()));
            } else {
                throw new IOException("input does not exist or is not a file or folder: " + input);
            }
        }
        return tasks;
    }
}
