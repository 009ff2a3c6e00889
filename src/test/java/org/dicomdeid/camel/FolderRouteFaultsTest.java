package org.dicomdeid.camel;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.dicomdeid.deid.TestInstances;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.camel.TransferAssertions.allFiles;
import static org.dicomdeid.camel.TransferAssertions.await;
import static org.dicomdeid.camel.TransferAssertions.visibleFiles;

/**
 * The shipped folder route against what broke it before: two instances under one name, a full
 * disk, a missing outbox, an Error thrown while processing one input, a file nested 5,000 deep.
 */
class FolderRouteFaultsTest {
    @TempDir
    Path home;
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dicomdeid.testing.LogCapture logs = new org.dicomdeid.testing.LogCapture(ch.qos.logback.classic.Level.WARN);
    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private final Properties settings = new Properties();

    private void start() throws Exception {
        settings.setProperty("deid.archive.after", "true");
        context = FolderRouteTest.startRoute("folder-anonymiser.yaml", home, settings);
    }

    private static DicomObject instance(String modality, String sop) throws Exception {
        DicomObject object = TestInstances.ct("P7", "DOE^JOHN", "1.2.3.7", "1.2.3.7.1", sop);
        TestInstances.put(object.dataset(), TagFromName.Modality, modality);
        if (modality.equals("MR")) {
            TestInstances.put(object.dataset(), TagFromName.SOPClassUID, SOPClass.MRImageStorage);
        }
        return object;
    }

    private static String modalityOf(Path file) throws Exception {
        return TestInstances.value(DicomFiles.read(file).dataset(), TagFromName.Modality);
    }

    @Test
    void aSecondInstanceUnderTheSameNameKeepsBothOutputsAndBothOriginals() throws Exception {
        start();
        Path inbox = home.resolve("inbox");
        DicomFiles.writeAtomically(instance("CT", "1.2.3.7.1.1"), inbox.resolve("IMG0001.dcm"));
        await(() -> visibleFiles(home.resolve("archive")).size() == 1, 30);
        DicomFiles.writeAtomically(instance("MR", "1.2.3.7.1.2"), inbox.resolve("IMG0001.dcm"));
        await(() -> visibleFiles(home.resolve("archive")).size() == 2, 30);
        // the CT again (a repeated delivery): it replaces its own output, nothing new
        DicomFiles.writeAtomically(instance("CT", "1.2.3.7.1.1"), inbox.resolve("IMG0001.dcm"));
        await(() -> visibleFiles(inbox).isEmpty(), 30);

        for (String folder : new String[]{"outbox", "archive", "archive-deidentified"}) {
            assertThat(visibleFiles(home.resolve(folder))).as(folder).hasSize(2)
                    .contains("IMG0001.dcm").anyMatch(n -> n.matches("IMG0001~[0-9a-f]{8}\\.dcm"));
        }
        String other = visibleFiles(home.resolve("outbox")).stream().filter(n -> !n.equals("IMG0001.dcm")).findFirst().orElseThrow();
        assertThat(modalityOf(home.resolve("outbox/IMG0001.dcm"))).isEqualTo("CT");
        assertThat(modalityOf(home.resolve("outbox").resolve(other))).isEqualTo("MR");
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
    }

    @Test
    void aFullDiskLeavesTheInputsInTheInboxAndTheRouteRecoversWhenSpaceComesBack() throws Exception {
        Assumptions.assumeTrue(TinyDisk.available(), "needs root and tmpfs");
        Path outbox = home.resolve("outbox");
        // the outbox's own outgoing spool full too: nowhere to hold an output, so the inputs stay
        Path spool = home.resolve("spool/outgoing/direct-outbox");
        try (TinyDisk disk = TinyDisk.mount(outbox, 64); TinyDisk spoolDisk = TinyDisk.mount(spool, 64)) {
            fill(outbox.resolve("filler"));
            fill(spool.resolve(".filler"));
            start();
            for (int i = 1; i <= 4; i++) {
                DicomFiles.writeAtomically(instance("CT", "1.2.3.7.1." + i), home.resolve("inbox/img" + i + ".dcm"));
            }
            // the writes were tried and failed (outbox and spool both full), and then some time passed
            await(() -> logs.text().contains("environment fault"), 60);
            Thread.sleep(1000);
            assertThat(visibleFiles(home.resolve("inbox"))).hasSize(4);
            assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
            // (a retry may be writing its temporary file at this moment: only finished files count here)
            assertThat(visibleFiles(outbox)).containsExactly("filler");
            assertThat(visibleFiles(spool)).isEmpty();
            assertThat(context.getRouteController().getRouteStatus("folder-anonymiser").isStarted()).isTrue();

            disk.grow(4096);
            spoolDisk.grow(4096);
            await(() -> visibleFiles(home.resolve("inbox")).isEmpty() && visibleFiles(home.resolve("archive")).size() == 4
                    && visibleFiles(outbox).size() == 5, 60);
            assertThat(allFiles(outbox)).as("no temporary file left behind by the failed writes").hasSize(5);
            assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
            context.stop();
        }
    }

