package org.dicomdeid.camel;

import com.pixelmed.dicom.TagFromName;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.deid.TestInstances;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped routes/folder-anonymiser.yaml, loaded as an operator would, with a bad file in the stream. */
public class FolderRouteTest {
    @TempDir
    Path home;
    private CamelContext context;

    static CamelContext startRoute(String routeFile, Path home, Properties extra) throws Exception {
        CamelContext context = loadRoute(routeFile, home, extra);
        context.start();
        return context;
    }

    /** The shipped route loaded as deid run loads it, not started yet (so a test can add to the context). */
    public static CamelContext loadRoute(String routeFile, Path home, Properties extra) throws Exception {
        CamelContext context = new DefaultCamelContext();
        // as deid run does (RunCommand binds it; camel-main installs registry interceptors)
        context.getCamelContextExtension().addInterceptStrategy(new ErrorGuard());
        Properties props = new Properties();
        props.setProperty("deid.home", home.toString());
        props.putAll(extra);
        context.getPropertiesComponent().setInitialProperties(props);
        loadShipped(context, routeFile);
        return context;
    }

    /** A shipped route file and, as {@code deid run} adds it, the delivery stage every intake hands over to. */
    public static void loadShipped(CamelContext context, String routeFile) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "file:routes/" + routeFile));
        if (!routeFile.equals("delivery.yaml")
                && java.nio.file.Files.readString(Path.of("routes", routeFile)).contains("uri: direct:deliver\n")) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveResource(context, "file:routes/delivery.yaml"));
        }
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void anonymisesArchivesAndQuarantinesWithAReason() throws Exception {
        Path inbox = home.resolve("inbox");
        Properties settings = new Properties();
        settings.setProperty("deid.archive.after", "true");
        context = startRoute("folder-anonymiser.yaml", home, settings);
        NotifyBuilder three = new NotifyBuilder(context).whenDone(3).create();

        DicomObject a = TestInstances.ct("P1", "DOE^JANE", "1.2.3.9", "1.2.3.9.1", "1.2.3.9.1.1");
        DicomObject b = TestInstances.ct("P1", "DOE^JANE", "1.2.3.9", "1.2.3.9.1", "1.2.3.9.1.2");
        DicomFiles.writeAtomically(a, inbox.resolve("site/a.dcm"));
        Files.writeString(inbox.resolve("site/broken.dcm"), "DICM? no");
        DicomFiles.writeAtomically(b, inbox.resolve("site/b.dcm"));

        assertThat(three.matches(30, TimeUnit.SECONDS)).isTrue();
        DicomObject outA = DicomFiles.read(home.resolve("outbox/site/a.dcm"));
        DicomObject outB = DicomFiles.read(home.resolve("outbox/site/b.dcm"));
        assertThat(TestInstances.value(outA.dataset(), TagFromName.PatientName)).startsWith("ANON-");
        assertThat(TestInstances.value(outA.dataset(), TagFromName.StudyInstanceUID))
                .isEqualTo(TestInstances.value(outB.dataset(), TagFromName.StudyInstanceUID))
                .isNotEqualTo("1.2.3.9");
        assertThat(home.resolve("archive/site/a.dcm")).exists();
        assertThat(home.resolve("archive/site/b.dcm")).exists();
        assertThat(home.resolve("quarantine/site/broken.dcm")).exists();
        assertThat(Files.readString(home.resolve("quarantine/site/broken.dcm.reason.txt"))).contains("DICOM");
        assertThat(inbox.resolve("site/a.dcm")).doesNotExist();
        // archive before (the original, byte for byte) and after (what was released)
        assertThat(home.resolve("archive-deidentified/site/a.dcm")).hasSameBinaryContentAs(home.resolve("outbox/site/a.dcm"));
        assertThat(home.resolve("archive-deidentified/site/broken.dcm")).doesNotExist();
        assertThat(home.resolve("outbox/site/broken.dcm")).doesNotExist();
    }
}
