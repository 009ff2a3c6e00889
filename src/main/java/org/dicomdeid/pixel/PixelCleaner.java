package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Removes burned-in annotation (PS3.15 "Clean Pixel Data" option): blanks the regions of every
 * matching {@link RedactionRule} in every frame, then declares Burned In Annotation NO and drops
 * the overlays and the icon, which could show the same text. An image that says or is likely to
 * carry burned-in text and that no rule covers is quarantined (unless configured otherwise), and
 * pixel data that cannot be decoded is quarantined: it is never passed on uncleaned.
 *
 * <p>Thread-safe: holds only immutable rules.
 */
public final class PixelCleaner {
    private static final AttributeTag ICON_IMAGE_SEQUENCE = new AttributeTag(0x0088, 0x0200);
    /**
     * Transfer syntaxes whose Pixel Data is native. Listed rather than asked of PixelMed, which
     * calls any UID it does not know "not encapsulated" (and does not "recognise" Deflate).
     */
    private static final Set<String> NATIVE_SYNTAXES = Set.of(TransferSyntax.ImplicitVRLittleEndian,
            TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian,
            TransferSyntax.DeflatedExplicitVRLittleEndian);

    private final RedactionRules rules;
    private final boolean quarantineUnmatched;

    /**
     * @param quarantineUnmatched true (the safe default) to quarantine at-risk images that no rule
     *                            covers; false to pass them with {@link PixelCleanResult.Outcome#UNMATCHED_RISK_PASSED}
     */
    public PixelCleaner(RedactionRules rules, boolean quarantineUnmatched) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.quarantineUnmatched = quarantineUnmatched;
    }

    public PixelCleanResult clean(DicomObject object) throws QuarantineException {
        return clean(object, new AttributeList());
    }

    /**
     * Cleans {@code object} in place.
     *
     * @param originals receives (first value wins) the top-level attributes this step changed or
     *                  removed: Burned In Annotation, overlays, the icon, and the Image Pixel
     *                  module attributes that decoding changed. Pixel Data itself is blanked in
     *                  place and is not kept: the burned-in text is what must not travel on.
     */
    public PixelCleanResult clean(DicomObject object, AttributeList originals) throws QuarantineException {
        Consumer<Attribute> record = attribute -> originals.putIfAbsent(attribute.getTag(), attribute);
        AttributeList list = object.dataset();
        if (list.get(TagFromName.PixelData) == null) {
            return PixelCleanResult.noPixelData();
        }
        Optional<String> risk = BurnedInRisk.of(list);
        List<RedactionRule> matched = rules.matching(list);
        List<Region> regions = regionsInImage(list, matched);
        if (regions.isEmpty()) {
            if (risk.isEmpty()) {
                return PixelCleanResult.notNeeded();
            }
            String why = matched.isEmpty() ? "no pixel redaction rule matches"
                    : "the matching rules' regions all lie outside the image";
            if (quarantineUnmatched) {
                throw new QuarantineException(risk.get() + " and " + why);
            }
            return PixelCleanResult.unmatchedRisk(risk.get());
        }
        refuseOverlaysInPixelBits(list);
        PixelCleanResult.Method method = redact(object, regions, record);
        declareClean(list, record);
        return PixelCleanResult.cleaned(method, matched.stream().map(RedactionRule::name).toList(),
                regions.size(), risk.orElse(null));
    }

    private static List<Region> regionsInImage(AttributeList list, List<RedactionRule> matched) {
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        List<Region> regions = new ArrayList<>();
        for (RedactionRule rule : matched) {
            for (Region region : rule.regions()) {
                region.clippedTo(columns, rows).ifPresent(regions::add);
            }
        }
        return regions;
    }

    private static PixelCleanResult.Method redact(DicomObject object, List<Region> regions,
                                                  Consumer<Attribute> record) throws QuarantineException {
        String uid = object.transferSyntaxUID();
        boolean nativePixels = NATIVE_SYNTAXES.contains(uid);
        if (!nativePixels && !new TransferSyntax(uid).isRecognized()) {
            throw new QuarantineException("pixel data in an unknown transfer syntax; not passed on uncleaned");
        }
        AttributeList list = object.dataset();
        if (nativePixels) {
            ImagePixelLayout layout = ImagePixelLayout.of(list);
            if (UncompressedRedactor.redactWhileCopying(object, layout, regions)) {
                return PixelCleanResult.Method.NATIVE_STREAMED;
            }
            loadIntoMemory(object);
            UncompressedRedactor.redact(list.getPixelData(), layout, regions);
            return PixelCleanResult.Method.NATIVE_IN_PLACE;
        }
        loadIntoMemory(object); // the redactors of compressed pixel data work on PixelMed's arrays
        if (TransferSyntax.JPEGBaseline.equals(uid) && JpegBlockRedactor.tryRedact(list, regions)) {
            replace(list, TagFromName.LossyImageCompression, "01", record);
            return PixelCleanResult.Method.JPEG_BASELINE_BLOCKS;
        }
        PixelDataDecoder.decodeToExplicitLittleEndian(object, record);
        UncompressedRedactor.redact(list.getPixelData(), ImagePixelLayout.of(list), regions);
        return PixelCleanResult.Method.DECODED_TO_NATIVE;
    }

    private static void loadIntoMemory(DicomObject object) throws QuarantineException {
        try {
            object.loadIntoMemory(TagFromName.PixelData);
        } catch (java.io.IOException e) {
            throw new QuarantineException("pixel data cannot be read for cleaning (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void declareClean(AttributeList list, Consumer<Attribute> record) throws QuarantineException {
        replace(list, TagFromName.BurnedInAnnotation, "NO", record);
        removeOverlays(list, record);
        // The icon is a thumbnail of the uncleaned pixels.
        Attribute icon = list.remove(ICON_IMAGE_SEQUENCE);
        if (icon != null) {
            record.accept(icon);
        }
    }

    /**
     * An overlay with rows but no Overlay Data lives in the unused high bits of Pixel Data (a
     * retired encoding): removing its attributes would leave its text in the pixel bits.
     */
    private static void refuseOverlaysInPixelBits(AttributeList list) throws QuarantineException {
        for (int group = 0x6000; group <= 0x601E; group += 2) {
            if (list.get(new AttributeTag(group, 0x0010)) != null && list.get(new AttributeTag(group, 0x3000)) == null) {
                throw new QuarantineException("overlay stored in the unused bits of Pixel Data (retired encoding);"
                        + " pixel data not cleaned");
            }
        }
    }

    /** Every attribute of the repeating overlay groups 6000-601E (data, plane, activation...). */
    static void removeOverlays(AttributeList list, Consumer<Attribute> record) {
        List<AttributeTag> overlayTags = new ArrayList<>();
        for (Object key : list.keySet()) {
            AttributeTag tag = (AttributeTag) key;
            int group = tag.getGroup();
            if (group >= 0x6000 && group <= 0x601E && group % 2 == 0) {
                overlayTags.add(tag);
            }
        }
        overlayTags.forEach(tag -> record.accept(list.remove(tag)));
    }

    /** Sets a value, recording the attribute it replaces when that held something else. */
    private static void replace(AttributeList list, AttributeTag tag, String value, Consumer<Attribute> record)
            throws QuarantineException {
        Attribute current = list.get(tag);
        if (current != null && value.equals(Attribute.getDelimitedStringValuesOrEmptyString(list, tag).trim())) {
            return;
        }
        try {
            list.replace(tag, value); // puts a new Attribute: the recorded one stays as it was
            if (current != null) {
                record.accept(current);
            }
        } catch (DicomException e) {
            throw new QuarantineException("cannot set " + tag + " after cleaning pixel data", e);
        }
    }
}
