package org.dicomdeid.camel.dicom;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.dicomdeid.dicom.DicomFiles;
import org.junit.jupiter.api.Tag;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The C-STORE / C-ECHO SCP against dcmtk's storescu and echoscu on 127.0.0.1. */
@Tag("peers")
class DicomConsumerTest {
    @TempDir
    static Path tmp;
    static CamelContext camel;
    static int port;
    static Path spool;
    static Path quarantine;
    static final Set<String> receivedUids = ConcurrentHashMap.newKeySet();
    static final List<String> callingAes = java.util.Collections.synchronizedList(new ArrayList<>());
    static volatile CountDownLatch gate = new CountDownLatch(0);
    static volatile boolean failProcessing;
    /** SOP Instance UIDs whose processing throws this (a test route's poison). */
    static final Map<String, Throwable> poison = new ConcurrentHashMap<>();

    @BeforeAll
    static void startReceiver() throws Exception {
        port = Peers.freePort();
        spool = tmp.resolve("spool");
        quarantine = tmp.resolve("quarantine");
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("dicom:DEID?host=127.0.0.1&port=" + port + "&spool=" + spool + "&quarantine=" + quarantine
                        + "&allowedCallingAeTitles=STORESCU,ECHOSCU&concurrentConsumers=2&retryDelay=300")
                        .routeId("receiver")
                        .process(exchange -> {
                            gate.await(30, TimeUnit.SECONDS);
                            if (failProcessing) {
                                throw new java.io.IOException("simulated downstream failure (disk full)");
                            }
                            File body = exchange.getIn().getBody(File.class);
                            String uid = DicomFiles.read(body.toPath()).sopInstanceUID();
                            Throwable t = poison.get(uid);
                            if (t instanceof Error e) {
                                throw e;
                            } else if (t instanceof RuntimeException e) {
                                throw e;
                            }
                            receivedUids.add(uid);
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
        poison.clear();
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

    /**
     * A failure of the environment after the acknowledgement loses nothing: the instance stays in
     * the spool, is tried again after retryDelay without a restart, and at the next start.
     */
    @Test
    void environmentFailuresStayInTheSpoolAndAreRetried() throws Exception {
        failProcessing = true;
        int quarantinedBefore = quarantined().size();
        List<Path> files = Peers.instances(tmp.resolve("retry"), 5, "CT_small.dcm");
        Peers.Result r = Peers.run(Peers.storescu("STORESCU", "DEID", port, files), 60);
        assertThat(r.exitCode()).as(r.output()).isZero();
        DicomConsumer consumer = (DicomConsumer) camel.getRoute("receiver").getConsumer();
        long failedBefore = consumer.getFailedCount();
        long deadline = System.currentTimeMillis() + 20_000;
        while (consumer.getFailedCount() < failedBefore + 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(spooled()).hasSize(5);
        assertThat(receivedUids).isEmpty();
        assertThat(quarantined()).hasSize(quarantinedBefore);

        failProcessing = false; // the disk has room again: no restart needed
        awaitSpoolEmpty();
        assertThat(receivedUids).containsExactlyInAnyOrderElementsOf(uids(files));

        failProcessing = true;
        files = Peers.instances(tmp.resolve("restart"), 3, "CT_small.dcm");
        r = Peers.run(Peers.storescu("STORESCU", "DEID", port, files), 60);
        assertThat(r.exitCode()).as(r.output()).isZero();
        camel.getRouteController().stopRoute("receiver");
        assertThat(spooled()).hasSize(3);
        failProcessing = false;
        camel.getRouteController().startRoute("receiver");
        awaitSpoolEmpty();
        assertThat(receivedUids).containsAll(uids(files));
    }

    /**
     * An instance whose processing throws because of the instance itself (a StackOverflowError
     * from deep nesting, any RuntimeException) was acknowledged, so it must not vanish nor stay
     * in the spool: it goes to quarantine with a reason, and the workers keep serving.
     */
    @Test
    void poisonInstancesAreQuarantinedWithAReasonAndTheWorkersKeepServing() throws Exception {
        List<Path> files = Peers.instances(tmp.resolve("poison"), 6, "MR_small.dcm");
        List<String> uids = uids(files);
        poison.put(uids.get(0), new StackOverflowError());
        poison.put(uids.get(1), new StackOverflowError());
        poison.put(uids.get(2), new IllegalArgumentException("bad value"));
        long before = quarantined().size();
        Peers.Result r = Peers.run(Peers.storescu("STORESCU", "DEID", port, files), 60);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(Peers.count(r.output(), "Received Store Response (Success)")).isEqualTo(6);
        awaitSpoolEmpty();
        assertThat(receivedUids).containsExactlyInAnyOrderElementsOf(uids.subList(3, 6));
        List<Path> q = quarantined();
        assertThat(q).hasSize((int) before + 3);
        Set<String> quarantinedUids = new HashSet<>();
        List<String> reasons = new ArrayList<>();
        for (Path p : q) {
            quarantinedUids.add(Peers.sopInstanceUid(p));
            reasons.add(Files.readString(p.resolveSibling(p.getFileName() + ".reason.txt")).strip());
        }
        assertThat(quarantinedUids).containsAll(uids.subList(0, 3));
        assertThat(reasons).contains("processing failed (StackOverflowError)", "processing failed (IllegalArgumentException)")
                .noneMatch(reason -> reason.contains("bad value"));

        // Still serving, on the same two workers.
        List<Path> more = Peers.instances(tmp.resolve("after-poison"), 4, "CT_small.dcm");
        r = Peers.run(Peers.storescu("STORESCU", "DEID", port, more), 60);
        assertThat(r.exitCode()).as(r.output()).isZero();
        awaitSpoolEmpty();
        assertThat(receivedUids).containsAll(uids(more));
    }

    static List<Path> quarantined() throws Exception {
        if (!Files.isDirectory(quarantine)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(quarantine)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".dcm")).toList();
        }
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