    @Test
    void aMissingOutboxFolderHoldsTheOutputsInItsSpoolAndDeliversThemWhenItIsBack() throws Exception {
        // a plain file where the outbox folder should be: every write fails, as for a removed mount
        Files.writeString(home.resolve("outbox"), "not a folder");
        settings.setProperty("deid.deliver.retryDelay", "300");
        settings.setProperty("deid.deliver.redeliveryDelay", "50");
        start();
        DicomFiles.writeAtomically(instance("CT", "1.2.3.7.1.1"), home.resolve("inbox/a/img1.dcm"));
        DicomFiles.writeAtomically(instance("CT", "1.2.3.7.1.2"), home.resolve("inbox/img2.dcm"));
        // the outputs wait in the outbox's outgoing spool: the inputs are archived, none quarantined
        Path spool = home.resolve("spool/outgoing/direct-outbox");
        await(() -> visibleFiles(home.resolve("archive")).size() == 2 && visibleFiles(spool).size() == 2, 60);
        assertThat(visibleFiles(spool)).containsExactlyInAnyOrder("a/img1.dcm", "img2.dcm");
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
        assertThat(visibleFiles(home.resolve("inbox"))).isEmpty();

        Files.delete(home.resolve("outbox"));
        await(() -> visibleFiles(home.resolve("outbox")).size() == 2 && visibleFiles(spool).isEmpty(), 60);
        assertThat(visibleFiles(home.resolve("outbox"))).containsExactlyInAnyOrder("a/img1.dcm", "img2.dcm");
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
    }

    @Test
    void anErrorThrownWhileProcessingOneInputQuarantinesItAndThePollerKeepsRunning() throws Exception {
        start();
        AdviceWith.adviceWith(context, "folder-anonymiser", route -> route.weaveByToString("(?i)process\\[ref:anonymiser\\]")
                .before().process(exchange -> {
                    if (exchange.getIn().getHeader("CamelFileName", String.class).contains("poison")) {
                        throw new StackOverflowError();
                    }
                }));
        Path inbox = home.resolve("inbox");
        DicomFiles.writeAtomically(instance("CT", "1.2.3.7.1.1"), inbox.resolve("poison.dcm"));
        await(() -> Files.exists(home.resolve("quarantine/poison.dcm")), 30);
        assertThat(Files.readString(home.resolve("quarantine/poison.dcm.reason.txt"))).contains("StackOverflowError");

        // the poller is still polling
        DicomFiles.writeAtomically(instance("CT", "1.2.3.7.1.2"), inbox.resolve("good.dcm"));
        await(() -> Files.exists(home.resolve("archive/good.dcm")), 30);
        assertThat(home.resolve("outbox/good.dcm")).exists();
    }

    @Test
    void aFileNested5000DeepEndsInQuarantineAndLaterFilesAreProcessed() throws Exception {
        start();
        Path inbox = home.resolve("inbox");
        Files.write(inbox.resolve("nested.dcm"), PoisonFiles.nestedSequences(5000));
        await(() -> Files.exists(home.resolve("quarantine/nested.dcm")), 60);
        assertThat(home.resolve("quarantine/nested.dcm.reason.txt")).exists();
        assertThat(home.resolve("outbox/nested.dcm")).doesNotExist();

        DicomFiles.writeAtomically(instance("CT", "1.2.3.7.1.3"), inbox.resolve("after.dcm"));
        await(() -> Files.exists(home.resolve("archive/after.dcm")), 30);
        assertThat(home.resolve("outbox/after.dcm")).exists();
    }

    /** Writes until the disk is full. */
    private static void fill(Path file) {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (java.io.IOException expected) {
            // No space left on device
        }
    }
}
