package org.dicomdeid.camel.dicom;

import com.pixelmed.dicom.TagFromName;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/receiver-anonymiser.yaml as shipped, with the delivery stage: storescu → our SCP → the
 * anonymiser → outbox and Orthanc. Orthanc is down at first: every instance ends in Orthanc's
 * outgoing spool, and once Orthanc is up the retry route delivers each exactly once.
 */
@Tag("peers")
class ReceiverRouteTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;
    static CamelContext camel;
    static OrthancPeer orthanc;
    static int port;
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        home = tmp.resolve("home");
        orthanc = new OrthancPeer(tmp.resolve("orthanc"), "ORTHANC"); // configured, not started yet
        port = Peers.freePort();
        Properties p = new Properties();
        p.setProperty("deid.home", home.toString());
        p.setProperty("deid.receiver.port", String.valueOf(port));
        p.setProperty("deid.receiver.allow", "STORESCU");
        p.setProperty("deid.deliver.to", "direct:outbox,dicom:ORTHANC@127.0.0.1:"
                + orthanc.dicomPort + "?callingAeTitle=DEID&idleTimeout=500");
        p.setProperty("deid.deliver.redeliveries", "2");
        p.setProperty("deid.deliver.redeliveryDelay", "50");
        p.setProperty("deid.deliver.retryDelay", "300");
        camel = startShippedReceiver(p);
    }

    /** routes/receiver-anonymiser.yaml as shipped, with these settings, started. */
    static CamelContext startShippedReceiver(Properties settings) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(settings);
        for (String file : new String[]{"routes/receiver-anonymiser.yaml", "routes/delivery.yaml"}) {
            PluginHelper.getRoutesLoader(context).loadRoutes(PluginHelper.getResourceLoader(context).resolveResource("file:" + file));
        }
        context.start();
        return context;
    }

    @AfterAll
    static void stop() throws Exception {
        camel.stop();
        orthanc.close();
    }

    @Test
    void destinationDownThenUpDeliversEverythingExactlyOnce() throws Exception {
        List<Path> files = Peers.instances(tmp.resolve("in"), 5, "CT_small.dcm");
        java.util.Set<String> originals = new HashSet<>(DicomConsumerTest.uids(files));
        String originalName = DicomFiles.read(files.get(0)).dataset().get(TagFromName.PatientName).getSingleStringValueOrEmptyString();

        Peers.Result r = Peers.run(Peers.storescu("STORESCU", "DEID", port, files), 60);
        assertThat(r.exitCode()).as(r.output()).isZero();

        // Orthanc's own spool: the outbox, which is up, is not held back and gets each instance once
        Path outgoing = home.resolve("spool/outgoing/dicom-ORTHANC-127.0.0.1-" + orthanc.dicomPort);
        await(() -> visibleFiles(outgoing).size() == 5, "5 instances waiting in the outgoing spool");
        // each received copy is deleted once its outgoing copy is forced to disk, a moment after it shows
        await(() -> visibleFiles(home.resolve("spool/dicom-received")).isEmpty(), "the received spool emptied");
        await(() -> visibleFiles(home.resolve("outbox")).size() == 5, "5 de-identified files in the outbox");
        List<Path> outbox = visibleFiles(home.resolve("outbox"));
        for (Path f : outbox) {
            DicomObject o = DicomFiles.read(f);
            assertThat(originals).doesNotContain(o.sopInstanceUID());
            assertThat(o.dataset().get(TagFromName.PatientName) == null ? ""
                    : o.dataset().get(TagFromName.PatientName).getSingleStringValueOrEmptyString()).isNotEqualTo(originalName);
        }

        orthanc.start();
        await(() -> visibleFiles(outgoing).isEmpty(), "the outgoing spool drained");
        await(() -> count() == 5, "5 instances in Orthanc");
        List<String> stores = orthanc.receivedLog();
        assertThat(stores).hasSize(5).doesNotHaveDuplicates();
        assertThat(new HashSet<>(stores)).doesNotContainAnyElementsOf(originals);
        assertThat(visibleFiles(home.resolve("outbox"))).hasSize(5);
    }

    private static int count() {
        try {
            return orthanc.instanceCount();
        } catch (Exception e) {
            return -1;
        }
    }

    static List<Path> visibleFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
