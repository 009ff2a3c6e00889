package org.dicomdeid.camel.dicomweb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.dicomdeid.camel.AnonymiserProcessor;
import org.dicomdeid.camel.dicom.OrthancPeer;
import org.dicomdeid.camel.dicom.Peers;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.dicom.BigMultiFrame;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.pipeline.Anonymiser;
import org.dicomdeid.policy.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * STOW-RS to a real Orthanc with its DICOMweb plugin, HTTP Basic authentication on, on
 * 127.0.0.1: de-identified instances arrive byte for byte, a big multi-frame instance is streamed,
 * a refused instance and refused credentials are permanent failures, a server that is down a
 * transient one.
 */
@Tag("peers")
class StowProducerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;
    static OrthancPeer orthanc;
    static CamelContext camel;
    static ProducerTemplate template;
    static Path passwordFile;

    @BeforeAll
    static void start() throws Exception {
        orthanc = new OrthancPeer(tmp.resolve("orthanc"), "ORTHANC", new OrthancPeer.Web(true, "deid", "stow-test-pw")).start();
        passwordFile = tmp.resolve("pacs.password");
        Files.writeString(passwordFile, "stow-test-pw\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Path wrongPassword = tmp.resolve("wrong.password");
        Files.writeString(wrongPassword, "not-the-password\n");
        Files.setPosixFilePermissions(wrongPassword, PosixFilePermissions.fromString("rw-------"));
        Path secret = tmp.resolve("keys/pseudonym.secret");
        Files.createDirectories(secret.getParent());
        Files.writeString(secret, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        String stow = "dicomweb:" + orthanc.dicomWebUrl() + "?username=deid&passwordFile=" + passwordFile;
        int closedPort = Peers.freePort();
        camel = new DefaultCamelContext();
        AnonymiserProcessor anonymiser = new AnonymiserProcessor();
        anonymiser.setSecretFile(secret.toString());
        camel.getRegistry().bind("anonymiser", anonymiser);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:stow").to(stow);
                from("direct:anonymise-and-stow").process("anonymiser").to(stow);
                from("direct:wrong-password").to("dicomweb:" + orthanc.dicomWebUrl() + "?username=deid&passwordFile=" + wrongPassword);
                from("direct:down").to("dicomweb:http://127.0.0.1:" + closedPort + "/dicom-web?connectTimeout=2000");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        orthanc.close();
    }

    /** SOP Instance UID → file size, of every instance Orthanc holds. */
    static Map<String, Long> stored() throws Exception {
        Map<String, Long> result = new HashMap<>();
        for (JsonNode id : JSON.readTree(orthanc.get("/instances"))) {
            JsonNode instance = JSON.readTree(orthanc.get("/instances/" + id.asText()));
            result.put(instance.path("MainDicomTags").path("SOPInstanceUID").asText(), instance.path("FileSize").asLong());
        }
        return result;
    }

    static List<Path> deidentified(Path dir, List<Path> originals) throws Exception {
        Anonymiser anonymiser = new Anonymiser(PolicyLoader.load(null, List.of(), List.of()), ProjectSecret.of(new byte[32]));
        List<Path> out = new ArrayList<>();
        Files.createDirectories(dir);
        for (Path f : originals) {
            DicomObject o = DicomFiles.read(f);
            anonymiser.anonymise(o);
            Path target = dir.resolve(f.getFileName());
            DicomFiles.writeAtomically(o, target);
            out.add(target);
        }
        return out;
    }

    @Test
    void deidentifiedInstancesArriveWhole() throws Exception {
        List<Path> files = deidentified(tmp.resolve("deid"), Peers.instances(tmp.resolve("in"), 3, "CT_small.dcm"));
        // one request for the batch
        template.sendBody("direct:stow", files);
        Map<String, Long> stored = stored();
        for (Path f : files) {
            String uid = DicomFiles.read(f).sopInstanceUID();
            assertThat(stored).as("stored in Orthanc").containsEntry(uid, Files.size(f));
        }
        // and one instance straight from the anonymiser (a DicomObject body)
        Path original = Peers.instances(tmp.resolve("in2"), 1, "MR_small.dcm").get(0);
        Object result = template.requestBody("direct:anonymise-and-stow", original.toFile());
        String deidUid = ((DicomObject) result).sopInstanceUID();
        assertThat(deidUid).isNotEqualTo(Peers.sopInstanceUid(original));
        assertThat(orthanc.has(deidUid)).isTrue();
        assertThat(orthanc.has(Peers.sopInstanceUid(original))).isFalse();
    }

    @Test
    void aBigMultiFrameInstanceIsStreamed() throws Exception {
        Path big = BigMultiFrame.write(tmp.resolve("big.dcm"), 160, 512, 512); // 80 MiB of pixels
        List<Path> deid = deidentified(tmp.resolve("big-deid"), List.of(big));
        template.sendBody("direct:stow", deid.get(0).toFile());
        assertThat(stored()).containsEntry(DicomFiles.read(deid.get(0)).sopInstanceUID(), Files.size(deid.get(0)));
    }

    @Test
    void aRefusedInstanceIsAPermanentFailureNamingIt() throws Exception {
        Path file = deidentified(tmp.resolve("refused"), Peers.instances(tmp.resolve("in3"), 1, "CT_small.dcm")).get(0);
        String uid = DicomFiles.read(file).sopInstanceUID();
        orthanc.reject(uid);
        assertThatThrownBy(() -> template.sendBody("direct:stow", file))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(DicomWebPermanentException.class).hasMessageContaining(uid);
        assertThat(orthanc.has(uid)).isFalse();
    }

    @Test
    void wrongCredentialsArePermanent() throws Exception {
        Path file = deidentified(tmp.resolve("creds"), Peers.instances(tmp.resolve("in4"), 1, "CT_small.dcm")).get(0);
        assertThatThrownBy(() -> template.sendBody("direct:wrong-password", file))
                .cause().isInstanceOf(DicomWebPermanentException.class).hasMessageContaining("401")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aServerThatIsDownIsTransient() throws Exception {
        Path file = deidentified(tmp.resolve("down"), Peers.instances(tmp.resolve("in5"), 1, "CT_small.dcm")).get(0);
        assertThatThrownBy(() -> template.sendBody("direct:down", file))
                .cause().isInstanceOf(DicomWebTransientException.class);
    }
}
