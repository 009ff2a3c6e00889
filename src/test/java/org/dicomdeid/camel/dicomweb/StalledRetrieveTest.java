package org.dicomdeid.camel.dicomweb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.dicomdeid.deid.TestInstances;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DICOMweb server (the JDK's, on 127.0.0.1) that sends half of a study's multipart body and then
 * stalls: the consumer gives the retrieval up after readTimeout without a byte, records nothing
 * and spools nothing, and pulls the study whole at a later poll once the server answers fully.
 */
class StalledRetrieveTest {
    private static final int READ_TIMEOUT_MS = 1500;
    private static final String STUDY = "1.2.826.0.1.3680043.2.1125.77";
    private static final String BOUNDARY = "deid-test-boundary";

    /** What the server does: stall once in the middle of the body, then find nothing, then answer fully. */
    private enum Phase { STALL, NOTHING, FULL }

    @TempDir
    Path home;
    @RegisterExtension
    final LogCapture logs = new LogCapture();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STALL);
    private final AtomicLong stalledAt = new AtomicLong();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private byte[] first;
    private byte[] second;
    private HttpServer server;
    private ExecutorService handlers;
    private CamelContext camel;

    @AfterEach
    void stop() {
        release.countDown();
        if (camel != null) {
            camel.stop();
        }
        if (server != null) {
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    @Test
    void aBodyThatStallsIsGivenUpAfterTheReadTimeoutAndPulledWholeLater() throws Exception {
        first = DicomFiles.encode(TestInstances.ct("P1", "DOE^JANE", STUDY, STUDY + ".1", STUDY + ".1.1"));
        second = DicomFiles.encode(TestInstances.ct("P1", "DOE^JANE", STUDY, STUDY + ".1", STUDY + ".1.2"));
        startServer();
        startRoute();
        DicomWebConsumer consumer = (DicomWebConsumer) camel.getRoute("pull").getConsumer();

        await(() -> stalledAt.get() != 0, "the server to stall in the middle of the body", 60_000);
        await(() -> consumer.getPolls() >= 1, "the stalled pull to be given up", READ_TIMEOUT_MS + 20_000);
        long failedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalledAt.get());
        assertThat(failedAfterMs).as("given up after readTimeout without a byte, not before")
                .isGreaterThanOrEqualTo(READ_TIMEOUT_MS - 100);
        await(() -> consumer.getPolls() >= 2, "a poll finding nothing", 60_000);

        assertThat(consumer.getStudiesPulled()).isZero();
        assertThat(received).isEmpty();
        Path record = home.resolve("state/pulled.txt");
        assertThat(!Files.exists(record) || Files.readString(record).isEmpty()).as("nothing recorded").isTrue();
        assertThat(new PullSpool(home.resolve("spool")).pending()).as("no study in the spool").isEmpty();
        assertThat(PullRouteTest.visibleFiles(home.resolve("spool"))).as("no partial instance left").isEmpty();
        assertThat(logs.text()).contains("it will be tried again at the next poll")
                .contains("the server sent nothing for " + READ_TIMEOUT_MS + " ms");

        phase.set(Phase.FULL);
        await(() -> received.size() == 2, "the study pulled whole", 60_000);
        await(() -> consumer.getStudiesPulled() == 1, "the study counted", 60_000);
        assertThat(received).anySatisfy(b -> assertThat(b).isEqualTo(first))
                .anySatisfy(b -> assertThat(b).isEqualTo(second));
        assertThat(Files.readAllLines(record)).containsExactly(sha256(STUDY));
    }

    private void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();  // a stalled answer must not hold the next request
        server.setExecutor(handlers);
        server.createContext("/dicom-web/studies", this::answer);
        server.start();
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/dicom-web/studies")) {
                byte[] json = (phase.get() == Phase.NOTHING ? "[]"
                        : "[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"" + STUDY + "\"]}}]").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/dicom+json");
                ex.sendResponseHeaders(200, json.length);
                ex.getResponseBody().write(json);
                return;
            }
            byte[] body = multipart(first, second);
            ex.getResponseHeaders().set("Content-Type",
                    "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY);
            ex.sendResponseHeaders(200, 0);  // chunked
            OutputStream out = ex.getResponseBody();
            if (phase.compareAndSet(Phase.STALL, Phase.NOTHING)) {
                out.write(body, 0, first.length / 2 + 200);
                out.flush();
                stalledAt.set(System.nanoTime());
                release.await(120, TimeUnit.SECONDS);  // the test's end
                return;
            }
            out.write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up on this answer
        }
    }

    private static byte[] multipart(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private void startRoute() throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("hash", KeyedHash.class, (KeyedHash) StalledRetrieveTest::sha256);
        String uri = "dicomweb:http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web"
                + "?qido.PatientID=P1&readTimeout=" + READ_TIMEOUT_MS + "&delay=200&keyedHash=#hash"
                + "&spool=" + home.resolve("spool") + "&quarantine=" + home.resolve("quarantine")
                + "&pulledRecord=" + home.resolve("state/pulled.txt");
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("pull").process(e -> received.add(Files.readAllBytes(e.getIn().getBody(File.class).toPath())));
            }
        });
        camel.start();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what, long millis) throws InterruptedException {
        for (long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis); !condition.getAsBoolean(); ) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
