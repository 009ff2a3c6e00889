package org.dicomdeid.camel;

import ch.qos.logback.classic.Level;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.dicomdeid.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shipped route file loads in Camel's YAML DSL without a warning: canonical notation only
 * (Camel 4.22 warns "YAML DSL compact notation detected" once per file for, e.g., an expression
 * given as a bare string: {@code constant: "x"} instead of {@code constant: {expression: "x"}}).
 */
class ShippedRoutesTest {
    @RegisterExtension
    final LogCapture logs = new LogCapture(Level.WARN);

    @Test
    void everyShippedRouteFileLoadsWithoutAWarningFromTheYamlDsl() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("routes"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (Path file : files) {
            CamelContext context = new DefaultCamelContext();
            try {
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
            } finally {
                context.stop();
            }
        }
        List<String> warnings = logs.events().stream()
                .filter(e -> e.getLoggerName().startsWith("org.apache.camel.dsl.yaml"))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        assertThat(warnings).isEmpty();
    }
}
