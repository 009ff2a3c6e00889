package org.dicomdeid.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.testing.ContentSamples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A YAML route (src/test/resources/routes/content-routing.yaml) that routes on the CamelDicom*
 * headers with {@code simple}: {@code filter} drops secondary captures before the anonymiser,
 * {@code choice} sorts the rest by modality and image type, outputs are named by the
 * de-identified SOP Instance UID header.
 */
class ContentRoutingTest {
    @TempDir
    Path home;
    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void filtersSecondaryCapturesOutAndSortsTheRestOnTheirHeaders() throws Exception {
        context = new DefaultCamelContext();
        Properties props = new Properties();
        props.setProperty("deid.home", home.toString());
        context.getPropertiesComponent().setInitialProperties(props);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "classpath:routes/content-routing.yaml"));
        context.start();
        NotifyBuilder five = new NotifyBuilder(context).whenDone(5).create();

        Path inbox = home.resolve("inbox");
        DicomFiles.writeAtomically(ContentSamples.ct(1), inbox.resolve("ct.dcm"));
        DicomFiles.writeAtomically(ContentSamples.secondaryCapture(2), inbox.resolve("sc.dcm"));
        DicomFiles.writeAtomically(ContentSamples.multiFrameSecondaryCapture(3), inbox.resolve("sc-multiframe.dcm"));
        DicomFiles.writeAtomically(ContentSamples.mr(4), inbox.resolve("mr.dcm"));
        DicomFiles.writeAtomically(ContentSamples.screenSave(5), inbox.resolve("screen.dcm"));

        assertThat(five.matches(60, TimeUnit.SECONDS)).isTrue();
        List<Path> ct = files(home.resolve("outbox/ct"));
        List<Path> other = files(home.resolve("outbox/other"));
        assertThat(ct).hasSize(1);
        DicomObject out = DicomFiles.read(ct.get(0));
        assertThat(ct.get(0).getFileName().toString()).isEqualTo(out.sopInstanceUID() + ".dcm").startsWith("2.25.");
        assertThat(out.dataset().get(com.pixelmed.dicom.TagFromName.Modality).getSingleStringValueOrEmptyString())
                .isEqualTo("CT");
        assertThat(other).hasSize(2); // the MR and the screen save (CT, but not PRIMARY)
        for (Path p : other) {
            assertThat(DicomFiles.read(p).sopClassUID()).isIn(ContentSamples.MR_IMAGE, "1.2.840.10008.5.1.4.1.1.2");
        }
    }

    private static List<Path> files(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
