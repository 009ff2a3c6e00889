package org.dicomdeid.policy;

import java.util.Optional;

/**
 * What a trial sets in the Clinical Trial Subject / Study / Series modules (PS3.3 C.7.1.3,
 * C.7.2.3, C.7.3.2). Clinical Trial Subject ID is always the patient's pseudonym.
 * Empty fields are not written.
 */
public record TrackingValues(String sponsorName, String protocolId, String protocolName,
                             String siteId, String siteName, String timePointId,
                             String timePointDescription, String methodDescription) {

    public static TrackingValues none() {
        return new TrackingValues(null, null, null, null, null, null, null, null);
    }

    public Optional<String> sponsor() {
        return Optional.ofNullable(sponsorName).filter(s -> !s.isBlank());
    }
}
