package org.dicomdeid.deid;

import com.pixelmed.dicom.AttributeList;

/**
 * The result of de-identifying one instance.
 *
 * @param originals    every top-level attribute as it was before de-identification changed or
 *                     removed it (a whole sequence when anything inside changed), plus every
 *                     tracking attribute that existed before; what the Encrypted Attributes
 *                     Sequence carries for re-identification. Never log it.
 * @param pseudonym    the patient's new ID and name
 * @param changedCount how many top-level attributes were changed or removed
 * @param identifyingValues the input's identifying values, collected before de-identification:
 *                     for the residual-PHI scan and for output names
 * @param actionCounts how often each action of the rules was applied, by the standard's letter
 *                     (K, X, Z, D, C, U, X/Z/U*; nested attributes and removed private ones
 *                     included): counts only, for the audit log
 */
public record DeidOutcome(AttributeList originals, String pseudonym, int changedCount,
                          IdentifyingValues identifyingValues, java.util.Map<String, Integer> actionCounts) {
    public DeidOutcome(AttributeList originals, String pseudonym, int changedCount) {
        this(originals, pseudonym, changedCount, IdentifyingValues.none(), java.util.Map.of());
    }
}
