package org.dicomdeid.camel;

/** Names of the exchange properties the de-identification processors share. */
public final class DeidExchange {
    /** The AttributeList of original attributes (for the Encrypted Attributes step). Never log it. */
    public static final String ORIGINALS = "DeidOriginals";
    /** The {@link org.dicomdeid.deid.DeidOutcome} of the anonymiser. */
    public static final String OUTCOME = "DeidOutcome";

    private DeidExchange() {
    }
}
