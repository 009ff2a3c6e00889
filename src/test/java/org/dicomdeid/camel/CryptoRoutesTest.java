package org.dicomdeid.camel;

import com.pixelmed.dicom.AttributeList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.dicomdeid.crypto.RecipientKeys;
import org.dicomdeid.crypto.Reidentifier;
import org.dicomdeid.crypto.TestDatasets;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The processors as YAML routes use them, and the key holders' folder route itself. */
class CryptoRoutesTest {
    @TempDir
    static Path dir;
    private static RecipientKeys keys;
    private static Path cert;
    private CamelContext context;

    @BeforeAll
    static void keys() throws Exception {
        keys = RecipientKeys.generate("route-test", 2);
        cert = dir.resolve("route-test-cert.pem");
        keys.writeCertificatePem(cert);
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private CamelContext start(Properties properties, String name, String yaml) throws Exception {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString(name, yaml));
        context.start();
        return context;
    }

    private static final String ENCRYPT_ROUTE = """
            - beans:
                - name: encryptOriginals
                  type: org.dicomdeid.camel.EncryptProcessor
                  properties:
                    recipients: "{{test.cert}}"
                    cipher: aes128
                    keyTransport: oaep
            - route:
                from:
                  uri: direct:encrypt
                  steps:
                    - process:
                        ref: encryptOriginals
            """;

    @Test
    void encryptProcessorAddsTheSequenceAfterAnAnonymiser() throws Exception {
        Properties p = new Properties();
        p.setProperty("test.cert", cert.toString());
        ProducerTemplate template = start(p, "encrypt.yaml", ENCRYPT_ROUTE).createProducerTemplate();
        DicomObject object = TestDatasets.original();
        byte[] before = TestDatasets.encodeDataSet(object.dataset());
        AttributeList originals = TestDatasets.deidentify(object);

        Exchange done = template.send("direct:encrypt", ex -> {
            ex.setProperty(DeidExchange.ORIGINALS, originals);
            ex.getMessage().setBody(object);
        });

        assertThat(done.getException()).isNull();
        DicomObject out = done.getMessage().getBody(DicomObject.class);
        new Reidentifier(keys.privateKey()).restore(out);
        assertThat(TestDatasets.encodeDataSet(out.dataset())).isEqualTo(before);
    }

    @Test
    void theRealAnonymiserFollowedByEncryptionRestoresToTheOriginal() throws Exception {
        Properties p = new Properties();
        p.setProperty("test.cert", cert.toString());
        p.setProperty("test.secret", dir.resolve("pseudonym.secret").toString());
        String yaml = """
                - beans:
                    - name: anonymiser
                      type: org.dicomdeid.camel.AnonymiserProcessor
                      properties:
                        secretFile: "{{test.secret}}"
                    - name: encryptOriginals
                      type: org.dicomdeid.camel.EncryptProcessor
                      properties:
                        recipients: "{{test.cert}}"
                - route:
                    from:
                      uri: direct:anonymise
                      steps:
                        - process:
                            ref: anonymiser
                        - process:
                            ref: encryptOriginals
                """;
        ProducerTemplate template = start(p, "anonymise.yaml", yaml).createProducerTemplate();
        DicomObject original = TestDatasets.original();
        byte[] before = TestDatasets.encodeDataSet(original.dataset());

        Exchange done = template.send("direct:anonymise", ex -> ex.getMessage().setBody(DicomFiles.encode(original)));

        assertThat(done.getException()).isNull();
        DicomObject out = DicomFiles.read(DicomFiles.encode(done.getMessage().getBody(DicomObject.class)));
        assertThat(TestDatasets.encodeDataSet(out.dataset())).isNotEqualTo(before);
        new Reidentifier(keys.privateKey()).restore(out);
        assertThat(TestDatasets.encodeDataSet(out.dataset())).isEqualTo(before);
    }

    @Test
    void encryptProcessorFailsClearlyWithoutOriginals() throws Exception {
        Properties p = new Properties();
        p.setProperty("test.cert", cert.toString());
        ProducerTemplate template = start(p, "encrypt.yaml", ENCRYPT_ROUTE).createProducerTemplate();
        DicomObject object = TestDatasets.original();
        Exchange done = template.send("direct:encrypt", ex -> ex.getMessage().setBody(object));
        assertThat(done.getException()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DeidOriginals");
    }

    @Test
    void reidentifyRouteRestoresInboxToOutboxAndQuarantinesFailures() throws Exception {
        Path p12 = dir.resolve("holder.p12");
        char[] password = "route password".toCharArray();
        keys.writePkcs12(p12, password);
        Path passwordFile = dir.resolve("holder.password");
        Files.writeString(passwordFile, new String(password) + "\n");
        Path inbox = dir.resolve("inbox");
        Path outbox = dir.resolve("outbox");
        Path quarantine = dir.resolve("quarantine");
        Properties p = new Properties();
        p.setProperty("deid.reidentify.enabled", "true");
        p.setProperty("deid.reidentify.key", p12.toString());
        p.setProperty("deid.reidentify.password-file", passwordFile.toString());
        p.setProperty("deid.reidentify.inbox", inbox.toString());
        p.setProperty("deid.reidentify.outbox", outbox.toString());
        p.setProperty("deid.reidentify.quarantine", quarantine.toString());
        start(p, "reidentify.yaml", Files.readString(Path.of("routes/reidentify.yaml")));

        DicomObject object = TestDatasets.original();
        byte[] before = TestDatasets.encodeDataSet(object.dataset());
        new org.dicomdeid.crypto.EncryptedAttributes(java.util.List.of(keys.certificate()))
                .addTo(object.dataset(), TestDatasets.deidentify(object));
        DicomFiles.writeAtomically(object, inbox.resolve("study/a.dcm"));
        DicomFiles.writeAtomically(TestDatasets.original(), inbox.resolve("plain.dcm"));

        Path restored = outbox.resolve("study/a.dcm");
        Path reason = quarantine.resolve("plain.dcm.reason.txt");
        long deadline = System.currentTimeMillis() + 20_000;
        while ((!Files.exists(restored) || !Files.exists(reason)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(TestDatasets.encodeDataSet(DicomFiles.read(restored).dataset())).isEqualTo(before);
        assertThat(Files.readString(reason)).contains("no Encrypted Attributes Sequence");
        assertThat(quarantine.resolve("plain.dcm")).exists();
        assertThat(inbox.resolve("study/a.dcm")).doesNotExist();
    }

    @Test
    void reidentifyRouteStaysStoppedUnlessEnabled() throws Exception {
        // an anonymising site runs every route but has no private key
        Properties p = new Properties();
        p.setProperty("deid.home", dir.resolve("site").toString());
        start(p, "reidentify.yaml", Files.readString(Path.of("routes/reidentify.yaml")));
        assertThat(context.getRouteController().getRouteStatus("reidentify-folder").isStopped()).isTrue();
    }
}
