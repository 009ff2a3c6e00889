package org.dicomdeid.camel.dicom;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.dicomdeid.dicom.DicomFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The C-STORE / C-ECHO SCP against dcmtk's storescu and echoscu on 127.0.0.1. */
class DicomConsumerTest {
    @TempDir
    static Path tmp;
    static CamelContext camel;
    static int port;
    static Path spool;
    static final Set<String> receivedUids = ConcurrentHashMap.newKeySet();
    static final List<String> callingAes = java.util.Collections.synchronizedList(new ArrayList<>());
    static volatile CountDownLatch gate = new CountDownLatch(0);
    static volatile boolean failProcessing;

    @BeforeAll
    static void startReceiver() throws Exception {
        port = Peers.freePort();
        spool = tmp.resolve("spool");
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("dicom:DEID?host=127.0.0.1&port=" + port + "&spool=" + spool
                        + "&allowedCallingAeTitles=STORESCU,ECHOSCU&concurrentConsumers=2")
                        .routeId("receiver")
                        .process(exchange -> {
                            gate.await(30, TimeUnit.SECONDS);
                            if (failProcessing) {
                                throw new IllegalStateException("simulated downstream failure");
                            }
                            File body = exchange.getIn().getBody(File.class);
                            receivedUids.add(DicomFiles.read(body.toPath()).sopInstanceUID());
                            callingAes.add(exchange.getIn().getHeader(DicomConstants.CALLING_AE_TITLE, String.class));
                        });
            }
        });
        camel.start();
    }

    @AfterAll
    static void stopReceiver() {
        camel.stop();
    }

    @BeforeEach
    void reset() {
        receivedUids.clear();
        callingAes.clear();
        gate = new CountDownLatch(0);
        failProcessing = false;
    }

    @Test
    void storescuSendsTenInstancesOnOneAssociation() throws Exception {
        List<Path> files = Peers.instances(tmp.resolve("ten"), 10, "CT_small.dcm");
        Peers.Result r = Peers.run(Peers.storescu("STORESCU", "DEID", port, files), 60);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(Peers.count(r.output(), "Received Store Response (Success)")).isEqualTo(10);
        awaitSpoolEmpty();
        assertThat(receivedUids).containsExactlyInAnyOrderElementsOf(uids(files));
        assertThat(callingAes).containsOnly("STORESCU");
    }

    @Test
    void fourAssociationsAtOnce() throws Exception {
        List<Process> senders = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            List<Path> files = Peers.instances(tmp.resolve("parallel" + i), 5, i % 2 == 0 ? "MR_small.dcm" : "CT_small.dcm");
            expected.addAll(uids(files));
            senders.add(Peers.start(Peers.storescu("STORESCU", "DEID", port, files), tmp.resolve("storescu" + i + ".log")));
        }
        for (Process p : senders) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        awaitSpoolEmpty();
        assertThat(receivedUids).hasSize(20).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void echoscuIsAnswered() throws Exception {
        Peers.Result r = Peers.run(List.of("echoscu", "-v", "-aet", "ECHOSCU", "-aec", "DEID", Peers.LOCALHOST,
                String.valueOf(port)), 30);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Received Echo Response (Success)");
    }

    @Test
    void callingAeNotOnTheAllowListIsRejected() throws Exception {
        List<Path> files = Peers.instances(tmp.resolve("intruder"), 1, "CT_small.dcm");
        Peers.Result r = Peers.run(Peers.storescu("INTRUDER", "DEID", port, files), 30);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("Association Rejected").contains("Calling AE Title Not Recognized");
        Peers.Result echo = Peers.run(List.of("echoscu", "-aet", "INTRUDER", "-aec", "DEID", Peers.LOCALHOST,
                String.valueOf(port)), 30);
        assertThat(echo.exitCode()).isNotZero();
        Thread.sleep(200);
        assertThat(receivedUids).isEmpty();
        assertThat(spooled()).isEmpty();
    }

    @Test
    void wrongCalledAeIsRejected() throws Exception {
        Peers.Result r = Peers.run(List.of("echoscu", "-aet", "ECHOSCU", "-aec", "SOMEONE", Peers.LOCALHOST,
                String.valueOf(port)), 30);
        assertThat(r.exitCode()).isNotZero();
    }

    /**
     * The acknowledgement comes after the instance is on disk, not after it is processed:
     * while processing is held back, storescu has all its success responses and every
     * instance is already a complete, parsable file in the spool.
     */
    @Test
    void instancesAreInTheSpoolBeforeTheSenderSeesSuccess() throws Exception {
        gate = new CountDownLatch(1);
        List<Path> files = Peers.instances(tmp.resolve("durable"), 6, "MR_small.dcm");
        Peers.Result r = Peers.run(Peers.storescu("STORESCU", "DEID", port, files), 60);
        try {
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(Peers.count(r.output(), "Received Store Response (Success)")).isEqualTo(6);
            assertThat(receivedUids).isEmpty();
            List<Path> spooled = spooled();
            assertThat(spooled).hasSize(6);
            Set<String> spooledUids = new HashSet<>();
            for (Path p : spooled) {
                spooledUids.add(Peers.sopInstanceUid(p));
            }
            assertThat(spooledUids).containsExactlyInAnyOrderElementsOf(uids(files));
        } finally {
            gate.countDown();
        }
        awaitSpoolEmpty();
        assertThat(receivedUids).containsExactlyInAnyOrderElementsOf(uids(files));
    }

    /** A crash or failure after the acknowledgement loses nothing: the next start resubmits. */
    @Test
    void failedExchangesStayInTheSpoolAndAreResubmittedOnRestart() throws Exception {
        failProcessing = true;
        List<Path> files = Peers.instances(tmp.resolve("retry"), 5, "CT_small.dcm");
        Peers.Result r = Peers.run(Peers.storescu("STORESCU", "DEID", port, files), 60);
        assertThat(r.exitCode()).as(r.output()).isZero();
        DicomConsumer consumer = (DicomConsumer) camel.getRoute("receiver").getConsumer();
        long deadline = System.currentTimeMillis() + 20_000;
        while (consumer.getFailedCount() < 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(spooled()).hasSize(5);
        assertThat(receivedUids).isEmpty();

        camel.getRouteController().stopRoute("receiver");
        failProcessing = false;
        camel.getRouteController().startRoute("receiver");
        awaitSpoolEmpty();
        assertThat(receivedUids).containsExactlyInAnyOrderElementsOf(uids(files));
    }

    static List<String> uids(List<Path> files) throws Exception {
        List<String> uids = new ArrayList<>();
        for (Path f : files) {
            uids.add(Peers.sopInstanceUid(f));
        }
        return uids;
    }

    static List<Path> spooled() throws Exception {
        try (Stream<Path> s = Files.list(spool)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".dcm")).toList();
        }
    }

    static void awaitSpoolEmpty() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!spooled().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(spooled()).isEmpty();
        Thread.sleep(50);
    }
}
