package org.dicomdeid.camel.dicom;

import org.apache.camel.CamelContext;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.testing.CanaryCorpus;
import org.dicomdeid.testing.LeakReport;
import org.dicomdeid.testing.LeakScanner;
import org.dicomdeid.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canary corpus sent by four dcmtk storescu processes at once into the shipped receiver
 * route: every instance arrives exactly once, de-identified, and no canary reaches the outbox,
 * the spool, the quarantine or the logs.
 */
class ReceiverCanaryTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final LogCapture logs = new LogCapture();
    private CamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void fourAssociationsAtOnceLeakNothingAndLoseNothing() throws Exception {
        // a command group (0000,xxxx) inside a data set cannot travel over DIMSE
        CanaryCorpus corpus = CanaryCorpus.write(tmp.resolve("in"), CanaryCorpus.Options.DEFAULT.withoutCommandGroup());
        Path home = tmp.resolve("home");
        int port = Peers.freePort();
        Properties p = new Properties();
        p.setProperty("deid.home", home.toString());
        p.setProperty("deid.receiver.port", String.valueOf(port));
        p.setProperty("deid.receiver.allow", "STORESCU");
        camel = ReceiverRouteTest.startShippedReceiver(p);

        List<Path> files = corpus.files();
        List<Process> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<Path> part = new ArrayList<>();
            for (int j = i; j < files.size(); j += 4) {
                part.add(files.get(j));
            }
            senders.add(Peers.start(Peers.storescu("STORESCU", "DEID", port, part), tmp.resolve("storescu" + i + ".log")));
        }
        for (Process s : senders) {
            assertThat(s.waitFor()).isZero();
        }
        Path outbox = home.resolve("outbox");
        ReceiverRouteTest.await(() -> ReceiverRouteTest.visibleFiles(outbox).size() == files.size(),
                files.size() + " de-identified instances in the outbox");
        Thread.sleep(500); // nothing more may arrive
        List<Path> out = ReceiverRouteTest.visibleFiles(outbox);
        assertThat(out).hasSize(files.size());
        Set<String> uids = new HashSet<>();
        for (Path f : out) {
            uids.add(DicomFiles.read(f).sopInstanceUID());
        }
        assertThat(uids).hasSize(files.size()).doesNotContainAnyElementsOf(corpus.originalUids());

        LeakScanner scanner = LeakScanner.forCorpus(corpus);
        LeakReport report = scanner.scan(outbox).merge(scanner.scanText("log", logs.text()));
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(ReceiverRouteTest.visibleFiles(home.resolve("spool/dicom-received"))).isEmpty();
        assertThat(ReceiverRouteTest.visibleFiles(home.resolve("quarantine"))).isEmpty();
    }
}
