package org.dicomdeid.camel.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.BeanIntrospection;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata that camel-component-maven-plugin generates (src/generated) is in the build output
 * and matches the code: every {@code @UriParam}/{@code @UriPath} of DicomEndpoint and every header
 * constant of DicomConstants, found by reflection, so a generation that broke or went stale fails
 * here. And Camel uses the generated configurer and URI factory, not reflection.
 */
class DicomComponentMetadataTest {
    private static final String JSON = "META-INF/org/dicomdeid/camel/dicom/dicom.json";

    private static JsonNode componentJson() throws Exception {
        try (InputStream in = DicomEndpoint.class.getClassLoader().getResourceAsStream(JSON)) {
            assertThat(in).as(JSON + " on the classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    /** Option name -> field, for every option field of DicomEndpoint and the Camel classes it extends. */
    private static Map<String, Field> endpointOptions() {
        Map<String, Field> options = new LinkedHashMap<>();
        for (Class<?> c = DicomEndpoint.class; c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                UriParam param = field.getAnnotation(UriParam.class);
                UriPath path = field.getAnnotation(UriPath.class);
                if (param != null) {
                    options.put(param.name().isEmpty() ? field.getName() : param.name(), field);
                } else if (path != null) {
                    options.put(path.name().isEmpty() ? field.getName() : path.name(), field);
                }
            }
        }
        return options;
    }

    @Test
    void theComponentJsonListsEveryEndpointOptionWithItsDescriptionAndDefault() throws Exception {
        JsonNode json = componentJson();
        assertThat(json.path("component").path("scheme").asText()).isEqualTo("dicom");
        assertThat(json.path("component").path("javaType").asText()).isEqualTo(DicomComponent.class.getName());
        JsonNode properties = json.path("properties");
        Map<String, Field> options = endpointOptions();
        assertThat(options).containsKeys("aeTitle", "spool", "callingAeTitle", "convertWhenRefused", "bridgeErrorHandler");
        Set<String> listed = new TreeSet<>();
        properties.fieldNames().forEachRemaining(listed::add);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(options.keySet());

        DicomEndpoint fresh = new DicomEndpoint("dicom:X", new DicomComponent());
        for (Map.Entry<String, Field> option : options.entrySet()) {
            Field field = option.getValue();
            if (field.getDeclaringClass() != DicomEndpoint.class) {
                continue; // Camel's own options, documented by Camel
            }
            JsonNode node = properties.path(option.getKey());
            assertThat(node.path("description").asText()).as(option.getKey() + " description").isNotBlank();
            field.setAccessible(true);
            Object initial = field.get(fresh);
            if (node.has("defaultValue")) {
                assertThat(node.path("defaultValue").asText()).as(option.getKey() + " default in the JSON vs the code")
                        .isEqualTo(String.valueOf(initial));
            } else if (!field.getType().isPrimitive()) {
                assertThat(initial).as(option.getKey() + " has a value but no documented default").isNull();
            }
            UriParam param = field.getAnnotation(UriParam.class);
            if (param != null && !param.label().isEmpty()) {
                assertThat(node.path("label").asText()).isEqualTo(param.label());
            }
        }
    }

    @Test
    void everyHeaderConstantIsDocumentedAndInTheComponentJson() throws Exception {
        JsonNode headers = componentJson().path("headers");
        int constants = 0;
        for (Field field : DicomConstants.class.getDeclaredFields()) {
            int m = field.getModifiers();
            if (!(Modifier.isStatic(m) && Modifier.isPublic(m) && field.getType() == String.class)) {
                continue;
            }
            constants++;
            String header = (String) field.get(null);
            Metadata metadata = field.getAnnotation(Metadata.class);
            assertThat(metadata).as(field.getName() + " has @Metadata").isNotNull();
            assertThat(metadata.description()).as(field.getName() + " description").isNotBlank();
            assertThat(metadata.javaType()).as(field.getName() + " javaType").isNotBlank();
            JsonNode node = headers.path(header);
            assertThat(node.isObject()).as(header + " in the JSON headers").isTrue();
            assertThat(node.path("description").asText()).isEqualTo(metadata.description());
            assertThat(node.path("constantName").asText())
                    .isEqualTo(DicomConstants.class.getName() + "#" + field.getName());
        }
        assertThat(constants).isGreaterThanOrEqualTo(6);
        assertThat(headers.size()).isEqualTo(constants);
    }

    @Test
    void camelUsesTheGeneratedConfigurersAndUriFactory() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            checkGeneratedCodeIsUsed(camel);
        }
    }

    private static void checkGeneratedCodeIsUsed(CamelContext camel) throws Exception {
        PropertyConfigurer endpointConfigurer = PluginHelper.getConfigurerResolver(camel)
                .resolvePropertyConfigurer("dicom-endpoint", camel);
        assertThat(endpointConfigurer).isNotNull();
        assertThat(endpointConfigurer.getClass().getName()).isEqualTo(DicomEndpoint.class.getName() + "Configurer");

        DicomComponent component = camel.getComponent("dicom", DicomComponent.class);
        assertThat(component.getEndpointPropertyConfigurer().getClass()).isSameAs(endpointConfigurer.getClass());
        assertThat(component.getComponentPropertyConfigurer().getClass().getName())
                .isEqualTo(DicomComponent.class.getName() + "Configurer");

        // Setting every kind of option (string, int, long, boolean) through the URI invokes no
        // bean introspection: the generated configurer did the work.
        BeanIntrospection introspection = PluginHelper.getBeanIntrospection(camel);
        introspection.resetCounters();
        DicomEndpoint endpoint = camel.getEndpoint("dicom:PACS@127.0.0.1:4242?callingAeTitle=ME&idleTimeout=0"
                + "&convertWhenRefused=false&maxAssociations=3", DicomEndpoint.class);
        assertThat(introspection.getInvokedCounter()).isZero();
        assertThat(endpoint.getCallingAeTitle()).isEqualTo("ME");
        assertThat(endpoint.getIdleTimeout()).isZero();
        assertThat(endpoint.isConvertWhenRefused()).isFalse();
        assertThat(endpoint.getMaxAssociations()).isEqualTo(3);

        var uriFactory = camel.getCamelContextExtension().getEndpointUriFactory("dicom");
        assertThat(uriFactory.getClass().getName()).isEqualTo(DicomEndpoint.class.getName() + "UriFactory");
        assertThat(uriFactory.propertyNames()).containsAll(endpointOptions().keySet());
        assertThat(uriFactory.buildUri("dicom", Map.of("aeTitle", "PACS", "spool", "in"), false))
                .isEqualTo("dicom:PACS?spool=in");
    }
}
