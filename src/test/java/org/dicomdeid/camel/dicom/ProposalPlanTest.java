package org.dicomdeid.camel.dicom;

import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.PresentationContext;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The presentation contexts StoreScu proposes: PS3.8's limit of 128 counts contexts, not classes. */
class ProposalPlanTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final List<String> COMPRESSED = List.of(TransferSyntax.JPEGBaseline, TransferSyntax.JPEGLossless,
            TransferSyntax.RLE, TransferSyntax.JPEG2000, TransferSyntax.JPEGLS, TransferSyntax.DeflatedExplicitVRLittleEndian);

    private static String storageClass(int i) {
        return "1.2.840.10008.5.1.4.1.1.9999." + i;
    }

    @Test
    void neverMoreThan128ContextsAndTheClassBeingSentIsAlwaysProposed() {
        ProposalPlan plan = new ProposalPlan();
        for (int i = 0; i < 300; i++) {
            String sopClass = storageClass(i);
            String ts = COMPRESSED.get(i % COMPRESSED.size());
            ProposalPlan.Proposal p = plan.planFor(sopClass, ts);
            assertThat(p.contexts()).hasSizeLessThanOrEqualTo(ProposalPlan.MAX_CONTEXTS);
            assertWellFormed(p);
            assertThat(p.proposes(sopClass, ts)).as("class %d in its stored syntax", i).isTrue();
            assertThat(p.covers()).contains(ProposalPlan.pair(sopClass, ts));
            // The uncompressed syntaxes come with it, for conversion when the peer refuses ts.
            assertThat(p.proposes(sopClass, TransferSyntax.ExplicitVRLittleEndian)).isTrue();
            assertThat(p.proposes(sopClass, TransferSyntax.ImplicitVRLittleEndian)).isTrue();
        }
        // 3 contexts per class (stored + 2 uncompressed): 42 classes fit in 128, the most recent ones.
        ProposalPlan.Proposal last = plan.planFor(storageClass(299), COMPRESSED.get(299 % COMPRESSED.size()));
        Set<String> classes = classesOf(last);
        assertThat(classes).hasSize(42);
        for (int i = 299 - 41; i <= 299; i++) {
            assertThat(classes).contains(storageClass(i));
        }
        assertThat(plan.classesRemembered()).isEqualTo(42);
    }

    @Test
    void severalTransferSyntaxesOfOneClassCountAsSeveralContexts() {
        ProposalPlan plan = new ProposalPlan();
        for (String ts : COMPRESSED) {
            plan.planFor(CT, ts);
        }
        ProposalPlan.Proposal p = plan.planFor(CT, TransferSyntax.ExplicitVRLittleEndian);
        // 6 compressed + Explicit + Implicit, each its own context.
        assertThat(p.contexts()).hasSize(8);
        assertWellFormed(p);
        for (String ts : COMPRESSED) {
            assertThat(p.covers()).contains(ProposalPlan.pair(CT, ts));
        }
        // Many classes with 8 contexts each: 16 * 8 = 128 exactly, never one more.
        for (int i = 0; i < 40; i++) {
            for (String ts : COMPRESSED) {
                p = plan.planFor(storageClass(i), ts);
                assertThat(p.contexts()).hasSizeLessThanOrEqualTo(ProposalPlan.MAX_CONTEXTS);
                assertThat(p.proposes(storageClass(i), ts)).isTrue();
            }
        }
        assertThat(p.contexts()).hasSize(128);
        assertThat(classesOf(p)).hasSize(16);
        assertWellFormed(p);
    }

    @Test
    void theClassBeingSentIsProposedEvenWhenEveryOtherClassIsMoreRecentThanItsLastUse() {
        ProposalPlan plan = new ProposalPlan();
        plan.planFor(CT, TransferSyntax.JPEGBaseline);
        for (int i = 0; i < 100; i++) {
            plan.planFor(storageClass(i), TransferSyntax.RLE);
        }
        ProposalPlan.Proposal p = plan.planFor(CT, TransferSyntax.JPEGLossless);
        assertThat(p.proposes(CT, TransferSyntax.JPEGLossless)).isTrue();
        assertThat(p.contexts().getFirst().getAbstractSyntaxUID()).isEqualTo(CT);
        assertThat(p.contexts()).hasSizeLessThanOrEqualTo(ProposalPlan.MAX_CONTEXTS);
        // The most recent other class is still there; the oldest ones gave way.
        assertThat(classesOf(p)).contains(storageClass(99)).doesNotContain(storageClass(0));
    }

    @Test
    void coversOnlyWhatWasProposedAsStored() {
        ProposalPlan plan = new ProposalPlan();
        ProposalPlan.Proposal p = plan.planFor(CT, TransferSyntax.JPEGBaseline);
        assertThat(p.covers()).containsExactly(ProposalPlan.pair(CT, TransferSyntax.JPEGBaseline));
        assertThat(p.contexts()).hasSize(3);
    }

    private static void assertWellFormed(ProposalPlan.Proposal p) {
        Set<Integer> ids = new HashSet<>();
        Set<String> pairs = new HashSet<>();
        for (PresentationContext pc : p.contexts()) {
            int id = pc.getIdentifier() & 0xff;
            assertThat(id % 2).as("odd presentation context ID").isEqualTo(1);
            assertThat(id).isBetween(1, 255);
            assertThat(ids.add(id)).as("unique ID %d", id).isTrue();
            assertThat(pc.getTransferSyntaxUIDs()).hasSize(1);
            assertThat(pairs.add(pc.getAbstractSyntaxUID() + "|" + pc.getTransferSyntaxUIDs().get(0))).isTrue();
        }
    }

    private static Set<String> classesOf(ProposalPlan.Proposal p) {
        return p.contexts().stream().map(PresentationContext::getAbstractSyntaxUID).collect(Collectors.toSet());
    }
}
