package org.dicomdeid.camel.dicom;

import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.PresentationContext;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.dicomdeid.dicom.DicomFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peers that misbehave, all at once and all from 127.0.0.1 like the sender that behaves: silent
 * connections (more than there are association slots, re-opened as soon as they are closed),
 * garbage bytes, a PDU declaring 4 GB before and after association, association requests cut
 * short, complete requests followed by silence. Meanwhile an allow-listed dcmtk storescu keeps
 * storing: every one of its C-STOREs succeeds, every instance it got Success for is in the
 * output, the server closes what misbehaves within its timeouts, and it stops in seconds.
 */
@Tag("peers")
class HostilePeersTest {
    private static final int REQUEST_TIMEOUT_MS = 2000;
    private static final int IDLE_TIMEOUT_MS = 3000;

    @TempDir
    Path tmp;
    CamelContext camel;
    int port;
    Path output;
    final AtomicBoolean attacking = new AtomicBoolean(true);
    final List<Thread> attackers = new ArrayList<>();
    final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger closedByServer = new AtomicInteger();
    final List<String> attackFailures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        port = Peers.freePort();
        output = tmp.resolve("out");
        Files.createDirectories(output);
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // The attackers share 127.0.0.1 with the sender that behaves. Four of them hold real
                // associations, and reconnecting the moment the server closes one they can briefly hold
                // two each: the per-address limit leaves room for the sender above that (with the
                // default of 8, a loaded machine saw storescu refused with "Local Limit Exceeded").
                from("dicom:DEID?host=127.0.0.1&port=" + port + "&spool=" + tmp.resolve("spool")
                        + "&quarantine=" + tmp.resolve("quarantine") + "&allowedCallingAeTitles=STORESCU,ECHOSCU"
                        + "&maxAssociations=32&maxAssociationsPerHost=16"
                        + "&associationRequestTimeout=" + REQUEST_TIMEOUT_MS + "&associationTimeout=" + IDLE_TIMEOUT_MS)
                        .routeId("receiver")
                        .process(exchange -> {
                            Path f = exchange.getIn().getBody(File.class).toPath();
                            String uid = DicomFiles.read(f).sopInstanceUID();
                            Files.copy(f, output.resolve(uid + ".dcm"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        });
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        attacking.set(false);
        for (Thread t : attackers) {
            t.interrupt();
            t.join(5000);
        }
        for (Socket s : sockets) {
            s.close();
        }
        if (camel.isStarted()) {
            camel.stop();
        }
    }

    @Test
    void allowListedSenderKeepsStoringWhileOthersMisbehave() throws Exception {
        for (int i = 0; i < 24; i++) {
            attack("silent-" + i, this::silentConnection);
        }
        attack("garbage", this::garbage);
        attack("huge-request", () -> hugePdu(false));
        attack("huge-pdata", () -> hugePdu(true));
        attack("request-cut-short", this::requestCutShort);
        attack("unknown-ae-then-silence", () -> requestThenSilence("INTRUDER"));
        for (int i = 0; i < 3; i++) {
            attack("allowed-ae-then-silence-" + i, () -> requestThenSilence("STORESCU"));
        }
        Thread.sleep(500); // let every attack be under way

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 4; round++) {
            List<Path> files = Peers.instances(tmp.resolve("in" + round), 8, round % 2 == 0 ? "CT_small.dcm" : "MR_small.dcm");
            Peers.Result r = Peers.run(Peers.storescu("STORESCU", "DEID", port, files), 60);
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(Peers.count(r.output(), "Received Store Response (Success)")).as(r.output()).isEqualTo(8);
            acknowledged.addAll(DicomConsumerTest.uids(files));
            Thread.sleep(700); // spread the rounds over the request and idle timeouts
        }
        assertThat(closedByServer.get()).as("connections the server closed while under attack").isGreaterThan(24);
        awaitOutput(acknowledged);

        // The attack ends: within the timeouts every slot is free again, and the server still serves.
        attacking.set(false);
        for (Thread t : attackers) {
            t.interrupt();
            t.join(IDLE_TIMEOUT_MS + 3000);
            assertThat(t.isAlive()).as(t.getName() + " ended: the server closed its connection").isFalse();
        }
        assertThat(attackFailures).isEmpty();
        DicomConsumer consumer = (DicomConsumer) camel.getRoute("receiver").getConsumer();
        Peers.Result echo = Peers.run(List.of("echoscu", "-aet", "ECHOSCU", "-aec", "DEID", Peers.LOCALHOST,
                String.valueOf(port)), 30);
        assertThat(echo.exitCode()).as(echo.output()).isZero();
        List<Path> last = Peers.instances(tmp.resolve("after"), 4, "CT_small.dcm");
        Peers.Result r = Peers.run(Peers.storescu("STORESCU", "DEID", port, last), 60);
        assertThat(r.exitCode()).as(r.output()).isZero();
        acknowledged.addAll(DicomConsumerTest.uids(last));
        awaitOutput(acknowledged);
        assertThat(consumer.getQuarantinedCount()).isZero();

        // Shutdown does not hang, even with connections open.
        silentConnection(false);
        long t0 = System.nanoTime();
        camel.stop();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to stop").isLessThan(5000);
    }

