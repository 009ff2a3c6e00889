package org.dicomdeid.app;

import org.apache.camel.CamelContext;
import org.dicomdeid.camel.TransferAssertions;
import org.dicomdeid.dicom.DicomFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** deid receive / send / echo, end to end on 127.0.0.1 (storescu as an external sender). */
@Tag("peers")
class NetworkCommandsTest {
    @TempDir
    static Path tmp;
    static CamelContext receiver;
    static int port;
    static Path outbox;

    @BeforeAll
    static void startReceiver() throws Exception {
        port = freePort();
        outbox = tmp.resolve("outbox");
        ReceiveCommand cmd = new ReceiveCommand();
        new CommandLine(cmd).parseArgs("--port", String.valueOf(port), "--ae", "DEID", "--allow", "STORESCU",
                "--allow", "DEID", "--home", tmp.resolve("home").toString(), "--out", outbox.toString());
        receiver = cmd.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @Test
    void echoSucceedsAgainstTheReceiverAndFailsAgainstNothing() throws Exception {
        assertThat(Main.execute("echo", "DEID@127.0.0.1:" + port)).isZero();
        assertThat(Main.execute("echo", "DEID@127.0.0.1:" + freePort())).isEqualTo(Main.EXIT_FAILURE);
        assertThat(Main.execute("echo", "not-an-address")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void sendAndStorescuBothEndDeidentifiedInTheOutbox() throws Exception {
        Path in = tmp.resolve("in");
        copies(in, 4);
        // a fifth instance of its own: outputs are named by de-identified SOP Instance UID, so the
        // same instance sent twice is one output
        Path fifth = copies(tmp.resolve("fifth"), 1).get(0);
        int before = outboxCount();
        assertThat(Main.execute("send", "--to", "DEID@127.0.0.1:" + port, in.toString())).isZero();
        List<String> storescu = new ArrayList<>(List.of("storescu", "-aet", "STORESCU", "-aec", "DEID", "127.0.0.1",
                String.valueOf(port)));
        storescu.add(fifth.toString());
        Process p = new ProcessBuilder(storescu).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        long deadline = System.currentTimeMillis() + 20_000;
        while (outboxCount() < before + 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(outboxCount()).isEqualTo(before + 5);
    }

    @Test
    void sendingToAClosedPortFails() throws Exception {
        List<Path> files = copies(tmp.resolve("closed"), 1);
        assertThat(Main.execute("send", "--to", "NOBODY@127.0.0.1:" + freePort(), files.get(0).toString()))
                .isEqualTo(Main.EXIT_FAILURE);
    }

    static int outboxCount() throws IOException {
        return TransferAssertions.visibleFiles(outbox).size(); // skips files renamed while it reads
    }

    static List<Path> copies(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var o = DicomFiles.read(Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small.dcm"));
            o.dataset().replace(com.pixelmed.dicom.TagFromName.SOPInstanceUID,
                    "2.25." + Math.abs(UUID.randomUUID().getLeastSignificantBits()));
            Path f = dir.resolve("mr" + i + ".dcm");
            DicomFiles.writeAtomically(o, f);
            files.add(f);
        }
        return files;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
