package org.dicomdeid.camel.dicom;

import org.apache.camel.CamelContext;
import org.dicomdeid.fuzz.Mutations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.camel.dicom.ReceiverRouteTest.await;
import static org.dicomdeid.camel.dicom.ReceiverRouteTest.visibleFiles;

/**
 * A poison file through the shipped receiver route: storescu sends an instance whose sequences
 * nest 5,000 deep. It is acknowledged (it was stored), then quarantined with a reason, and the
 * receiver goes on serving: the next, ordinary instance reaches the outbox.
 */
@Tag("peers")
class ReceiverPoisonTest {
    @TempDir
    static Path tmp;
    static CamelContext camel;
    static int port;
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        home = tmp.resolve("home");
        port = Peers.freePort();
        Properties p = new Properties();
        p.setProperty("deid.home", home.toString());
        p.setProperty("deid.receiver.port", String.valueOf(port));
        p.setProperty("deid.receiver.allow", "STORESCU");
        camel = ReceiverRouteTest.startShippedReceiver(p);
    }

    @AfterAll
    static void stop() throws Exception {
        camel.stop();
    }

    @Test
    void aDeeplyNestedInstanceIsQuarantinedAndTheReceiverGoesOn() throws Exception {
        Path poison = tmp.resolve("in/poison.dcm");
        Files.createDirectories(poison.getParent());
        Files.write(poison, Mutations.deeplyNested(Files.readAllBytes(Peers.TEST_FILES.resolve("CT_small.dcm")), 5000));
        Peers.Result sent = Peers.run(Peers.storescu("STORESCU", "DEID", port, List.of(poison)), 60);
        assertThat(sent.exitCode()).as(sent.output()).isZero();

        Path quarantine = home.resolve("quarantine");
        await(() -> visibleFiles(quarantine).stream().anyMatch(f -> f.toString().endsWith(".reason.txt")),
                "the poison instance quarantined with a reason");
        String reason = Files.readString(visibleFiles(quarantine).stream()
                .filter(f -> f.toString().endsWith(".reason.txt")).findFirst().orElseThrow());
        assertThat(reason).contains("nested deeper");

        List<Path> ordinary = Peers.instances(tmp.resolve("ok"), 1, "CT_small.dcm");
        Peers.Result next = Peers.run(Peers.storescu("STORESCU", "DEID", port, ordinary), 60);
        assertThat(next.exitCode()).as(next.output()).isZero();
        await(() -> visibleFiles(home.resolve("outbox")).size() == 1, "the next instance de-identified");
        // the spool copy goes a moment after the output is durable
        await(() -> visibleFiles(home.resolve("spool/dicom-received")).isEmpty(), "an empty received spool");
    }
}
