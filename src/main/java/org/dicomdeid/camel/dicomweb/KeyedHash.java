package org.dicomdeid.camel.dicomweb;

/**
 * A keyed one-way hash of an identifier (hex). The record of pulled studies holds only these:
 * a Study Instance UID from the hospital's server is identifying, and a plain hash of a UID could
 * be confirmed by anyone who has the UID. The application binds one keyed with the project
 * secret ({@code org.dicomdeid.camel.ProjectKeyedHash}); this package cannot reach the secret
 * itself (it depends only on the bottom layer).
 */
@FunctionalInterface
public interface KeyedHash {
    /** The hash of {@code value}: the same value always gives the same hash with the same key. */
    String hash(String value);
}
