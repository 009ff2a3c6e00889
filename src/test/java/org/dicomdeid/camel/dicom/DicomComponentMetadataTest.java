package org.dicomdeid.camel.dicom;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.dicomdeid.testing.ComponentMetadata;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata that camel-component-maven-plugin generates (src/generated) is in the build output
 * and matches the code: every {@code @UriParam}/{@code @UriPath} of DicomEndpoint and every header
 * constant of DicomConstants, found by reflection, so a generation that broke or went stale fails
 * here. And Camel uses the generated configurer and URI factory, not reflection.
 */
class DicomComponentMetadataTest {
    private final ComponentMetadata metadata = new ComponentMetadata("dicom", DicomEndpoint.class, DicomComponent.class);

    @Test
    void theComponentJsonListsEveryEndpointOptionWithItsDescriptionAndDefault() throws Exception {
        assertThat(metadata.endpointOptions())
                .containsKeys("aeTitle", "spool", "callingAeTitle", "convertWhenRefused", "bridgeErrorHandler");
        metadata.checkOptions(new DicomEndpoint("dicom:X", new DicomComponent()));
    }

    @Test
    void everyHeaderConstantIsDocumentedAndInTheComponentJson() throws Exception {
        assertThat(metadata.checkHeaders(DicomConstants.class)).isGreaterThanOrEqualTo(6);
    }

    @Test
    void camelUsesTheGeneratedConfigurersAndUriFactory() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            metadata.checkGeneratedCodeIsUsed(camel);
            // every kind of option (string, int, long, boolean) set through the URI by the generated configurer
            DicomEndpoint endpoint = metadata.endpointWithoutIntrospection(camel, "dicom:PACS@127.0.0.1:4242"
                    + "?callingAeTitle=ME&idleTimeout=0&convertWhenRefused=false&maxAssociations=3", DicomEndpoint.class);
            assertThat(endpoint.getCallingAeTitle()).isEqualTo("ME");
            assertThat(endpoint.getIdleTimeout()).isZero();
            assertThat(endpoint.isConvertWhenRefused()).isFalse();
            assertThat(endpoint.getMaxAssociations()).isEqualTo(3);
            assertThat(camel.getCamelContextExtension().getEndpointUriFactory("dicom")
                    .buildUri("dicom", Map.of("aeTitle", "PACS", "spool", "in"), false)).isEqualTo("dicom:PACS?spool=in");
        }
    }
}
