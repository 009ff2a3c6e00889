package org.dicomdeid.camel.dicomweb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.dicomdeid.camel.FolderRouteTest;
import org.dicomdeid.camel.dicom.OrthancPeer;
import org.dicomdeid.camel.dicom.Peers;
import org.dicomdeid.dicom.DicomFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.camel.TransferAssertions.allFiles;
import static org.dicomdeid.camel.TransferAssertions.await;
import static org.dicomdeid.camel.TransferAssertions.visibleFiles;

/**
 * The delivery stage (routes/delivery.yaml) with a destination that is down, then up, on the
 * DICOMweb side of issue #12: a {@code dicomweb:} STOW-RS destination (Orthanc with its DICOMweb
 * plugin) behind the folder intake, and the DICOMweb pull intake (QIDO-RS/WADO-RS from one
 * Orthanc) delivering to a {@code dicom:} destination (a second Orthanc). While the destination
 * is down nothing is quarantined, the intake releases its inputs and the instances wait in the
 * destination's outgoing spool; once it is up every instance arrives exactly once (counted by
 * Orthanc's Lua filter, duplicates included) and the spool empties.
 */
@Tag("peers")
class DicomWebDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FILES = 4;
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void aStowDestinationDownThenUpBehindTheFolderIntakeGetsEverythingOnce() throws Exception {
        Path home = tmp.resolve("home");
        // ports chosen, not started: the destination is down
        OrthancPeer pacs = new OrthancPeer(tmp.resolve("pacs"), "PACS", new OrthancPeer.Web(true, null, null));
        running.add(pacs);
        Properties p = delivery("dicomweb:" + pacs.dicomWebUrl() + "?connectTimeout=2000");
        p.setProperty("deid.archive.after", "false");
        CamelContext camel = FolderRouteTest.loadRoute("folder-anonymiser.yaml", home, p);
        running.add(camel::stop);
        camel.start();
        List<Path> originals = Peers.instances(tmp.resolve("in"), FILES, "CT_small.dcm");
        for (Path f : originals) {
            DicomFiles.writeAtomically(DicomFiles.read(f), home.resolve("inbox/site/" + f.getFileName()));
        }

        Path spool = home.resolve("spool/outgoing");
        await(() -> visibleFiles(spool).size() == FILES && visibleFiles(home.resolve("inbox")).isEmpty(), 120);
        assertThat(visibleFiles(home.resolve("archive/site"))).as("the inputs released").hasSize(FILES);
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
        Set<String> spooled = spooledUids(spool);
        assertThat(spooled).hasSize(FILES).allSatisfy(uid -> assertThat(uid).startsWith("2.25."));
        for (Path f : originals) {
            assertThat(spooled).doesNotContain(Peers.sopInstanceUid(f));
        }

        pacs.start();
        await(() -> visibleFiles(spool).isEmpty(), 120);
        assertThat(storedUids(pacs)).as("every instance, de-identified, in Orthanc").isEqualTo(spooled);
        assertDeliveredOnce(pacs, spooled);
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
        assertThat(allFiles(home.resolve("dead-letter"))).isEmpty();
    }

    @Test
    void thePullIntakeDeliversEverythingOnceWhenTheDestinationComesBack() throws Exception {
        Path home = tmp.resolve("home");
        OrthancPeer source = new OrthancPeer(tmp.resolve("source"), "SOURCE", new OrthancPeer.Web(true, "deid", "pull-pw")).start();
        running.add(source);
        List<Path> study = PullRouteTest.study(tmp.resolve("study"), FILES, "CT_small.dcm", "ACCDELIVER");
        for (Path f : study) {
            source.upload(f);
        }
        Path accessions = tmp.resolve("accessions.txt");
        Files.writeString(accessions, "ACCDELIVER\n");
        Path password = secretFile(tmp.resolve("pull.password"), "pull-pw");
        secretFile(home.resolve("keys/pseudonym.secret"), PullRouteTest.SECRET);
        // a DICOM destination, not started: down
        OrthancPeer pacs = new OrthancPeer(tmp.resolve("pacs"), "PACS", OrthancPeer.Web.NONE);
        running.add(pacs);
        Properties p = PullRouteTest.pullSettings(source, accessions, password);
        p.putAll(delivery("dicom:PACS@127.0.0.1:" + pacs.dicomPort + "?callingAeTitle=DEID&idleTimeout=500"));
        CamelContext camel = FolderRouteTest.loadRoute("dicomweb-pull.yaml", home, p);
        running.add(camel::stop);
        camel.start();

        Path spool = home.resolve("spool/outgoing/dicom-PACS-127.0.0.1-" + pacs.dicomPort);
        await(() -> visibleFiles(spool).size() == FILES && visibleFiles(home.resolve("spool/dicomweb-pulled")).isEmpty(), 120);
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
        assertThat(Files.readAllLines(home.resolve("state/dicomweb-pulled.txt"))).as("the study recorded as pulled").hasSize(1);
        Set<String> expected = PullRouteTest.deidentifiedUids(study);
        assertThat(spooledUids(spool)).isEqualTo(expected);

        pacs.start();
        await(() -> visibleFiles(spool).isEmpty(), 120);
        assertThat(storedUids(pacs)).isEqualTo(expected);
        assertDeliveredOnce(pacs, expected);
        DicomWebConsumer consumer = (DicomWebConsumer) camel.getRoute("dicomweb-pull").getConsumer();
        assertThat(consumer.getStudiesPulled()).as("pulled once").isEqualTo(1);
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
        assertThat(allFiles(home.resolve("dead-letter"))).isEmpty();
    }

    /** Only this destination, with short delays so the outage is over quickly. */
    private static Properties delivery(String to) {
        Properties p = new Properties();
        p.setProperty("deid.deliver.to", to);
        p.setProperty("deid.deliver.redeliveries", "1");
        p.setProperty("deid.deliver.redeliveryDelay", "100");
        p.setProperty("deid.deliver.retryDelay", "500");
        return p;
    }

    /** Orthanc's Lua log: every store it received, duplicates included; a second pass of the retry route would show here. */
    private static void assertDeliveredOnce(OrthancPeer pacs, Set<String> uids) throws Exception {
        Thread.sleep(2_000); // several passes of the retry route (retryDelay 500 ms) would have repeated a store by now
        List<String> received = pacs.receivedLog();
        assertThat(received).as("each instance received once").doesNotHaveDuplicates();
        assertThat(new HashSet<>(received)).isEqualTo(uids);
    }

    private static Set<String> spooledUids(Path spool) throws Exception {
        Set<String> uids = new HashSet<>();
        for (String name : visibleFiles(spool)) {
            uids.add(DicomFiles.read(spool.resolve(name)).sopInstanceUID());
        }
        return uids;
    }

    /** The SOP Instance UIDs Orthanc holds, from its REST API. */
    private static Set<String> storedUids(OrthancPeer orthanc) throws Exception {
        Set<String> uids = new HashSet<>();
        for (JsonNode id : JSON.readTree(orthanc.get("/instances"))) {
            uids.add(JSON.readTree(orthanc.get("/instances/" + id.asText())).path("MainDicomTags").path("SOPInstanceUID").asText());
        }
        return uids;
    }

    private static Path secretFile(Path file, String value) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
