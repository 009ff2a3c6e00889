package org.dicomdeid.app;

import org.dicomdeid.camel.TransferAssertions;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.deid.UidMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.dicomdeid.camel.TransferAssertions.allFiles;
import static org.dicomdeid.camel.TransferAssertions.visibleFiles;

/**
 * {@code deid run}'s DICOM receiver (routes/receiver-anonymiser.yaml) as its own JVM, killed
 * with SIGKILL while dcmtk's storescu is sending: every instance that got a success response is
 * in the outbox after the restart, and once the sender has sent the rest again, every instance
 * is there exactly once.
 */
@Tag("slow")
class ReceiverCrashTest {
    private static final int INSTANCES = 200;
    private static final String SUCCESS = "Received Store Response (Success)";

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedInstanceSurvivesAKillAndEachArrivesOnce() throws Exception {
        Path home = work.resolve("home");
        SmallImages.writeSecret(home);
        UidMapper uids = new UidMapper(ProjectSecret.of(SmallImages.SECRET));
        Map<Path, String> deidentifiedUid = new HashMap<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            Path f = work.resolve("send/f" + i + ".dcm");
            DicomFiles.writeAtomically(SmallImages.image(i), f);
            files.add(f);
            deidentifiedUid.put(f, uids.map(SmallImages.uid(i)));
        }
        int port = freePort();
        String setPort = "deid.receiver.port=" + port;
        List<Path> routes = List.of(Path.of("routes"));

        Set<Path> acknowledged;
        try (DeidProcess first = DeidProcess.run(home, work.resolve("run1.log"), routes, setPort)) {
            awaitPort(port, first);
            Path log = work.resolve("storescu1.log");
            Process sender = storescu(port, files, log);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (count(Files.readString(log), SUCCESS) < 60) {
                if (!sender.isAlive() || System.nanoTime() > deadline) {
                    fail("storescu did not get 60 responses\n" + Files.readString(log) + first.logTail());
                }
                Thread.sleep(2);
            }
            first.kill();
            sender.waitFor(60, TimeUnit.SECONDS);
            acknowledged = acknowledgedFiles(Files.readString(log));
        }
        System.out.printf("killed after %d success responses%n", acknowledged.size());
        assertThat(acknowledged.size()).as("the kill came mid-way").isBetween(60, INSTANCES - 1);

        try (DeidProcess second = DeidProcess.run(home, work.resolve("run2.log"), routes, setPort)) {
            awaitPort(port, second);
            awaitDrained(home, acknowledged.size(), second);
            Set<String> present = outboxUids(home);
            for (Path f : acknowledged) {
                assertThat(present).as("acknowledged before the kill").contains(deidentifiedUid.get(f));
            }

            // the sender sends again what it has no success for, as a PACS or modality would
            List<Path> rest = files.stream().filter(f -> !acknowledged.contains(f)).toList();
            Path log = work.resolve("storescu2.log");
            Process resend = storescu(port, rest, log);
            assertThat(resend.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(count(Files.readString(log), SUCCESS)).isEqualTo(rest.size());
            awaitDrained(home, INSTANCES, second);
            second.stop();
        }

        List<String> outputs = allFiles(home.resolve("outbox"));
        assertThat(outputs).noneMatch(TransferAssertions::isTemporary).hasSize(INSTANCES);
        Map<String, Integer> counts = new HashMap<>();
        for (String name : outputs) {
            String uid = DicomFiles.read(home.resolve("outbox").resolve(name)).sopInstanceUID();
            assertThat(name).isEqualTo(uid + ".dcm");
            counts.merge(uid, 1, Integer::sum);
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(deidentifiedUid.values());
        assertThat(counts.values()).allMatch(c -> c == 1);
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
    }

    private static Process storescu(int port, List<Path> files, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-aet", "STORESCU", "-aec", "DEID",
                "127.0.0.1", String.valueOf(port)));
        files.forEach(f -> cmd.add(f.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** storescu -v names each file it sends, then reports the response to it. */
    private static Set<Path> acknowledgedFiles(String log) {
        Set<Path> acknowledged = new LinkedHashSet<>();
        Path sending = null;
        for (String line : log.split("\n")) {
            int at = line.indexOf("Sending file: ");
            if (at >= 0) {
                sending = Path.of(line.substring(at + "Sending file: ".length()).strip());
            } else if (line.contains(SUCCESS) && sending != null) {
                acknowledged.add(sending);
                sending = null;
            }
        }
        return acknowledged;
    }

    /** Waits until the receiver's spool is empty and the outbox holds at least {@code atLeast} files. */
    private static void awaitDrained(Path home, int atLeast, DeidProcess run) throws Exception {
        Path received = home.resolve("spool/dicom-received");
        try {
            TransferAssertions.await(() -> visibleFiles(home.resolve("outbox")).size() >= atLeast
                    && visibleFiles(received).stream().noneMatch(n -> !n.contains("/")), 90);
        } catch (AssertionError e) {
            fail(e.getMessage() + "\n" + run.logTail());
        }
    }

    private static Set<String> outboxUids(Path home) throws Exception {
        Set<String> out = new LinkedHashSet<>();
        for (String name : visibleFiles(home.resolve("outbox"))) {
            out.add(DicomFiles.read(home.resolve("outbox").resolve(name)).sopInstanceUID());
        }
        return out;
    }

    private static long count(String text, String needle) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, DeidProcess run) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && run.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        fail("deid run is not listening on " + port + "\n" + run.logTail());
    }
}
