package org.dicomdeid.camel.dicom;

import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.PresentationContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;

/**
 * What {@link StoreScu} proposes when it opens an association: every (SOP class, transfer
 * syntax) pair seen so far, each in its own presentation context, plus Explicit and Implicit VR
 * Little Endian for each class (so a refused compressed syntax can be converted). PS3.8 9.3.2.2
 * allows at most 128 presentation contexts (odd IDs 1..255): each pair counts, not each class.
 * The class and syntax of the instance about to be sent are always proposed first; then the
 * other classes, most recently used first, as long as all of a class's contexts fit. Classes
 * that did not fit are forgotten, so the plan never grows without bound.
 */
final class ProposalPlan {
    static final int MAX_CONTEXTS = 128;
    static final List<String> UNCOMPRESSED = List.of(
            TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian);

    /** SOP class to the stored transfer syntaxes seen for it; least recently used first. */
    private final LinkedHashMap<String, LinkedHashSet<String>> seen = new LinkedHashMap<>();

    /** The contexts of one proposal and the (class, stored syntax) pairs it lets us send as stored. */
    record Proposal(LinkedList<PresentationContext> contexts, Set<String> covers) {
        boolean proposes(String sopClass, String transferSyntax) {
            return contexts.stream().anyMatch(pc -> pc.getAbstractSyntaxUID().equals(sopClass)
                    && pc.getTransferSyntaxUIDs().contains(transferSyntax));
        }
    }

    static String pair(String sopClass, String transferSyntax) {
        return sopClass + "|" + transferSyntax;
    }

    /** Records the instance's class and syntax as the most recent and returns the proposal for it. */
    Proposal planFor(String sopClass, String transferSyntax) {
        LinkedHashSet<String> current = seen.remove(sopClass);
        if (current == null) {
            current = new LinkedHashSet<>();
        }
        seen.put(sopClass, current); // now the most recent
        current.remove(transferSyntax);
        current.add(transferSyntax);
        List<String> classes = new ArrayList<>(seen.keySet());
        Collections.reverse(classes); // the current class first, then the most recently used
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        Set<String> covers = new LinkedHashSet<>();
        List<String> forgotten = new ArrayList<>();
        for (String sopClassUid : classes) {
            List<String> syntaxes = syntaxesFor(sopClassUid, sopClassUid.equals(sopClass) ? transferSyntax : null);
            int room = MAX_CONTEXTS - contexts.size();
            if (syntaxes.size() > room) {
                if (!sopClassUid.equals(sopClass)) {
                    forgotten.add(sopClassUid);
                    continue;
                }
                // Only with over a hundred syntaxes of one class: keep the newest (listed first).
                syntaxes = syntaxes.subList(0, room);
                current.retainAll(syntaxes);
            }
            for (String ts : syntaxes) {
                contexts.add(new PresentationContext((byte) (2 * contexts.size() + 1), sopClassUid, ts));
                if (seen.get(sopClassUid).contains(ts)) {
                    covers.add(pair(sopClassUid, ts));
                }
            }
        }
        forgotten.forEach(seen::remove);
        return new Proposal(contexts, covers);
    }

    /** The sending syntax first, then the class's other stored syntaxes newest first, then the uncompressed ones. */
    private List<String> syntaxesFor(String sopClass, String sending) {
        List<String> stored = new ArrayList<>(seen.get(sopClass));
        Collections.reverse(stored);
        LinkedHashSet<String> result = new LinkedHashSet<>();
        if (sending != null) {
            result.add(sending);
        }
        result.addAll(UNCOMPRESSED);
        result.addAll(stored);
        return new ArrayList<>(result);
    }

    int classesRemembered() {
        return seen.size();
    }
}
