package org.dicomdeid.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.BeanIntrospection;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.PluginHelper;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the metadata camel-component-maven-plugin generates for one of our components
 * (its JSON descriptor, configurers and URI factory under src/generated) is in the build output
 * and matches the code, found by reflection: every {@code @UriParam}/{@code @UriPath} of the
 * endpoint with its description, label and default, and every header constant. A generation that
 * broke or went stale fails the component's metadata test.
 */
public final class ComponentMetadata {
    private final String scheme;
    private final Class<? extends Endpoint> endpointClass;
    private final Class<? extends Component> componentClass;

    public ComponentMetadata(String scheme, Class<? extends Endpoint> endpointClass,
                             Class<? extends Component> componentClass) {
        this.scheme = scheme;
        this.endpointClass = endpointClass;
        this.componentClass = componentClass;
    }

    /** The component's JSON descriptor, from the classpath (as Camel tooling finds it in the jar). */
    public JsonNode json() throws Exception {
        String resource = "META-INF/" + endpointClass.getPackageName().replace('.', '/') + "/" + scheme + ".json";
        try (InputStream in = endpointClass.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    /** Option name -> field, for every option field of the endpoint and the Camel classes it extends. */
    public Map<String, Field> endpointOptions() {
        Map<String, Field> options = new LinkedHashMap<>();
        for (Class<?> c = endpointClass; c != null; c = c.getSuperclass()) {
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

    /**
     * The JSON lists exactly the endpoint's options; each of ours (not Camel's inherited ones) has a
     * description, the label of its annotation, and the default the code starts with (none only for
     * an option that starts unset). {@code fresh} is a new endpoint, as the URI without options makes it.
     */
    public void checkOptions(Endpoint fresh) throws Exception {
        JsonNode json = json();
        assertThat(json.path("component").path("scheme").asText()).isEqualTo(scheme);
        assertThat(json.path("component").path("javaType").asText()).isEqualTo(componentClass.getName());
        JsonNode properties = json.path("properties");
        Map<String, Field> options = endpointOptions();
        Set<String> listed = new TreeSet<>();
        properties.fieldNames().forEachRemaining(listed::add);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(options.keySet());

        for (Map.Entry<String, Field> option : options.entrySet()) {
            Field field = option.getValue();
            if (field.getDeclaringClass() != endpointClass) {
                continue; // Camel's own options, documented by Camel
            }
            JsonNode node = properties.path(option.getKey());
            assertThat(node.path("description").asText()).as(option.getKey() + " description").isNotBlank();
            field.setAccessible(true);
            Object initial = field.get(fresh);
            if (node.has("defaultValue")) {
                assertThat(node.path("defaultValue").asText()).as(option.getKey() + " default in the JSON vs the code")
                        .isEqualTo(String.valueOf(initial));
            } else {
                assertThat(field.getType().isPrimitive()).as(option.getKey() + " is primitive but has no documented"
                        + " default").isFalse();
                assertThat(initial).as(option.getKey() + " has a value but no documented default").isNull();
            }
            UriParam param = field.getAnnotation(UriParam.class);
            UriPath path = field.getAnnotation(UriPath.class);
            String label = param != null ? param.label() : path.label();
            assertThat(node.path("label").asText()).as(option.getKey() + " label").isEqualTo(label);
        }
    }

    /** Every public String constant of {@code constants} is a documented header in the JSON; returns how many. */
    public int checkHeaders(Class<?> constants) throws Exception {
        JsonNode headers = json().path("headers");
        int count = 0;
        for (Field field : constants.getDeclaredFields()) {
            int m = field.getModifiers();
            if (!(Modifier.isStatic(m) && Modifier.isPublic(m) && field.getType() == String.class)) {
                continue;
            }
            count++;
            String header = (String) field.get(null);
            Metadata metadata = field.getAnnotation(Metadata.class);
            assertThat(metadata).as(field.getName() + " has @Metadata").isNotNull();
            assertThat(metadata.description()).as(field.getName() + " description").isNotBlank();
            assertThat(metadata.javaType()).as(field.getName() + " javaType").isNotBlank();
            JsonNode node = headers.path(header);
            assertThat(node.isObject()).as(header + " in the JSON headers").isTrue();
            assertThat(node.path("description").asText()).isEqualTo(metadata.description());
            assertThat(node.path("constantName").asText()).isEqualTo(constants.getName() + "#" + field.getName());
        }
        assertThat(headers.size()).as("headers in the JSON that are no constant").isEqualTo(count);
        return count;
    }

    /** Camel (started) resolves the generated configurers and URI factory, not reflection. */
    public void checkGeneratedCodeIsUsed(CamelContext camel) {
        PropertyConfigurer endpointConfigurer = PluginHelper.getConfigurerResolver(camel)
                .resolvePropertyConfigurer(scheme + "-endpoint", camel);
        assertThat(endpointConfigurer).isNotNull();
        assertThat(endpointConfigurer.getClass().getName()).isEqualTo(endpointClass.getName() + "Configurer");

        DefaultComponent component = (DefaultComponent) camel.getComponent(scheme, componentClass);
        assertThat(component.getEndpointPropertyConfigurer().getClass()).isSameAs(endpointConfigurer.getClass());
        assertThat(component.getComponentPropertyConfigurer().getClass().getName())
                .isEqualTo(componentClass.getName() + "Configurer");

        var uriFactory = camel.getCamelContextExtension().getEndpointUriFactory(scheme);
        assertThat(uriFactory.getClass().getName()).isEqualTo(endpointClass.getName() + "UriFactory");
        assertThat(uriFactory.propertyNames()).containsAll(endpointOptions().keySet());
    }

    /** The endpoint of {@code uri}, checked to have been configured without bean introspection. */
    public <T extends Endpoint> T endpointWithoutIntrospection(CamelContext camel, String uri, Class<T> type) {
        BeanIntrospection introspection = PluginHelper.getBeanIntrospection(camel);
        introspection.resetCounters();
        T endpoint = camel.getEndpoint(uri, type);
        assertThat(introspection.getInvokedCounter()).as("bean introspection while configuring " + scheme).isZero();
        return endpoint;
    }
}
