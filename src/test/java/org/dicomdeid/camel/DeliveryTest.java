package org.dicomdeid.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.dicomdeid.deid.TestInstances;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.testing.CanaryCorpus;
import org.dicomdeid.testing.LeakReport;
import org.dicomdeid.testing.LeakScanner;
import org.dicomdeid.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.camel.TransferAssertions.allFiles;
import static org.dicomdeid.camel.TransferAssertions.await;
import static org.dicomdeid.camel.TransferAssertions.visibleFiles;

/**
 * The delivery stage (routes/delivery.yaml) behind the shipped folder route: a destination that is
 * down never quarantines a good input nor holds back the others, its instances wait in its own
 * spool and arrive once it is back, and after deid.deliver.giveUpAfter they become dead letters
 * whose reasons name the destination, never the patient.
 */
class DeliveryTest {
    private static final int FILES = 6;

    @TempDir
    Path home;
    @RegisterExtension
    final LogCapture logs = new LogCapture();
    private CamelContext context;
    /** SOP Instance UID -> deliveries, as seen by a destination that is always up. */
    private final Map<String, Integer> copies = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private void start(Properties settings) throws Exception {
        settings.setProperty("deid.deliver.redeliveries", "1");
        settings.setProperty("deid.deliver.redeliveryDelay", "50");
        settings.setProperty("deid.deliver.retryDelay", "300");
        context = FolderRouteTest.startRoute("folder-anonymiser.yaml", home, settings);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:counted").process(e -> copies.merge(
                        e.getIn().getMandatoryBody(DicomObject.class).sopInstanceUID(), 1, Integer::sum));
            }
        });
    }

    /** Every line of the audit log written under the home so far. */
    private String auditText() throws java.io.IOException {
        Path audit = home.resolve("audit");
        if (!Files.isDirectory(audit)) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(audit)) {
            for (Path f : files.sorted().toList()) {
                text.append(Files.readString(f));
            }
        }
        return text.toString();
    }

    private void drop(int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            DicomObject o = TestInstances.ct("P5", "DOE^JANE", "1.2.3.5", "1.2.3.5.1", "1.2.3.5.1." + i);
            DicomFiles.writeAtomically(o, home.resolve("inbox/series/img" + i + ".dcm"));
        }
    }

    @Test
    void aFolderDestinationThatIsDownHoldsItsInstancesAndGetsThemOnceItIsBack() throws Exception {
        // Camel's file producer under a plain file: every write fails (a GenericFileOperationFailedException,
        // which before the delivery stage sent the good input to quarantine)
        Path blocked = home.resolve("blocked");
        Files.writeString(blocked, "a file where a folder should be");
        String down = "file:" + blocked.resolve("copy") + "?tempPrefix=.";
        Path copies2 = home.resolve("copy-up");
        Properties settings = new Properties();
        settings.setProperty("deid.deliver.to", "direct:outbox," + down + ",direct:counted,file:" + copies2);
        start(settings);
        // Camel's file producer forces nothing: the delivery stage forces each file it produced
        Set<Path> forced = ConcurrentHashMap.newKeySet();
        context.getRegistry().lookupByNameAndType("delivery", DeliveryPlan.class)
                .setForcing(file -> forced.add(file.toAbsolutePath().normalize()));
        drop(FILES);

        Path spool = home.resolve("spool/outgoing").resolve(Destination.of(down).id());
        await(() -> visibleFiles(spool).size() == FILES && visibleFiles(home.resolve("archive")).size() == FILES, 60);
        assertThat(allFiles(home.resolve("quarantine"))).as("a destination down is not the input's fault").isEmpty();
        assertThat(visibleFiles(home.resolve("inbox"))).isEmpty();
        // the others were not held back, and got each instance once
        assertThat(visibleFiles(home.resolve("outbox/series"))).hasSize(FILES);
        assertThat(copies).hasSize(FILES).allSatisfy((uid, n) -> assertThat(n).isOne());
        assertThat(visibleFiles(spool)).allMatch(n -> n.startsWith("series/img"));
        assertThat(forced).containsExactlyInAnyOrderElementsOf(visibleFiles(copies2.resolve("series")).stream()
                .map(n -> copies2.resolve("series").resolve(n).toAbsolutePath().normalize()).toList());
        // the audit says where each copy waits, not that it went there
        String held = "\"held:" + Destination.of(down).shown() + "\"";
        await(() -> auditText().split(java.util.regex.Pattern.quote(held), -1).length - 1 == FILES, 30);
        assertThat(auditText()).doesNotContain("\"folder:" + spool.getFileName() + "\"");

        Files.delete(blocked);
        await(() -> visibleFiles(blocked.resolve("copy/series")).size() == FILES && visibleFiles(spool).isEmpty(), 60);
        for (String name : visibleFiles(blocked.resolve("copy/series"))) {
            assertThat(Files.mismatch(blocked.resolve("copy/series").resolve(name), home.resolve("outbox/series").resolve(name)))
                    .as(name).isEqualTo(-1);
        }
        assertThat(copies).hasSize(FILES).allSatisfy((uid, n) -> assertThat(n).isOne());
        assertThat(forced).as("the retried deliveries were forced too").hasSize(2 * FILES)
                .containsAll(visibleFiles(blocked.resolve("copy/series")).stream()
                        .map(n -> blocked.resolve("copy/series").resolve(n).toAbsolutePath().normalize()).toList());
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
        assertThat(allFiles(home.resolve("dead-letter"))).isEmpty();
        assertThat(allFiles(home.resolve("spool/outgoing"))).as("no temporary file left").isEmpty();
    }

    @Test
    void aDestinationThatStaysDownGetsDeadLettersNamingItAndNoPatientAfterTheLimit() throws Exception {
        CanaryCorpus corpus = CanaryCorpus.write(home.resolve("corpus"), CanaryCorpus.Options.DEFAULT.withoutCommandGroup());
        int port = closedPort();
        String pacs = "dicom:NOBODY@127.0.0.1:" + port + "?callingAeTitle=DEID";
        Properties settings = new Properties();
        settings.setProperty("deid.deliver.to", pacs + ",direct:counted");
        settings.setProperty("deid.deliver.giveUpAfter", "2s");
        start(settings);
        for (Path f : corpus.files()) {
            Path target = home.resolve("inbox").resolve(corpus.root().relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.copy(f, home.resolve("inbox/.tmp"));
            Files.move(home.resolve("inbox/.tmp"), target);
        }
        int n = corpus.files().size();

        String id = "dicom-NOBODY-127.0.0.1-" + port;
        Path dead = home.resolve("dead-letter").resolve(id);
        await(() -> visibleFiles(dead).stream().filter(f -> !f.endsWith(".reason.txt")).count() == n, 60);
        assertThat(visibleFiles(home.resolve("spool/outgoing/" + id))).isEmpty();
        assertThat(allFiles(home.resolve("quarantine"))).isEmpty();
        assertThat(visibleFiles(home.resolve("archive"))).hasSize(n);
        assertThat(copies).as("the other destination got everything once").hasSize(n).allSatisfy((uid, c) -> assertThat(c).isOne());
        List<String> reasons = visibleFiles(dead).stream().filter(f -> f.endsWith(".reason.txt")).toList();
        assertThat(reasons).hasSize(n);
        for (String r : reasons) {
            assertThat(Files.readString(dead.resolve(r)))
                    .contains("not delivered to dicom:NOBODY@127.0.0.1:" + port, "deid.deliver.giveUpAfter", "last failure")
                    .doesNotContain("callingAeTitle");
        }
        // the dead letters are de-identified instances; reasons, names and logs carry no canary
        LeakScanner scanner = LeakScanner.forCorpus(corpus);
        LeakReport report = scanner.scan(home.resolve("dead-letter")).merge(scanner.scanText("log", logs.text()));
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(logs.text()).contains("dicom:NOBODY@127.0.0.1:" + port + ": gave up an instance");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
