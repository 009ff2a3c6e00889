package org.dicomdeid.camel.dicomweb;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.dicomdeid.testing.ComponentMetadata;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata generated for dicomweb (src/generated) matches the code, as DicomComponentMetadataTest
 * checks it for dicom; and each option of ours has a label (consumer, producer, security or common),
 * so the component page and Camel tooling can say on which side it works.
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
}
