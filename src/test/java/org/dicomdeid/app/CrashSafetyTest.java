package org.dicomdeid.app;

import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.camel.TransferAssertions;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.deid.TestInstances;
import org.dicomdeid.deid.UidMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.dicomdeid.camel.TransferAssertions.allFiles;
import static org.dicomdeid.camel.TransferAssertions.hashes;
import static org.dicomdeid.camel.TransferAssertions.visibleFiles;

/**
 * {@code deid run} with the shipped folder route, as its own JVM, killed with SIGKILL twice in
 * the middle of 1,000 files and started again: every input ends up in the outbox exactly once
 * (counted by its de-identified SOP Instance UID), no temporary file is left, and every source
 * is archived or still in the inbox at every point, never gone.
 */
@Tag("slow")
class CrashSafetyTest {
    private static final int FILES = 1000;
    private static final String ORIGINAL_ROOT = SmallImages.ORIGINAL_ROOT;

    @TempDir
    Path work;

    @Test
    void killedTwiceMidBatchEveryInputIsInTheOutboxExactlyOnceAndNoSourceIsLost() throws Exception {
        Path home = work.resolve("home");
        SmallImages.writeSecret(home);
        UidMapper uids = new UidMapper(ProjectSecret.of(SmallImages.SECRET));
        Map<String, String> sourceHashes = new TreeMap<>();
        Map<String, String> expectedOutputs = new TreeMap<>(); // output name -> de-identified SOP Instance UID
        Map<String, String> outputOf = new TreeMap<>(); // source name -> output name
        for (int i = 0; i < FILES; i++) {
            String uid = SmallImages.uid(i);
            String name = "batch" + (i % 10) + "/" + uid + ".dcm";
            byte[] bytes = DicomFiles.encode(SmallImages.image(i));
            write(home.resolve("inbox").resolve(name), bytes);
            sourceHashes.put(name, TransferAssertions.sha256(bytes));
            String output = "batch" + (i % 10) + "/" + uids.map(uid) + ".dcm";
            expectedOutputs.put(output, uids.map(uid));
            outputOf.put(name, output);
        }

        runAndKill(home, work.resolve("run1.log"), 200);
        assertEverySourceArchivedOrWaiting(home, sourceHashes);
        Map<String, String> early = completedOutputs(home);
        reportRepeats(home, outputOf);
        runAndKill(home, work.resolve("run2.log"), 600);
        assertEverySourceArchivedOrWaiting(home, sourceHashes);
        reportRepeats(home, outputOf);

        try (DeidProcess last = DeidProcess.run(home, work.resolve("run3.log"), List.of(Path.of("routes")))) {
            try {
                TransferAssertions.await(() -> allFiles(home.resolve("archive")).size() == FILES
                        && visibleFiles(home.resolve("inbox")).isEmpty(), 120);
            } catch (AssertionError e) {
                fail("did not finish: " + e.getMessage() + "\n" + last.logTail());
            }
            last.stop();
        }

        // exactly once: one output per input, named and identified by its de-identified UID
        Map<String, String> outputs = hashes(home.resolve("outbox")); // fails on any temporary name
        assertThat(outputs.keySet()).isEqualTo(expectedOutputs.keySet());
        Map<String, Integer> uidCounts = new HashMap<>();
        for (String name : outputs.keySet()) {
            DicomObject out = DicomFiles.read(home.resolve("outbox").resolve(name));
            uidCounts.merge(out.sopInstanceUID(), 1, Integer::sum);
            assertThat(out.sopInstanceUID()).isEqualTo(expectedOutputs.get(name));
            assertThat(TestInstances.value(out.dataset(), TagFromName.PatientName)).startsWith("ANON-");
        }
        assertThat(uidCounts).hasSize(FILES).allSatisfy((uid, count) -> assertThat(count).isOne());
        // an input processed again after a kill wrote the very same bytes under the same name
        early.forEach((name, hash) -> assertThat(outputs.get(name)).as(name).isEqualTo(hash));
        // every source kept, unchanged; nothing quarantined; no lock or temporary file anywhere
        assertThat(hashes(home.resolve("archive"))).isEqualTo(sourceHashes);
        assertThat(allFiles(home.resolve("inbox"))).isEmpty();
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
    }

    /** Starts deid run and kills it (SIGKILL) once the outbox holds {@code atOutputs} files. */
    private static void runAndKill(Path home, Path log, int atOutputs) throws Exception {
        try (DeidProcess run = DeidProcess.run(home, log, List.of(Path.of("routes")))) {
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (visibleFiles(home.resolve("outbox")).size() < atOutputs) {
                // no name in the outbox, temporary ones included, may carry an original UID
                assertThat(allFiles(home.resolve("outbox"))).noneMatch(name -> name.contains(ORIGINAL_ROOT));
                if (!run.isAlive() || System.nanoTime() > deadline) {
                    fail("deid run did not reach " + atOutputs + " outputs\n" + run.logTail());
                }
                Thread.sleep(5);
            }
            run.kill();
        }
        // what a kill leaves: temporary outputs and read-lock markers, cleaned by the next start
        System.out.printf("killed at %d outputs; left: %d temporary in outbox, %d lock markers in inbox%n",
                visibleFiles(home.resolve("outbox")).size(),
                allFiles(home.resolve("outbox")).stream().filter(TransferAssertions::isTemporary).count(),
                allFiles(home.resolve("inbox")).stream().filter(n -> n.endsWith(".camelLock")).count());
        assertThat(visibleFiles(home.resolve("outbox")).size()).isLessThan(FILES);
    }

    /**
     * Inputs whose output is complete but whose source had not yet moved to the archive when the
     * process died: the restart processes them again, and must write the same bytes.
     */
    private static void reportRepeats(Path home, Map<String, String> outputOf) {
        long repeats = outputOf.entrySet().stream()
                .filter(e -> Files.exists(home.resolve("inbox").resolve(e.getKey()))
                        && Files.exists(home.resolve("outbox").resolve(e.getValue())))
                .count();
        System.out.printf("inputs to be processed again after the kill: %d%n", repeats);
    }

    /** Each source is in exactly one place, archive or inbox, with its original content. */
    private static void assertEverySourceArchivedOrWaiting(Path home, Map<String, String> sourceHashes)
            throws IOException {
        for (Map.Entry<String, String> source : sourceHashes.entrySet()) {
            Path archived = home.resolve("archive").resolve(source.getKey());
            Path waiting = home.resolve("inbox").resolve(source.getKey());
            assertThat(Files.exists(archived) ^ Files.exists(waiting)).as(source.getKey()).isTrue();
            Path present = Files.exists(archived) ? archived : waiting;
            assertThat(TransferAssertions.sha256(Files.readAllBytes(present))).isEqualTo(source.getValue());
        }
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
    }

    /** Outputs already complete (visible names) with their content hashes. */
    private static Map<String, String> completedOutputs(Path home) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String name : visibleFiles(home.resolve("outbox"))) {
            out.put(name, TransferAssertions.sha256(Files.readAllBytes(home.resolve("outbox").resolve(name))));
        }
        return out;
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