    private interface Attack {
        void once() throws Exception;
    }

    /** Runs one kind of misbehaviour again and again until the test ends. */
    private void attack(String name, Attack attack) {
        Thread t = new Thread(() -> {
            while (attacking.get()) {
                try {
                    attack.once();
                } catch (AssertionError e) {
                    attackFailures.add(name + ": " + e.getMessage());
                } catch (Exception e) {
                    if (!attacking.get()) {
                        return;
                    }
                }
            }
        }, name);
        t.setDaemon(true);
        attackers.add(t);
        t.start();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(Peers.LOCALHOST, port);
        sockets.add(s);
        return s;
    }

    private void silentConnection() throws Exception {
        silentConnection(true);
    }

    /** Connects, says nothing, and waits for the server to close the connection. */
    private void silentConnection(boolean wait) throws Exception {
        Socket s = connect();
        if (wait) {
            awaitClosedByServer(s, REQUEST_TIMEOUT_MS + 2000);
        }
    }

    private void garbage() throws Exception {
        try (Socket s = connect()) {
            byte[] junk = new byte[2048];
            new Random().nextBytes(junk);
            junk[0] = 0x07; // not a PDU type
            s.getOutputStream().write(junk);
            awaitClosedByServer(s, 2000);
        }
    }

    /** A PDU declaring 0xFFFFFFF0 bytes, as the first PDU or after a proper association. */
    private void hugePdu(boolean afterAssociation) throws Exception {
        byte[] header = {afterAssociation ? (byte) 0x04 : (byte) 0x01, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0};
        if (!afterAssociation) {
            try (Socket s = connect()) {
                s.getOutputStream().write(header);
                awaitClosedByServer(s, 2000);
            }
            return;
        }
        Association a = associate("STORESCU");
        Socket s = socketOf(a);
        sockets.add(s);
        try (s) {
            s.getOutputStream().write(header);
            s.getOutputStream().write(new byte[64 * 1024]);
            awaitClosedByServer(s, 2000);
        }
    }

    /** An A-ASSOCIATE-RQ header declaring 200 bytes, 20 of them sent, then silence. */
    private void requestCutShort() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0x01, 0, 0, 0, 0, (byte) 200, 0, 1, 0, 0});
            out.write("DEID            ".getBytes(StandardCharsets.US_ASCII), 0, 10);
            awaitClosedByServer(s, REQUEST_TIMEOUT_MS + 2000);
        }
    }

    /** A complete association request, then nothing: refused at once, or closed after the idle timeout. */
    private void requestThenSilence(String callingAe) throws Exception {
        try {
            Association a = associate(callingAe);
            Socket s = socketOf(a);
            sockets.add(s);
            awaitClosedByServer(s, IDLE_TIMEOUT_MS + 2000);
        } catch (com.pixelmed.network.DicomNetworkException rejected) {
            closedByServer.incrementAndGet();
            Thread.sleep(50);
        }
    }

    private Association associate(String callingAe) throws Exception {
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        contexts.add(new PresentationContext((byte) 1, "1.2.840.10008.1.1", "1.2.840.10008.1.2"));
        return AssociationFactory.createNewAssociation(Peers.LOCALHOST, port, "DEID", callingAe, contexts, null, false);
    }

    private static Socket socketOf(Association a) throws Exception {
        Field f = Association.class.getDeclaredField("socket");
        f.setAccessible(true);
        return (Socket) f.get(a);
    }

    /** Waits for end of stream (or a reset) from the server; fails the attack if it stays open. */
    private void awaitClosedByServer(Socket s, int withinMillis) throws Exception {
        s.setSoTimeout(withinMillis);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // an A-ASSOCIATE-RJ or A-ABORT may come first
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server left a misbehaving connection open for " + withinMillis + " ms");
        } catch (IOException reset) {
            // closed by the server
        }
        closedByServer.incrementAndGet();
        sockets.remove(s);
        s.close();
    }

    private void awaitOutput(Set<String> acknowledged) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Set<String> out = outputUids();
            if (out.containsAll(acknowledged)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(outputUids()).containsAll(acknowledged);
    }

    private Set<String> outputUids() throws IOException {
        Set<String> uids = ConcurrentHashMap.newKeySet();
        try (var files = Files.list(output)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dcm"))
                    .forEach(n -> uids.add(n.substring(0, n.length() - 4)));
        }
        return uids;
    }
}
