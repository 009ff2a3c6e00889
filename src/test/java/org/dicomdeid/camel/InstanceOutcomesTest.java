package org.dicomdeid.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.dicomdeid.dicom.QuarantineException;
import org.dicomdeid.pipeline.AuditRecord;
import org.dicomdeid.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Each outcome of an exchange, counted, audited and handed to listeners; destinations up and down. */
class InstanceOutcomesTest {
    @TempDir
    Path home;

    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dicomdeid.testing.LogCapture logs = new org.dicomdeid.testing.LogCapture();

    @Test
    void aMinuteSummaryOnlyWhenBusyAndTotalsWhenStopping() {
        InstanceLog log = new InstanceLog();
        log.minute();
        assertThat(logs.text()).doesNotContain("last minute");
        AuditRecord r = new AuditRecord(java.time.Instant.now(), "r", "#0123456789ab", Outcome.DELIVERED, null, "2.25.1",
                "p", List.of(), java.util.Map.of(), List.of(), 3, 10);
        log.record(r);
        log.record(r);
        log.minute();
        log.minute(); // an idle minute says nothing
        log.stopping();
        assertThat(logs.text()).contains("r #0123456789ab delivered 3 ms")
                .containsOnlyOnce("last minute: delivered 2, quarantined 0, dropped 0, failed_environment 0")
                .contains("stopping; since start: delivered 2, quarantined 0");
    }

    @Test
    void everyOutcomeAndDestination() throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties settings = new Properties();
        settings.setProperty("deid.home", home.toString());
        context.getPropertiesComponent().setInitialProperties(settings);
        InstanceOutcomes outcomes = InstanceOutcomes.of(context);
        List<AuditRecord> seen = new CopyOnWriteArrayList<>();
        outcomes.addListener(seen::add);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").routeId("test-route")
                        .process(e -> InstanceOutcomes.begin(e, "#" + e.getIn().getHeader("n"), "0123456789abcdef", List.of("retain-uids")))
                        .choice()
                        .when(header("n").isEqualTo("drop")).process(e -> InstanceOutcomes.dropped(e, "modality filter")).stop()
                        .when(header("n").isEqualTo("bad")).process(e -> InstanceOutcomes.quarantined(e, "residual PHI: (0010,0010)")).stop()
                        .when(header("n").isEqualTo("disk")).process(e -> {
                            throw new IOException("No space left on device");
                        })
                        .end()
                        .process(e -> e.setProperty(InstanceOutcomes.OUTPUT_UID, "2.25.42"))
                        .to("mock:pacs");
            }
        });
        context.start();
        try {
            MockEndpoint pacs = context.getEndpoint("mock:pacs", MockEndpoint.class);
            ProducerTemplate send = context.createProducerTemplate();
            send.send("direct:in", e -> e.getIn().setHeader("n", "ok"));
            send.send("direct:in", e -> e.getIn().setHeader("n", "drop"));
            send.send("direct:in", e -> e.getIn().setHeader("n", "bad"));
            send.send("direct:in", e -> e.getIn().setHeader("n", "disk"));
            pacs.whenAnyExchangeReceived(e -> {
                throw new QuarantineException("refused");
            });
            send.send("direct:in", e -> e.getIn().setHeader("n", "down"));

            assertThat(seen).extracting(AuditRecord::outcome).containsExactly(Outcome.DELIVERED, Outcome.DROPPED,
                    Outcome.QUARANTINED, Outcome.FAILED_ENVIRONMENT, Outcome.FAILED_ENVIRONMENT);
            AuditRecord delivered = seen.get(0);
            assertThat(delivered.outputUid()).isEqualTo("2.25.42");
            assertThat(delivered.destinations()).containsExactly("mock:pacs");
            assertThat(delivered.route()).isEqualTo("test-route");
            assertThat(seen.get(1).reason()).isEqualTo("modality filter");
            assertThat(seen.get(2).reason()).isEqualTo("residual phi");
            assertThat(seen.get(2).outputUid()).isNull();
            StringBuilder metrics = new StringBuilder();
            outcomes.metrics().render(metrics);
            assertThat(metrics.toString())
                    .contains("deid_instances_total{route=\"test-route\",outcome=\"delivered\"} 1")
                    .contains("deid_instances_total{route=\"test-route\",outcome=\"dropped\"} 1")
                    .contains("deid_quarantined_total{route=\"test-route\",outcome=\"quarantined\",reason=\"residual phi\"} 1")
                    .contains("deid_instances_total{route=\"test-route\",outcome=\"failed_environment\"} 2")
                    .contains("deid_destination_up{destination=\"mock:pacs\"} 0");
        } finally {
            context.stop();
        }
        try (var files = Files.list(home.resolve("audit"))) {
            assertThat(files.mapToLong(f -> {
                try {
                    return Files.readAllLines(f).size();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum()).isEqualTo(5);
        }
    }
}
