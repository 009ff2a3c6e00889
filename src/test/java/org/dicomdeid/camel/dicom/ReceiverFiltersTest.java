package org.dicomdeid.camel.dicom;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.testing.ContentSamples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped receiver with the example policy, fed by our own dicom: producer (in this JVM, on
 * 127.0.0.1): a dropped instance is acknowledged, leaves the spool and is written nowhere.
 */
class ReceiverFiltersTest {
    @TempDir
    Path home;
    private CamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void aDroppedInstanceIsAcknowledgedAndForgotten() throws Exception {
        int port = Peers.freePort();
        Properties p = new Properties();
        p.setProperty("deid.home", home.toString());
        p.setProperty("deid.receiver.port", String.valueOf(port));
        p.setProperty("deid.policy", Path.of("policies/drop-non-diagnostic.yaml").toAbsolutePath().toString());
        camel = ReceiverRouteTest.startShippedReceiver(p);
        Path ct = home.resolve("send/ct.dcm");
        Path sc = home.resolve("send/sc.dcm");
        DicomFiles.writeAtomically(ContentSamples.ct(1), ct);
        DicomFiles.writeAtomically(ContentSamples.secondaryCapture(2), sc);

        ProducerTemplate template = camel.createProducerTemplate();
        String uri = "dicom:DEID@127.0.0.1:" + port + "?callingAeTitle=SENDER";
        template.sendBody(uri, sc.toFile()); // raises unless the C-STORE succeeded
        template.sendBody(uri, ct.toFile());

        Path outbox = home.resolve("outbox");
        ReceiverRouteTest.await(() -> ReceiverRouteTest.visibleFiles(outbox).size() == 1, "the CT in the outbox");
        ReceiverRouteTest.await(() -> ReceiverRouteTest.visibleFiles(home.resolve("spool/dicom-received")).isEmpty(),
                "an empty spool");
        assertThat(DicomFiles.read(ReceiverRouteTest.visibleFiles(outbox).get(0)).sopClassUID())
                .isEqualTo("1.2.840.10008.5.1.4.1.1.2");
        assertThat(ReceiverRouteTest.visibleFiles(home.resolve("quarantine"))).isEmpty();
        assertThat(ReceiverRouteTest.visibleFiles(home.resolve("dropped"))).isEmpty();
    }
}
