package org.dicomdeid.camel.dicom;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The C-STORE SCU against Orthanc and dcmtk's storescp, all on 127.0.0.1. */
@Tag("peers")
class DicomProducerTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;
    static OrthancPeer orthanc;
    static CamelContext camel;
    static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        orthanc = new OrthancPeer(tmp.resolve("orthanc"), "ORTHANC").start();
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() throws Exception {
        camel.stop();
        orthanc.close();
    }

    String orthancUri(String options) {
        return "dicom:ORTHANC@127.0.0.1:" + orthanc.dicomPort + "?callingAeTitle=DEID" + options;
    }

    @Test
    void everyInstanceArrivesAndAssociationsAreReused() throws Exception {
        String uri = orthancUri("&idleTimeout=10000");
        List<Path> ct = Peers.instances(tmp.resolve("ct"), 4, "CT_small.dcm");
        List<Path> mr = Peers.instances(tmp.resolve("mr"), 4, "MR_small.dcm");
        List<Path> moreCt = Peers.instances(tmp.resolve("ct2"), 3, "CT_small.dcm");
        for (Path f : ct) {
            template.sendBody(uri, f.toFile());
        }
        for (Path f : mr) {
            template.sendBody(uri, f);
        }
        for (Path f : moreCt) {
            template.sendBody(uri, Files.readAllBytes(f));
        }
        List<Path> all = new ArrayList<>(ct);
        all.addAll(mr);
        all.addAll(moreCt);
        for (Path f : all) {
            assertThat(orthanc.has(Peers.sopInstanceUid(f))).as(f.toString()).isTrue();
        }
        // One association for CT, a second one proposing CT and MR, reused for the last CTs.
        assertThat(endpoint(uri).getAssociationsOpened()).isEqualTo(2);
    }

    @Test
    void aBatchBodyIsSentOnOneAssociation() throws Exception {
        String uri = orthancUri("&idleTimeout=0");
        List<Path> files = Peers.instances(tmp.resolve("batch"), 6, "MR_small.dcm");
        List<File> body = files.stream().map(Path::toFile).toList();
        Object count = template.requestBody(uri, body, Object.class);
        assertThat(count).isNotNull();
        for (Path f : files) {
            assertThat(orthanc.has(Peers.sopInstanceUid(f))).isTrue();
        }
        assertThat(endpoint(uri).getAssociationsOpened()).isEqualTo(1);
    }

    @Test
    void aWrongCalledAeIsRefusedWithAnException() {
        String uri = "dicom:NOBODY@127.0.0.1:" + orthanc.dicomPort + "?callingAeTitle=DEID";
        Path file = Peers.TEST_FILES.resolve("CT_small.dcm");
        assertThatThrownBy(() -> template.sendBody(uri, file.toFile()))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(DicomStoreException.class).hasMessageContaining("refused");
    }

    @Test
    void anUnreachablePeerRaises() throws Exception {
        String uri = "dicom:NOBODY@127.0.0.1:" + Peers.freePort();
        assertThatThrownBy(() -> template.sendBody(uri, Peers.TEST_FILES.resolve("CT_small.dcm").toFile()))
                .cause().isInstanceOf(DicomStoreException.class).hasMessageContaining("cannot connect");
    }

    /** storescp accepts only uncompressed syntaxes by default: RLE and JPEG are decompressed. */
    @Test
    void compressedInstancesAreDecompressedWhenThePeerRefusesTheirSyntax() throws Exception {
        int port = Peers.freePort();
        Path out = tmp.resolve("storescp-out");
        Files.createDirectories(out);
        Process scp = Peers.start(List.of("storescp", "-aet", "STORESCP", "-od", out.toString(), String.valueOf(port)),
                tmp.resolve("storescp.log"));
        try {
            Peers.awaitPort(port, 10_000);
            String uri = "dicom:STORESCP@127.0.0.1:" + port;
            template.sendBody(uri, Peers.TEST_FILES.resolve("MR_small_RLE.dcm").toFile());
            template.sendBody(uri, Peers.TEST_FILES.resolve("SC_rgb_jpeg_dcmtk.dcm").toFile());
            template.sendBody(uri, Peers.TEST_FILES.resolve("image_dfl.dcm").toFile());
            List<Path> stored;
            try (Stream<Path> s = Files.list(out)) {
                stored = s.toList();
            }
            assertThat(stored).hasSize(3);
            for (Path f : stored) {
                Peers.Result dump = Peers.run(List.of("dcmdump", "-q", "+P", "0002,0010", f.toString()), 20);
                assertThat(dump.output()).containsAnyOf("=LittleEndianExplicit", "=LittleEndianImplicit");
            }
            String strict = uri + "?convertWhenRefused=false";
            assertThatThrownBy(() -> template.sendBody(strict, Peers.TEST_FILES.resolve("MR_small_RLE.dcm").toFile()))
                    .cause().isInstanceOf(DicomStoreException.class).hasMessageContaining("no presentation context");
        } finally {
            Peers.stop(scp);
        }
    }

    /** storescp answers 0xA700 (out of resources) when it cannot write the instance. */
    @Test
    void aFailureStatusRaisesWithTheStatus() throws Exception {
        int port = Peers.freePort();
        Path out = tmp.resolve("storescp-broken");
        Files.createDirectories(out);
        Process scp = Peers.start(List.of("storescp", "-aet", "STORESCP", "-od", out.toString(), String.valueOf(port)),
                tmp.resolve("storescp-broken.log"));
        try {
            Peers.awaitPort(port, 10_000);
            Files.delete(out);
            Files.writeString(out, "not a folder");
            String uri = "dicom:STORESCP@127.0.0.1:" + port;
            assertThatThrownBy(() -> template.sendBody(uri, Peers.TEST_FILES.resolve("CT_small.dcm").toFile()))
                    .cause().isInstanceOfSatisfying(DicomStoreException.class,
                            e -> assertThat(e.status()).isNotEqualTo(DicomStoreException.NO_STATUS).isNotZero());
        } finally {
            Peers.stop(scp);
        }
    }

    static DicomEndpoint endpoint(String uri) {
        return camel.getEndpoint(uri, DicomEndpoint.class);
    }
}
