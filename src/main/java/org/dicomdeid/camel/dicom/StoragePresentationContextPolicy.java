package org.dicomdeid.camel.dicom;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;

import java.util.LinkedList;
import java.util.List;
import java.util.Set;

/**
 * Which presentation contexts our C-STORE / C-ECHO SCP accepts: Verification and every storage
 * SOP class (those PixelMed knows plus any newer standard one under the storage branch
 * 1.2.840.10008.5.1.4.1.1), each in the common transfer syntaxes. Compressed syntaxes are
 * accepted so instances are stored exactly as the sender has them; nothing is transcoded on
 * receipt. Within one proposed context the sender's order of preference is kept.
 */
final class StoragePresentationContextPolicy implements PresentationContextSelectionPolicy {
    /** PS3.8 Table 9-18 result/reason values. */
    private static final byte ACCEPTANCE = 0;
    private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    private static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    private static final String STORAGE_BRANCH = "1.2.840.10008.5.1.4.1.1.";

    static final Set<String> ACCEPTED_TRANSFER_SYNTAXES = Set.of(
            TransferSyntax.ExplicitVRLittleEndian,
            TransferSyntax.ImplicitVRLittleEndian,
            TransferSyntax.DeflatedExplicitVRLittleEndian,
            TransferSyntax.ExplicitVRBigEndian,
            TransferSyntax.JPEGBaseline,
            TransferSyntax.JPEGExtended,
            TransferSyntax.JPEGLossless,
            TransferSyntax.JPEGLosslessSV1,
            TransferSyntax.JPEGLS,
            TransferSyntax.JPEGNLS,
            TransferSyntax.JPEG2000Lossless,
            TransferSyntax.JPEG2000,
            TransferSyntax.RLE);

    @Override
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber) {
        for (Object o : presentationContexts) {
            select((PresentationContext) o);
        }
        return presentationContexts;
    }

    @Override
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber,
                                                              int debugLevel) {
        return applyPresentationContextSelectionPolicy(presentationContexts, associationNumber);
    }

    private static void select(PresentationContext pc) {
        String abstractSyntax = pc.getAbstractSyntaxUID();
        if (!isAcceptedAbstractSyntax(abstractSyntax)) {
            pc.setResultReason(ABSTRACT_SYNTAX_NOT_SUPPORTED);
            return;
        }
        String chosen = null;
        for (Object ts : (List<?>) pc.getTransferSyntaxUIDs()) {
            if (ACCEPTED_TRANSFER_SYNTAXES.contains(String.valueOf(ts).trim())) {
                chosen = String.valueOf(ts).trim();
                break;
            }
        }
        pc.newTransferSyntaxUIDs();
        if (chosen == null) {
            pc.setResultReason(TRANSFER_SYNTAXES_NOT_SUPPORTED);
        } else {
            pc.addTransferSyntaxUID(chosen);
            pc.setResultReason(ACCEPTANCE);
        }
    }

    static boolean isAcceptedAbstractSyntax(String uid) {
        return uid != null && (SOPClass.isVerification(uid) || SOPClass.isStorage(uid) || uid.startsWith(STORAGE_BRANCH));
    }
}
