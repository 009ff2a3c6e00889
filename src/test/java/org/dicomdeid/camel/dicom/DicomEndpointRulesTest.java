package org.dicomdeid.camel.dicom;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A dicom: URI that says something impossible or contradictory is refused with a message naming
 * the option: at endpoint creation for values, when it becomes a consumer or producer for options
 * of the other side. Nothing here opens a socket.
 */
class DicomEndpointRulesTest {
    private CamelContext camel;

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dicom:DEID?port=0                              | port",
        "dicom:DEID?port=70000                          | port",
        "dicom:DEID?host=                               | host",
        "dicom:DEID?maxAssociations=0                   | maxAssociations",
        "dicom:DEID?maxAssociationsPerHost=-1           | maxAssociationsPerHost",
        "dicom:DEID?concurrentConsumers=0               | concurrentConsumers",
        "dicom:DEID?associationRequestTimeout=0         | associationRequestTimeout",
        "dicom:DEID?associationTimeout=-5               | associationTimeout",
        "dicom:DEID?retryDelay=0                        | retryDelay",
        "dicom:PACS@127.0.0.1:104?idleTimeout=-1        | idleTimeout",
        "dicom:DEID?spool=                              | spool",
        "dicom:DEID?quarantine=                         | quarantine",
        "dicom:PACS@127.0.0.1:104?callingAeTitle=ABCDEFGHIJKLMNOPQ | callingAeTitle",
        "dicom:DEID?allowedCallingAeTitles=A,ABCDEFGHIJKLMNOPQ     | allowedCallingAeTitles",
        "dicom:PACS@127.0.0.1:104?host=10.0.0.1         | host",
        "dicom:PACS@127.0.0.1:104?port=105              | port",
        "dicom:DEID?noSuchOption=1                      | noSuchOption",
    })
    void impossibleValuesAndUnknownOptionsAreRefusedWhenTheEndpointIsCreated(String uri, String option) {
        assertThatThrownBy(() -> camel.getEndpoint(uri))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining(option);
    }

    @Test
    void theMessageSaysWhatIsWrong() {
        assertThatThrownBy(() -> camel.getEndpoint("dicom:DEID?maxAssociations=0"))
                .hasMessageContaining("dicom: option maxAssociations must be greater than 0, got 0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dicom:PACS@127.0.0.1:104?spool=/tmp/s                   | spool",
        "dicom:PACS@127.0.0.1:104?quarantine=q                   | quarantine",
        "dicom:PACS@127.0.0.1:104?allowedCallingAeTitles=A       | allowedCallingAeTitles",
        "dicom:PACS@127.0.0.1:104?maxAssociations=4              | maxAssociations",
        "dicom:PACS@127.0.0.1:104?concurrentConsumers=4          | concurrentConsumers",
        "dicom:PACS@127.0.0.1:104?retryDelay=100                 | retryDelay",
        "dicom:PACS@127.0.0.1:104?associationTimeout=100         | associationTimeout",
        "dicom:PACS?port=104                                     | host",
        "dicom:PACS?host=127.0.0.1                               | port",
        "dicom:PACS                                              | host",
    })
    void aProducerNeedsThePeersAddressAndNoConsumerOption(String uri, String option) throws Exception {
        Endpoint endpoint = camel.getEndpoint(uri);
        assertThatThrownBy(endpoint::createProducer)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dicom: option " + option + " ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dicom:DEID?callingAeTitle=ME            | callingAeTitle",
        "dicom:DEID?idleTimeout=100              | idleTimeout",
        "dicom:DEID?convertWhenRefused=false     | convertWhenRefused",
    })
    void aConsumerRefusesProducerOptions(String uri, String option) throws Exception {
        Endpoint endpoint = camel.getEndpoint(uri);
        assertThatThrownBy(() -> endpoint.createConsumer(exchange -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dicom: option " + option + " is a producer option");
    }

    @Test
    void aRouteWithAConsumerOnlyOptionOnItsProducerDoesNotStartAndNamesTheOption() throws Exception {
        CamelContext other = new DefaultCamelContext();
        try {
            other.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("dicom:PACS@127.0.0.1:104?spool=out");
                }
            });
            assertThatThrownBy(other::start).rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("dicom: option spool is a consumer option; this endpoint is used as a producer (to)");
        } finally {
            other.stop();
        }
    }

    @Test
    void camelsGenericOptionsAreAcceptedOnEitherSide() throws Exception {
        assertThat(camel.getEndpoint("dicom:PACS@127.0.0.1:104?bridgeErrorHandler=true").createProducer()).isNotNull();
        assertThat(camel.getEndpoint("dicom:DEID?lazyStartProducer=true").createConsumer(exchange -> { })).isNotNull();
    }

    @Test
    void wellFormedEndpointsOfEitherSideAreAccepted() throws Exception {
        assertThat(camel.getEndpoint("dicom:PACS@127.0.0.1:104?callingAeTitle=ME&idleTimeout=0").createProducer())
                .isNotNull();
        assertThat(camel.getEndpoint("dicom:PACS?host=127.0.0.1&port=104").createProducer()).isNotNull();
        assertThat(camel.getEndpoint("dicom:DEID?allowedCallingAeTitles=A, B&maxAssociations=2&spool=s")
                .createConsumer(exchange -> { })).isNotNull();
        assertThat(camel.getEndpoint("dicom:DEID").createConsumer(exchange -> { })).isNotNull();
    }

    @Test
    void theSidesComeFromTheOptionLabels() {
        assertThat(DicomEndpointRules.CONSUMER_ONLY).containsExactlyInAnyOrder("allowedCallingAeTitles", "spool",
                "quarantine", "retryDelay", "maxAssociations", "maxAssociationsPerHost", "concurrentConsumers",
                "associationRequestTimeout", "associationTimeout");
        assertThat(DicomEndpointRules.PRODUCER_ONLY)
                .containsExactlyInAnyOrder("callingAeTitle", "idleTimeout", "convertWhenRefused");
    }
}
