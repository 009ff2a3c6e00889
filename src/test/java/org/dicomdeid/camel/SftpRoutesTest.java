package org.dicomdeid.camel;

import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.deid.TestInstances;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.camel.TransferAssertions.await;
import static org.dicomdeid.camel.TransferAssertions.hashes;

/**
 * The shipped routes/sftp/*.yaml against a real SFTP server (Apache MINA SSHD) on 127.0.0.1,
 * with key authentication and strict host-key checking.
 */
@Tag("peers")
class SftpRoutesTest {
    @TempDir
    Path home;
    @TempDir
    Path serverRoot;
    private SftpTestServer server;
    private final List<CamelContext> contexts = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new SftpTestServer(serverRoot);
        server.start();
        server.writeUserKey(home.resolve("keys/sftp_id"));
        server.writeKnownHosts(home.resolve("keys/known_hosts"));
    }

    @AfterEach
    void stopAll() throws IOException {
        contexts.forEach(CamelContext::stop);
        server.close();
    }

    /** The pick-up route's settings for this test server's "outgoing" folder, polled every 200 ms. */
    static Properties pickupSettings(SftpTestServer server) {
        Properties props = new Properties();
        props.setProperty("deid.sftp.pickup.host", "127.0.0.1");
        props.setProperty("deid.sftp.pickup.port", String.valueOf(server.port()));
        props.setProperty("deid.sftp.pickup.user", SftpTestServer.USER);
        props.setProperty("deid.sftp.pickup.folder", "outgoing");
        props.setProperty("deid.sftp.pickup.delay", "200");
        return props;
    }

    private CamelContext start(String routeFile, Map<String, String> settings) throws Exception {
        Properties props = pickupSettings(server);
        props.setProperty("deid.sftp.push.host", "127.0.0.1");
        props.setProperty("deid.sftp.push.port", String.valueOf(server.port()));
        props.setProperty("deid.sftp.push.user", SftpTestServer.USER);
        props.setProperty("deid.sftp.push.folder", "incoming");
        props.setProperty("deid.sftp.push.delay", "200");
        props.setProperty("deid.sftp.push.retries", "30");
        props.setProperty("deid.sftp.push.retry-delay", "100");
        props.setProperty("deid.sftp.push.retry-max-delay", "800");
        props.putAll(settings);
        CamelContext context = FolderRouteTest.startRoute(routeFile, home, props);
        contexts.add(context);
        return context;
    }

    private static DicomObject instance(int n) throws Exception {
        return TestInstances.ct("P7", "DOE^JANE", "1.2.3.7", "1.2.3.7.1", "1.2.3.7.1." + n);
    }

    @Test
    void picksUpAnonymisesArchivesAndNeverTakesAFileTwiceAfterARestart() throws Exception {
        Path drop = serverRoot.resolve("outgoing");
        DicomFiles.writeAtomically(instance(1), drop.resolve("a.dcm"));
        DicomFiles.writeAtomically(instance(2), drop.resolve("ward/b.dcm"));
        DicomFiles.writeAtomically(instance(3), drop.resolve("ward/c.dcm"));
        Map<String, String> leaveOnServer = Map.of("deid.sftp.pickup.delete", "false");

        CamelContext first = start("sftp/sftp-pickup.yaml", leaveOnServer);
        NotifyBuilder three = new NotifyBuilder(first).fromRoute("sftp-pickup-anonymise").whenDone(3).create();
        assertThat(three.matches(30, TimeUnit.SECONDS)).isTrue();

        for (String name : List.of("a.dcm", "ward/b.dcm", "ward/c.dcm")) {
            DicomObject out = DicomFiles.read(home.resolve("outbox").resolve(name));
            assertThat(TestInstances.value(out.dataset(), TagFromName.PatientName)).startsWith("ANON-");
            assertThat(TestInstances.value(out.dataset(), TagFromName.SOPInstanceUID)).startsWith("2.25.");
            // archived before anonymisation: the original, byte for byte
            assertThat(Files.mismatch(home.resolve("archive/sftp").resolve(name), drop.resolve(name))).isEqualTo(-1);
            assertThat(drop.resolve(name)).exists();
        }
        assertThat(home.resolve("archive-deidentified")).doesNotExist();
        assertThat(Files.readAllLines(home.resolve("state/sftp-pickup.seen"))).hasSize(3)
                .allSatisfy(key -> assertThat(key).matches("[0-9a-f]{64}"));
        first.stop();

        // restart: the three are still on the server and must not be taken again
        CamelContext second = start("sftp/sftp-pickup.yaml", leaveOnServer);
        NotifyBuilder any = new NotifyBuilder(second).fromRoute("sftp-pickup").whenDone(1).create();
        assertThat(any.matches(2500, TimeUnit.MILLISECONDS)).isFalse();
        DicomFiles.writeAtomically(instance(4), drop.resolve("d.dcm"));
        assertThat(any.matches(30, TimeUnit.SECONDS)).isTrue();
        NotifyBuilder fourth = new NotifyBuilder(second).fromRoute("sftp-pickup-anonymise").whenDone(1).create();
        assertThat(fourth.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(home.resolve("outbox/d.dcm")).exists();
        assertThat(Files.readAllLines(home.resolve("state/sftp-pickup.seen"))).hasSize(4);
    }

    @Test
    void theServerStoppedMidDownloadAndRestartedGetsEachFileDeidentifiedExactlyOnce() throws Exception {
        Path drop = serverRoot.resolve("outgoing");
        int count = 8;
        Map<String, String> originals = new java.util.TreeMap<>();
        for (int i = 0; i < count; i++) {
            DicomObject image = instance(i);
            OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
            pixels.setValues(new short[256 * 1024]); // 512 KB, so a download takes many reads
            image.dataset().put(pixels);
            String name = "s" + (i % 2) + "/i" + i + ".dcm";
            DicomFiles.writeAtomically(image, drop.resolve(name));
            originals.put(name, TransferAssertions.sha256(Files.readAllBytes(drop.resolve(name))));
        }
        ServerOutage outage = new ServerOutage(server, 3L * 512 * 1024 + 100_000, 1500);
        server.onRead(outage::onBytes);
        start("sftp/sftp-pickup.yaml", Map.of());

        await(() -> TransferAssertions.visibleFiles(home.resolve("outbox")).size() == count
                && TransferAssertions.allFiles(drop).isEmpty()
                && TransferAssertions.allFiles(home.resolve("spool/sftp-pickup")).isEmpty(), 60);
        assertThat(outage.happened()).isTrue();
        assertThat(server.bytesRead()).isGreaterThan(count * 512L * 1024);
        assertThat(hashes(home.resolve("archive/sftp"))).isEqualTo(originals);
        Map<String, String> outputs = hashes(home.resolve("outbox"));
        assertThat(outputs.keySet()).isEqualTo(originals.keySet());
        List<String> uids = new ArrayList<>();
        for (String name : outputs.keySet()) {
            uids.add(DicomFiles.read(home.resolve("outbox").resolve(name)).sopInstanceUID());
        }
        assertThat(uids).hasSize(count).doesNotHaveDuplicates().allSatisfy(uid -> assertThat(uid).startsWith("2.25."));
        assertThat(Files.readAllLines(home.resolve("state/sftp-pickup.seen"))).hasSize(count);
    }

    @Test
    void archivesTheDeidentifiedOutputWhenAskedAndDeletesFromTheServerByDefault() throws Exception {
        Path drop = serverRoot.resolve("outgoing");
        DicomFiles.writeAtomically(instance(1), drop.resolve("a.dcm"));
        Files.writeString(drop.resolve("broken.dcm"), "not DICOM");
        CamelContext context = start("sftp/sftp-pickup.yaml",
                Map.of("deid.sftp.pickup.archive-before", "false", "deid.sftp.pickup.archive-after", "true"));
        NotifyBuilder two = new NotifyBuilder(context).fromRoute("sftp-pickup-anonymise").whenDone(2).create();
        assertThat(two.matches(30, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.mismatch(home.resolve("outbox/a.dcm"), home.resolve("archive-deidentified/sftp/a.dcm")))
                .isEqualTo(-1);
        assertThat(home.resolve("archive/sftp")).doesNotExist();
        assertThat(home.resolve("quarantine/sftp/broken.dcm")).hasContent("not DICOM");
        assertThat(home.resolve("quarantine/sftp/broken.dcm.reason.txt")).exists();
        await(() -> !Files.exists(drop.resolve("a.dcm")) && !Files.exists(drop.resolve("broken.dcm")), 10);
        assertThat(TransferAssertions.visibleFiles(home.resolve("spool"))).isEmpty();
    }

    @Test
    void pushesUnderATemporaryNameThenRenamesAndMovesTheLocalFileToSent() throws Exception {
        Path outbox = home.resolve("outbox");
        Map<String, String> sent = TransferAssertions.writeRandomFiles(outbox,
                List.of("s1/a.dcm", "s1/b.dcm", "s2/c.dcm", "d.dcm"), 200_000);
        start("sftp/sftp-push.yaml", Map.of());

        await(() -> TransferAssertions.visibleFiles(home.resolve("sent")).size() == 4, 30);
        assertThat(hashes(serverRoot.resolve("incoming"))).isEqualTo(sent);
        assertThat(hashes(home.resolve("sent"))).isEqualTo(sent);
        assertThat(TransferAssertions.visibleFiles(outbox)).isEmpty();
        assertThat(TransferAssertions.allFiles(serverRoot.resolve("incoming"))).hasSize(4);
        // every upload was written under a dot-name first, never under its final name
        assertThat(server.filesOpened()).hasSize(4).allSatisfy(name -> assertThat(name).startsWith("."));
    }

    @Test
    void aServerWithTheWrongHostKeyIsRefusedAndNothingIsTransferred() throws Exception {
        server.writeKnownHosts(home.resolve("keys/known_hosts"), SftpTestServer.newKeyPair());
        Path drop = serverRoot.resolve("outgoing");
        DicomFiles.writeAtomically(instance(1), drop.resolve("a.dcm"));
        Map<String, String> local = TransferAssertions.writeRandomFiles(home.resolve("outbox"), List.of("x.dcm"), 1000);
        start("sftp/sftp-push.yaml", Map.of());
        start("sftp/sftp-pickup.yaml", Map.of());

        // both routes reach the server (and keep trying) but never authenticate to it
        await(() -> server.sessions() >= 4, 20);
        Thread.sleep(500);
        assertThat(server.logins()).isZero();
        assertThat(server.filesOpened()).isEmpty();
        assertThat(server.bytesWritten()).isZero();
        assertThat(serverRoot.resolve("incoming")).doesNotExist();
        assertThat(TransferAssertions.visibleFiles(home.resolve("outbox"))).isEqualTo(List.copyOf(local.keySet()));
        assertThat(TransferAssertions.sha256(Files.readAllBytes(home.resolve("outbox/x.dcm")))).isEqualTo(local.get("x.dcm"));
        assertThat(drop.resolve("a.dcm")).exists();
        assertThat(TransferAssertions.visibleFiles(home.resolve("spool"))).isEmpty();
        assertThat(home.resolve("archive")).doesNotExist();
    }

    @Test
    void theServerStoppedMidTransferAndRestartedGetsEverythingExactlyOnce() throws Exception {
        int count = 12;
        int size = 1_000_000;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("series" + (i % 3) + "/f" + i + ".dcm");
        }
        Map<String, String> sent = TransferAssertions.writeRandomFiles(home.resolve("outbox"), names, size);
        ServerOutage outage = new ServerOutage(server, 4L * size + size / 2, 1500);
        server.onWrite(outage::onBytes);
        start("sftp/sftp-push.yaml", Map.of());

        await(() -> TransferAssertions.visibleFiles(home.resolve("sent")).size() == count, 90);
        assertThat(outage.happened()).isTrue();
        // the cut-off upload was sent again from its start: more bytes arrived than were sent
        assertThat(server.bytesWritten()).isGreaterThan((long) count * size);
        assertThat(TransferAssertions.allFiles(serverRoot.resolve("incoming"))).hasSize(count);
        assertThat(hashes(serverRoot.resolve("incoming"))).isEqualTo(sent);
        assertThat(TransferAssertions.visibleFiles(home.resolve("outbox"))).isEmpty();
    }
}
