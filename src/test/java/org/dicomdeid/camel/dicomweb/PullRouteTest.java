package org.dicomdeid.camel.dicomweb;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.dicomdeid.camel.dicom.OrthancPeer;
import org.dicomdeid.camel.dicom.Peers;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.camel.TransferAssertions;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.pipeline.Anonymiser;
import org.dicomdeid.policy.PolicyLoader;
import org.dicomdeid.testing.Canary;
import org.dicomdeid.testing.CanaryCorpus;
import org.dicomdeid.testing.LeakReport;
import org.dicomdeid.testing.LeakScanner;
import org.dicomdeid.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/dicomweb-pull.yaml as shipped, against a real Orthanc with its DICOMweb plugin and HTTP
 * Basic authentication: the studies of the accession list, and only those, arrive de-identified
 * in the outbox; nothing is pulled twice, by later polls or after a restart of the Camel context;
 * the record of pulled studies, the outbox and the logs hold no canary.
 */
@Tag("peers")
class PullRouteTest {
    static final String SECRET = "8899aabbccddeeff00112233445566778899aabbccddeeff0011223344556677";
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    @RegisterExtension
    final LogCapture logs = new LogCapture();
    private CamelContext camel;
    private OrthancPeer orthanc;

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (orthanc != null) {
            orthanc.close();
        }
    }

    /** Copies of a pydicom test file made into one study with this accession number. */
    static List<Path> study(Path dir, int n, String testFile, String accession) throws Exception {
        List<Path> files = Peers.instances(dir, n, testFile);
        String studyUid = "2.25." + new java.math.BigInteger(1, java.security.SecureRandom.getSeed(16));
        for (Path f : files) {
            DicomObject o = DicomFiles.read(f);
            AttributeList list = o.dataset();
            list.replace(TagFromName.StudyInstanceUID, studyUid);
            list.replace(TagFromName.AccessionNumber, accession);
            DicomFiles.writeAtomically(o, f);
        }
        return files;
    }

    @Test
    void pullsExactlyTheListedStudiesOnceDeidentified() throws Exception {
        orthanc = new OrthancPeer(tmp.resolve("orthanc"), "ORTHANC", new OrthancPeer.Web(true, "deid", "pull-test-pw")).start();
        List<Path> a = study(tmp.resolve("studies/a"), 2, "CT_small.dcm", "ACCPULLA");
        List<Path> b = study(tmp.resolve("studies/b"), 1, "MR_small.dcm", "ACCPULLB");
        List<Path> c = study(tmp.resolve("studies/c"), 2, "CT_small.dcm", "ACCPULLC");
        CanaryCorpus corpus = CanaryCorpus.write(tmp.resolve("canary"),
                new CanaryCorpus.Options(new CanaryCorpus.Shape(1, 1, 1, 2), 11, false));
        String canaryAccession = Attribute.getSingleStringValueOrEmptyString(
                DicomFiles.read(corpus.files().get(0)).dataset(), TagFromName.AccessionNumber).trim();
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        all.addAll(corpus.files());
        for (Path f : all) {
            orthanc.upload(f);
        }
        Path accessions = tmp.resolve("accessions.txt");
        Files.writeString(accessions, "# studies to pull\nACCPULLA\n\nACCPULLB\n" + canaryAccession + "\n");

        Path home = tmp.resolve("home");
        Path outbox = home.resolve("outbox");
        camel = startShippedRoute(home, accessions);
        List<Path> wanted = new ArrayList<>(a);
        wanted.addAll(b);
        wanted.addAll(corpus.files());
        await(() -> visibleFiles(outbox).size() >= wanted.size(), wanted.size() + " instances in the outbox");
        long pollsSoFar = consumer().getPolls();
        await(() -> consumer().getPolls() >= pollsSoFar + 2, "two more polls");
        assertThat(sopInstanceUids(outbox)).as("exactly the listed studies, de-identified")
                .isEqualTo(deidentifiedUids(wanted));
        assertThat(consumer().getStudiesPulled()).isEqualTo(3);

        Path record = home.resolve("state/dicomweb-pulled.txt");
        List<String> lines = Files.readAllLines(record);
        assertThat(lines).hasSize(3).allMatch(l -> l.matches("[0-9a-f]{64}"));
        for (Path f : all) {
            String studyUid = DicomFiles.read(f).dataset().get(TagFromName.StudyInstanceUID).getSingleStringValueOrEmptyString();
            assertThat(Files.readString(record)).doesNotContain(studyUid);
        }

        // a restart pulls nothing again
        camel.stop();
        camel = startShippedRoute(home, accessions);
        await(() -> consumer().getPolls() >= 2, "two polls after the restart");
        assertThat(consumer().getStudiesPulled()).isZero();
        assertThat(visibleFiles(outbox)).hasSize(wanted.size());

        // the list is read at every poll: a study added later is pulled
        Files.writeString(accessions, "ACCPULLC\n", java.nio.file.StandardOpenOption.APPEND);
        await(() -> visibleFiles(outbox).size() == wanted.size() + c.size(), "the added study in the outbox");
        assertThat(Files.readAllLines(record)).hasSize(4);

        LeakScanner scanner = LeakScanner.forCorpus(corpus);
        LeakReport report = scanner.scan(record).merge(scanner.scan(outbox)).merge(scanner.scan(home.resolve("spool")))
                // the debug log is full of random numbers (temporary folders, UIDs): a 4-character age
                // such as 125M turns up there by chance, so ages are left out of the log scan only
                .merge(scanner.scanText("log", logs.text()).withoutKinds(Canary.Kind.AGE));
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(visibleFiles(home.resolve("quarantine"))).isEmpty();
        assertThat(visibleFiles(home.resolve("spool/dicomweb-pulled"))).isEmpty();
    }

    private CamelContext startShippedRoute(Path home, Path accessions) throws Exception {
        Path secret = home.resolve("keys/pseudonym.secret");
        if (!Files.exists(secret)) {
            Files.createDirectories(secret.getParent());
            Files.writeString(secret, SECRET + "\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
        Path password = tmp.resolve("pacs.password");
        Files.writeString(password, "pull-test-pw\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Properties p = pullSettings(orthanc, accessions, password);
        p.setProperty("deid.home", home.toString());
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(p);
        org.dicomdeid.camel.FolderRouteTest.loadShipped(context, "dicomweb-pull.yaml"); // with the delivery stage
        context.start();
        return context;
    }

    /** The pull route on, against this Orthanc as user "deid", polling every 300 ms. */
    static Properties pullSettings(OrthancPeer source, Path accessions, Path passwordFile) {
        Properties p = new Properties();
        p.setProperty("deid.dicomweb.pull.enabled", "true");
        p.setProperty("deid.dicomweb.pull.url", source.dicomWebUrl());
        p.setProperty("deid.dicomweb.pull.accessionList", accessions.toString());
        p.setProperty("deid.dicomweb.pull.username", "deid");
        p.setProperty("deid.dicomweb.pull.passwordFile", passwordFile.toString());
        p.setProperty("deid.dicomweb.pull.delay", "300");
        return p;
    }

    private DicomWebConsumer consumer() {
        return (DicomWebConsumer) camel.getRoute("dicomweb-pull").getConsumer();
    }

    /** What the anonymiser makes of these files' SOP Instance UIDs with the route's secret. */
    static Set<String> deidentifiedUids(List<Path> originals) throws Exception {
        Anonymiser anonymiser = new Anonymiser(PolicyLoader.load(null, List.of(), List.of()),
                ProjectSecret.of(HexFormat.of().parseHex(SECRET)));
        Set<String> uids = new HashSet<>();
        for (Path f : originals) {
            DicomObject o = DicomFiles.read(f);
            anonymiser.anonymise(o);
            uids.add(o.sopInstanceUID());
        }
        return uids;
    }

    private static Set<String> sopInstanceUids(Path folder) throws Exception {
        Set<String> uids = new HashSet<>();
        for (Path f : visibleFiles(folder)) {
            DicomObject o = DicomFiles.read(f);
            assertThat(Attribute.getSingleStringValueOrEmptyString(o.dataset(), TagFromName.PatientIdentityRemoved))
                    .isEqualTo("YES");
            uids.add(o.sopInstanceUID());
        }
        return uids;
    }

    /** Files a consumer would see, as paths ({@link TransferAssertions#visibleFiles}: files renamed meanwhile are skipped). */
    static List<Path> visibleFiles(Path folder) {
        try {
            return TransferAssertions.visibleFiles(folder).stream().map(folder::resolve).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void await(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
