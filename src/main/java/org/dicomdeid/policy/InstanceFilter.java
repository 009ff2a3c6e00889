package org.dicomdeid.policy;

import org.dicomdeid.dicom.RoutingAttributes;

import java.util.List;
import java.util.Optional;

/**
 * One entry of a policy's {@code filters:}, in the spirit of RSNA CTP's DicomFilter: when its
 * condition holds, the instance is dropped (not de-identified, nothing written), quarantined
 * with the filter's name as the reason, or let through ({@code continue}: the filters after it
 * are not asked). The name is the policy author's (letters, digits, space, {@code _.-}): it is
 * what logs and reasons show, never a value of the instance.
 */
public record InstanceFilter(String name, FilterCondition when, Decision decision) {
    public enum Decision {
        DROP, QUARANTINE, CONTINUE
    }

    /** The first filter whose condition holds decides; none: the instance is de-identified. */
    public static Optional<InstanceFilter> firstMatch(List<InstanceFilter> filters, RoutingAttributes instance) {
        return filters.stream().filter(f -> f.when.holds(instance)).findFirst();
    }
}
