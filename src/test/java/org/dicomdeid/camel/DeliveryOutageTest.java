package org.dicomdeid.camel;

import org.apache.camel.CamelContext;
import org.dicomdeid.deid.TestInstances;
import org.dicomdeid.dicom.DicomFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.camel.TransferAssertions.allFiles;
import static org.dicomdeid.camel.TransferAssertions.await;
import static org.dicomdeid.camel.TransferAssertions.visibleFiles;

/**
 * A DICOM destination (dcmtk's storescp, started and stopped here) down, then up, behind the
 * folder and the SFTP pick-up intakes (the receiver: ReceiverRouteTest): nothing quarantined,
 * nothing lost, the outbox not held back, and once storescp is up every instance reaches it
 * exactly once.
 */
@Tag("peers")
class DeliveryOutageTest {
    private static final int FILES = 5;

    @TempDir
    Path home;
    @TempDir
    Path work;
    private final List<CamelContext> contexts = new ArrayList<>();
    private Process storescp;
    private SftpTestServer sftp;

    @AfterEach
    void stopAll() throws Exception {
        contexts.forEach(CamelContext::stop);
        if (storescp != null) {
            storescp.destroy();
            storescp.waitFor(10, TimeUnit.SECONDS);
        }
        if (sftp != null) {
            sftp.close();
        }
    }

    @Test
    void theFolderIntakeDeliversEverythingOnceWhenThePacsComesBack() throws Exception {
        int port = freePort();
        start("folder-anonymiser.yaml", port, new Properties());
        for (int i = 1; i <= FILES; i++) {
            DicomFiles.writeAtomically(instance(i), home.resolve("inbox/s/img" + i + ".dcm"));
        }
        pacsDownThenUp(port);
    }

    @Test
    void theSftpPickupDeliversEverythingOnceWhenThePacsComesBack() throws Exception {
        Path serverRoot = work.resolve("sftp-root");
        sftp = new SftpTestServer(serverRoot);
        sftp.start();
        sftp.writeUserKey(home.resolve("keys/sftp_id"));
        sftp.writeKnownHosts(home.resolve("keys/known_hosts"));
        for (int i = 1; i <= FILES; i++) {
            DicomFiles.writeAtomically(instance(i), serverRoot.resolve("outgoing/s/img" + i + ".dcm"));
        }
        Properties p = SftpRoutesTest.pickupSettings(sftp);
        int port = freePort();
        start("sftp/sftp-pickup.yaml", port, p);
        pacsDownThenUp(port);
        assertThat(allFiles(serverRoot.resolve("outgoing"))).isEmpty();
        assertThat(visibleFiles(home.resolve("spool/sftp-pickup"))).isEmpty();
    }

    private void start(String routeFile, int port, Properties p) throws Exception {
        p.setProperty("deid.deliver.to", "direct:outbox,dicom:STORESCP@127.0.0.1:" + port + "?callingAeTitle=DEID&idleTimeout=500");
        p.setProperty("deid.deliver.redeliveries", "2");
        p.setProperty("deid.deliver.redeliveryDelay", "50");
        p.setProperty("deid.deliver.retryDelay", "300");
        contexts.add(FolderRouteTest.startRoute(routeFile, home, p));
    }

    private void pacsDownThenUp(int port) throws Exception {
        Path spool = home.resolve("spool/outgoing/dicom-STORESCP-127.0.0.1-" + port);
        await(() -> visibleFiles(spool).size() == FILES, 60);
        // the outbox was not held back; nothing went to quarantine for a destination being down
        await(() -> visibleFiles(home.resolve("outbox/s")).size() == FILES, 30);
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();

        Path received = Files.createDirectories(work.resolve("received"));
        Path log = work.resolve("storescp.log");
        // (this dcmtk has no option to bind one address; we only ever connect to 127.0.0.1, as DicomProducerTest)
        ProcessBuilder pb = new ProcessBuilder("storescp", "-v", "-aet", "STORESCP", "-od", received.toString(),
                String.valueOf(port));
        pb.environment().put("TCP_NODELAY", "1");
        storescp = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitPort(port);
        await(() -> visibleFiles(spool).isEmpty() && visibleFiles(received).size() == FILES, 60);
        Thread.sleep(1000); // a repeated store would show in the log by now
        assertThat(count(Files.readString(log), "Received Store Request")).as("each instance stored once").isEqualTo(FILES);
        List<String> uids = new ArrayList<>();
        for (String name : visibleFiles(received)) {
            uids.add(DicomFiles.read(received.resolve(name)).sopInstanceUID());
        }
        assertThat(uids).doesNotHaveDuplicates().allSatisfy(uid -> assertThat(uid).startsWith("2.25."));
        assertThat(visibleFiles(home.resolve("outbox/s"))).hasSize(FILES);
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
        assertThat(allFiles(home.resolve("dead-letter"))).isEmpty();
    }

    private static org.dicomdeid.dicom.DicomObject instance(int i) throws Exception {
        return TestInstances.ct("P9", "DOE^JOHN", "1.2.3.9", "1.2.3.9.1", "1.2.3.9.1." + i);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("storescp is not listening on " + port);
    }

    private static long count(String text, String needle) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
