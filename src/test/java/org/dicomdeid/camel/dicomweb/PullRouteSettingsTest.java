package org.dicomdeid.camel.dicomweb;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * routes/dicomweb-pull.yaml without a server: off by default (so `deid run` loads it everywhere),
 * and, when enabled, refused at start unless it knows where to pull from and what: never a whole
 * archive, never a wildcard accession.
 */
class PullRouteSettingsTest {
    @TempDir
    Path tmp;

    private CamelContext context(Map<String, String> settings) throws Exception {
        Properties p = new Properties();
        p.setProperty("deid.home", tmp.resolve("home").toString());
        settings.forEach(p::setProperty);
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(p);
        org.dicomdeid.camel.FolderRouteTest.loadShipped(context, "dicomweb-pull.yaml"); // with the delivery stage
        return context;
    }

    @Test
    void offUnlessEnabled() throws Exception {
        CamelContext camel = context(Map.of());
        camel.start();
        try {
            assertThat(camel.getRouteController().getRouteStatus("dicomweb-pull")).isEqualTo(ServiceStatus.Stopped);
        } finally {
            camel.stop();
        }
    }

    @Test
    void enabledItNeedsAUrlAndAQuery() throws Exception {
        CamelContext noUrl = context(Map.of("deid.dicomweb.pull.enabled", "true"));
        assertThatThrownBy(noUrl::start).hasStackTraceContaining("base URL is required");
        noUrl.stop();
        CamelContext noQuery = context(Map.of("deid.dicomweb.pull.enabled", "true",
                "deid.dicomweb.pull.url", "http://127.0.0.1:9/dicom-web"));
        assertThatThrownBy(noQuery::start).hasStackTraceContaining("never pulls a whole archive");
        noQuery.stop();
    }

    @Test
    void anAccessionListLineWithAWildcardIsRefused() throws Exception {
        Path list = tmp.resolve("accessions.txt");
        Files.writeString(list, "A1\n# comment\n\nA2*\n");
        QidoQuery query = new QidoQuery(Map.of(), list.toString(), 10);
        assertThatThrownBy(query::accessions).hasMessageContaining("line 4").hasMessageNotContaining("A2");
        Files.writeString(list, "A1\n  A2  \n# A3\n");
        assertThat(query.accessions()).containsExactly("A1", "A2");
    }

    @Test
    void credentialsStayOutOfTheUrlAndOffPlainHttpToOtherMachines() throws Exception {
        assertThatThrownBy(() -> DicomWebClient.baseUri("https://user:pw@pacs.example/dicom-web"))
                .hasMessageContaining("no credentials in the base URL").hasMessageNotContaining("pw@");
        Path password = tmp.resolve("pw");
        Files.writeString(password, "secret\n");
        assertThatThrownBy(() -> DicomWebClient.password(password.toString(), null))
                .hasMessageContaining("chmod 600");
    }
}
