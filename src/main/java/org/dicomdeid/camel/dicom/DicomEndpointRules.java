package org.dicomdeid.camel.dicom;

import org.apache.camel.spi.UriParam;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@code dicom:} URI may say, checked when the endpoint is created (values) and when it
 * becomes a consumer or a producer (which options belong to which side), as camel-file does: a
 * mistake stops the route from starting with a message naming the option, instead of a receiver
 * that never listens or a sender that quietly uses a default. Which side an option belongs to is
 * read from its {@code @UriParam} label, the same annotation the generated component JSON comes
 * from, so this list cannot drift from the documentation.
 */
final class DicomEndpointRules {
    /** Options written in a URI that only a consumer reads ("consumer" label, no "producer"). */
    static final Set<String> CONSUMER_ONLY = optionsLabelled("consumer", "producer");
    /** Options written in a URI that only a producer reads. */
    static final Set<String> PRODUCER_ONLY = optionsLabelled("producer", "consumer");

    private DicomEndpointRules() {
    }

    /** The values of every option, whatever the side: ranges, non-empty folders, AE titles. */
    static void checkValues(DicomEndpoint e) {
        notBlank("host", e.getHost());
        if (e.getPort() < 1 || e.getPort() > 65535) {
            throw refused("port", "must be between 1 and 65535, got " + e.getPort());
        }
        atLeastOne("maxAssociations", e.getMaxAssociations());
        atLeastOne("maxAssociationsPerHost", e.getMaxAssociationsPerHost());
        atLeastOne("concurrentConsumers", e.getConcurrentConsumers());
        atLeastOne("associationRequestTimeout", e.getAssociationRequestTimeout());
        atLeastOne("associationTimeout", e.getAssociationTimeout());
        atLeastOne("retryDelay", e.getRetryDelay());
        if (e.getIdleTimeout() < 0) {
            throw refused("idleTimeout", "must be 0 (release after each exchange) or more, got " + e.getIdleTimeout());
        }
        notBlank("spool", e.getSpool());
        notBlank("quarantine", e.getQuarantine());
        aeTitle("callingAeTitle", e.getCallingAeTitle());
        String allowed = e.getAllowedCallingAeTitles();
        if (allowed != null) {
            Arrays.stream(allowed.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(ae -> aeTitle("allowedCallingAeTitles", ae));
        }
    }

    /** A consumer listens on host:port (defaults allowed) and reads no producer option. */
    static void checkConsumer(DicomEndpoint e) {
        refuseOtherSide(e, PRODUCER_ONLY, "producer", "consumer (from)");
    }

    /** A producer must be told where the peer is, and reads no consumer option. */
    static void checkProducer(DicomEndpoint e) {
        refuseOtherSide(e, CONSUMER_ONLY, "consumer", "producer (to)");
        if (!e.addressInPath()) {
            for (String option : new String[] {"host", "port"}) {
                if (!e.givenOptions().contains(option)) {
                    throw refused(option, "is required for a producer: write dicom:AE@host:port or give host and port");
                }
            }
        }
    }

    private static void refuseOtherSide(DicomEndpoint e, Set<String> otherSide, String otherName, String thisName) {
        for (String option : new TreeSet<>(e.givenOptions())) {
            if (otherSide.contains(option)) {
                throw refused(option, "is a " + otherName + " option; this endpoint is used as a " + thisName);
            }
        }
    }

    private static void atLeastOne(String option, long value) {
        if (value < 1) {
            throw refused(option, "must be greater than 0, got " + value);
        }
    }

    private static void notBlank(String option, String value) {
        if (value == null || value.isBlank()) {
            throw refused(option, "must not be empty");
        }
    }

    private static void aeTitle(String option, String value) {
        try {
            DicomAddress.checkAeTitle(value);
        } catch (IllegalArgumentException e) {
            throw refused(option, "holds an " + e.getMessage());
        }
    }

    static IllegalArgumentException refused(String option, String why) {
        return new IllegalArgumentException("dicom: option " + option + " " + why);
    }

    /**
     * DicomEndpoint's own options only: Camel's generic ones (bridgeErrorHandler,
     * lazyStartProducer...) are taken out of the URI by DefaultComponent before createEndpoint sees
     * it, may come from component-wide settings, and are accepted on either side as on every Camel
     * component.
     */
    private static Set<String> optionsLabelled(String side, String otherSide) {
        Set<String> names = new TreeSet<>();
        for (Field field : DicomEndpoint.class.getDeclaredFields()) {
            UriParam param = field.getAnnotation(UriParam.class);
            if (param == null) {
                continue;
            }
            Set<String> labels = Set.of(param.label().split(","));
            if (labels.contains(side) && !labels.contains(otherSide)) {
                names.add(param.name().isEmpty() ? field.getName() : param.name());
            }
        }
        return Set.copyOf(names);
    }
}
