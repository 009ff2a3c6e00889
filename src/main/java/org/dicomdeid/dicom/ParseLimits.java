package org.dicomdeid.dicom;

/**
 * Limits checked while parsing, before anything is allocated: a hostile or broken input is
 * refused (quarantined with the limit named) instead of exhausting memory, stack or time.
 * Each default can be changed with a Java system property ({@code -Ddeid.parse.maxDepth=...},
 * through {@code DEID_JAVA_OPTS}).
 *
 * @param maxDepth            sequences nested in sequences (real data: under 10; SR trees: ~20)
 * @param maxItems            sequence items in one instance
 * @param maxElements         attributes in one instance, nested ones included
 * @param maxInMemoryValue    bytes of one value that is read into memory (text, numbers)
 * @param bulkThreshold       binary values (OB, OW, OF, OD, OL, OV, UN) of this size or more stay in
 *                            their file and are copied through; Pixel Data always does
 * @param maxInflationRatio   a deflated data set may inflate to this many times its size ...
 * @param minInflationAllowed ... or to this many bytes, whichever is more
 */
public record ParseLimits(int maxDepth, int maxItems, int maxElements, long maxInMemoryValue, long bulkThreshold,
                          long maxInflationRatio, long minInflationAllowed) {

    public static final ParseLimits DEFAULTS = new ParseLimits(
            Integer.getInteger("deid.parse.maxDepth", 64),
            Integer.getInteger("deid.parse.maxItems", 1_000_000),
            Integer.getInteger("deid.parse.maxElements", 5_000_000),
            Long.getLong("deid.parse.maxInMemoryValue", 64L << 20),
            Long.getLong("deid.parse.bulkThreshold", 64L << 10),
            Long.getLong("deid.parse.maxInflationRatio", 200),
            Long.getLong("deid.parse.minInflationAllowed", 64L << 20));
}
