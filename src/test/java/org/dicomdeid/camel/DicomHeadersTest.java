package org.dicomdeid.camel;

import com.pixelmed.dicom.TagFromName;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.dicomdeid.camel.dicom.DicomConstants;
import org.dicomdeid.deid.TestInstances;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.testing.CanaryCorpus;
import org.dicomdeid.testing.ContentSamples;
import org.dicomdeid.testing.LeakReport;
import org.dicomdeid.testing.LeakScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The CamelDicom* content headers: what they carry, from every kind of body, cheaply, and never PHI. */
class DicomHeadersTest {
    @TempDir
    Path dir;
    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private Map<String, Object> headersOf(Object body) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(body);
        new DicomHeaders().process(exchange);
        return new TreeMap<>(exchange.getIn().getHeaders());
    }

    @Test
    void theCanaryCorpusGivesItsKindAndNoCanaryInAnyHeaderThroughTheBeanAndTheAnonymiser() throws Exception {
        CanaryCorpus corpus = CanaryCorpus.write(dir.resolve("corpus"));
        Path secret = dir.resolve("pseudonym.secret");
        AnonymiserProcessor anonymiser = new AnonymiserProcessor();
        anonymiser.setSecretFile(secret.toString());
        LeakScanner scanner = LeakScanner.forCorpus(corpus);
        LeakReport report = null;
        for (Path file : corpus.files()) {
            Map<String, Object> fromFile = headersOf(file.toFile());
            assertThat(fromFile).containsEntry(DicomConstants.SOP_CLASS_UID, "1.2.840.10008.5.1.4.1.1.2")
                    .containsEntry(DicomConstants.MODALITY, "CT")
                    .containsEntry(DicomConstants.IMAGE_TYPE, "ORIGINAL\\PRIMARY\\AXIAL")
                    .containsEntry(DicomConstants.TRANSFER_SYNTAX_UID, CanaryCorpus.TRANSFER_SYNTAX);
            assertThat(headersOf(Files.readAllBytes(file))).isEqualTo(fromFile);
            assertThat(headersOf(new ByteArrayInputStream(Files.readAllBytes(file)))).isEqualTo(fromFile);

            Exchange exchange = new DefaultExchange(camel);
            exchange.getIn().setBody(file.toFile());
            anonymiser.process(exchange);
            Map<String, Object> afterAnonymiser = new TreeMap<>(exchange.getIn().getHeaders());
            assertThat(afterAnonymiser).containsAllEntriesOf(fromFile)
                    .containsKey(DicomConstants.DEIDENTIFIED_SOP_INSTANCE_UID);
            LeakReport here = scanner.scanText("headers of " + corpus.relative(file),
                    fromFile + " " + afterAnonymiser);
            report = report == null ? here : report.merge(here);
        }
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    @Test
    void aFileIsReadOnlyUpToBurnedInAnnotation() throws Exception {
        DicomObject ct = ContentSamples.ct(1);
        // the last attribute, after (0028,0301)
        TestInstances.put(ct.dataset(), TagFromName.WindowCenterWidthExplanation, "SOFT TISSUE WINDOW");
        Path file = dir.resolve("ct.dcm");
        DicomFiles.writeAtomically(ct, file);
        byte[] whole = Files.readAllBytes(file);
        byte[] cut = Arrays.copyOf(whole, whole.length - 3); // truncated inside the last attribute
        Map<String, Object> headers = headersOf(cut);
        assertThat(headers).containsEntry(DicomConstants.MODALITY, "CT")
                .containsEntry(DicomConstants.MANUFACTURER, "ACME Imaging")
                .containsEntry(DicomConstants.MANUFACTURER_MODEL_NAME, "Scanner 3000")
                .containsEntry(DicomConstants.BURNED_IN_ANNOTATION, "NO");
        assertThat(headersOf(Arrays.copyOf(whole, 200))).as("cut inside the header: none").isEmpty();
    }

    @Test
    void numbersAreIntegersAndValuesWithoutTheirSyntaxAreLeftOut() throws Exception {
        DicomObject sc = ContentSamples.multiFrameSecondaryCapture(1);
        TestInstances.put(sc.dataset(), TagFromName.Modality, "Dr Who"); // not a code string
        TestInstances.put(sc.dataset(), TagFromName.SOPClassUID, "1.2.x"); // not a UID
        Map<String, Object> headers = headersOf(sc);
        assertThat(headers).containsEntry(DicomConstants.NUMBER_OF_FRAMES, 3)
                .doesNotContainKeys(DicomConstants.MODALITY, DicomConstants.SOP_CLASS_UID);
    }
}
