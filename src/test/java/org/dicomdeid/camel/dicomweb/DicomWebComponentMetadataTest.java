package org.dicomdeid.camel.dicomweb;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.dicomdeid.testing.ComponentMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata generated for dicomweb (src/generated) matches the code, as DicomComponentMetadataTest
 * checks it for dicom; and each option of ours has a label (consumer, producer, security or common),
 * so the component page and Camel tooling can say on which side it works. The YAML examples of
 * the component page (src/main/docs/dicomweb-component.adoc) load as routes.
 */
class DicomWebComponentMetadataTest {
    private final ComponentMetadata metadata =
            new ComponentMetadata("dicomweb", DicomWebEndpoint.class, DicomWebComponent.class);

    @Test
    void theComponentJsonListsEveryEndpointOptionWithItsDescriptionLabelAndDefault() throws Exception {
        Map<String, Field> options = metadata.endpointOptions();
        assertThat(options).containsKeys("baseUrl", "readTimeout", "accessionList", "qido", "keyedHash", "delay");
        metadata.checkOptions(new DicomWebEndpoint("dicomweb:http://127.0.0.1/dicom-web", new DicomWebComponent()));
        for (Map.Entry<String, Field> option : options.entrySet()) {
            Field field = option.getValue();
            if (field.getDeclaringClass() == DicomWebEndpoint.class) {
                UriParam param = field.getAnnotation(UriParam.class);
                String label = param != null ? param.label() : field.getAnnotation(UriPath.class).label();
                assertThat(label).as(option.getKey() + " label").matches("(common|consumer|producer|security)(,advanced)?");
            }
        }
        assertThat(metadata.json().path("properties").path("qido").path("prefix").asText()).isEqualTo("qido.");
    }

    @Test
    void everyHeaderConstantIsDocumentedAndInTheComponentJson() throws Exception {
        assertThat(metadata.checkHeaders(DicomWebConstants.class)).isEqualTo(4);
    }

    @Test
    void camelUsesTheGeneratedConfigurersAndUriFactory() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            metadata.checkGeneratedCodeIsUsed(camel);
            // string, int and the qido. prefix map set through the URI by the generated configurer
            DicomWebEndpoint endpoint = metadata.endpointWithoutIntrospection(camel, "dicomweb:https://pacs.example/dicom-web"
                    + "?readTimeout=5000&qidoPageSize=7&username=deid&qido.ModalitiesInStudy=CT", DicomWebEndpoint.class);
            assertThat(endpoint.getBaseUrl()).isEqualTo("https://pacs.example/dicom-web");
            assertThat(endpoint.getReadTimeout()).isEqualTo(5000);
            assertThat(endpoint.getQidoPageSize()).isEqualTo(7);
            assertThat(endpoint.getUsername()).isEqualTo("deid");
            assertThat(endpoint.getQido()).containsEntry("ModalitiesInStudy", "CT");
        }
    }

    @Test
    void theYamlExamplesOfTheComponentPageLoad(@TempDir Path home) throws Exception {
        String page = Files.readString(Path.of("src/main/docs/dicomweb-component.adoc"));
        Path secret = Files.createDirectories(home.resolve("keys")).resolve("pseudonym.secret");
        Files.writeString(secret, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Matcher example = Pattern.compile("\\[source,yaml]\n----\n(.*?)\n----", Pattern.DOTALL).matcher(page);
        List<String> routes = new ArrayList<>();
        for (int n = 0; example.find(); n++) {
            Path yaml = Files.writeString(home.resolve("example" + n + ".yaml"), example.group(1));
            try (CamelContext camel = new DefaultCamelContext()) {
                Properties settings = new Properties();
                settings.setProperty("deid.home", home.toString());
                settings.setProperty("deid.dicomweb.pull.url", "http://127.0.0.1:9/dicom-web");
                camel.getPropertiesComponent().setInitialProperties(settings);
                PluginHelper.getRoutesLoader(camel).loadRoutes(
                        PluginHelper.getResourceLoader(camel).resolveResource("file:" + yaml));
                camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().stream()
                        .map(RouteDefinition::getRouteId).forEach(routes::add);
            }
        }
        assertThat(routes).containsExactly("dicomweb-send", "dicomweb-pull");
    }
}
