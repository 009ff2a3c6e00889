package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import org.dicomdeid.policy.Action;
import org.dicomdeid.policy.Rulebook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies the rules to every attribute of a dataset, recursively in every sequence item.
 * It returns replacements instead of changing attributes: {@link #process} gives the same object
 * when nothing changed, a new one when something did, or null when the attribute goes.
 * Sequences are copied (items new, unchanged leaves shared) before anything inside them changes.
 */
final class DatasetWalker {
    /**
     * How attributes that no rule names are treated: as they are (the profile keeps them), or,
     * inside a sequence the profile replaces with a dummy (D) or cleans (C), as its content.
     */
    enum Mode { NORMAL, DUMMY, CLEAN }

    /** Code Value, Coding Scheme Designator and Version, URN and Long Code Value: controlled codes, not text. */
    private static final Set<AttributeTag> CODE_ITEM_KEYS = Set.of(TagFromName.CodeValue,
            TagFromName.CodingSchemeDesignator, TagFromName.CodingSchemeVersion, new AttributeTag(0x0008, 0x0120),
            new AttributeTag(0x0008, 0x0119));

    private final InstanceContext ctx;
    private final UidValues uidValues;

    DatasetWalker(InstanceContext ctx) {
        this.ctx = ctx;
        this.uidValues = new UidValues(ctx);
    }

    /** Processes every attribute of {@code list} in place; true when anything changed. */
    boolean processList(AttributeList list, Mode mode) throws DicomException {
        return processList(list, mode, original -> { });
    }

    /**
     * Processes every attribute of {@code list} in place, handing each attribute that is
     * replaced or removed, as it was, to {@code originals}; true when anything changed.
     */
    boolean processList(AttributeList list, Mode mode, Consumer<Attribute> originals) throws DicomException {
        boolean changed = false;
        Set<Integer> overlayGroupsRemoved = new HashSet<>();
        for (AttributeTag tag : new ArrayList<>(list.keySet())) {
            if (tag.isFileMetaInformationGroup()) {
                continue; // rewritten from scratch when the file is written
            }
            Attribute a = list.get(tag);
            Attribute replacement = process(a, list, mode);
            if (replacement == a) {
                continue;
            }
            changed = true;
            originals.accept(a);
            if (replacement == null) {
                list.remove(tag);
                if (tag.isOverlayGroup() && tag.getElement() == 0x3000) {
                    overlayGroupsRemoved.add(tag.getGroup());
                }
            } else {
                list.put(replacement);
            }
        }
        // An overlay plane without its data is invalid: the plane's other attributes go with it.
        for (int group : overlayGroupsRemoved) {
            removeAll(list, list.subMap(new AttributeTag(group, 0), true, new AttributeTag(group, 0xFFFF), true)
                    .keySet(), originals);
        }
        return removeOrphanPrivateCreators(list, originals) || changed;
    }

    Attribute process(Attribute a, AttributeList container, Mode mode) throws DicomException {
        AttributeTag tag = a.getTag();
        if ((tag.getGroup() & 1) == 1) {
            return processPrivate(a, container, mode);
        }
        Optional<Rulebook.Rule> rule = ctx.policy.rules().ruleFor(tag);
        if (rule.isEmpty()) {
            return unnamed(a, mode);
        }
        return apply(rule.get().action(), a, mode);
    }

    private Attribute processPrivate(Attribute a, AttributeList container, Mode mode) throws DicomException {
        AttributeTag tag = a.getTag();
        Optional<Rulebook.Rule> override = ctx.policy.rules().privateOverrideFor(tag);
        if (override.isPresent()) {
            return apply(override.get().action(), a, mode);
        }
        if (tag.isPrivateCreator()) {
            return a; // kept while its block has members; see removeOrphanPrivateCreators
        }
        if (tag.getElement() < 0x0010) {
            return null; // group length or an element outside any block
        }
        String creator = container.getPrivateCreatorString(tag);
        if (!ctx.policy.privateAttributes().keeps(creator, tag)) {
            return null;
        }
        return a instanceof SequenceAttribute seq ? walkSequence(seq, mode) : unnamed(a, mode);
    }

    Attribute apply(Action action, Attribute a, Mode mode) throws DicomException {
        return switch (action) {
            case KEEP -> a instanceof SequenceAttribute seq ? walkSequence(seq, Mode.NORMAL) : a;
            case REMOVE -> null;
            case EMPTY -> Values.isEmpty(a) ? a : Values.empty(a, ctx.charset);
            case DUMMY -> dummy(a);
            case CLEAN -> clean(a);
            case REPLACE_UID -> uidValues.replaceAll(a);
            case MODIFY_DATES -> Values.isDateLike(Values.effectiveVR(a)) ? new DateValues(ctx).shiftOrEmpty(a)
                    : Values.isEmpty(a) ? a : Values.empty(a, ctx.charset);
            case KEEP_REFERENCES -> a instanceof SequenceAttribute seq
                    ? walkSequence(seq, Mode.DUMMY) : uidValues.replaceAll(a);
        };
    }

    private Attribute dummy(Attribute a) throws DicomException {
        if (Values.isEmpty(a)) {
            return a; // nothing to hide; an empty value stays as valid as it was
        }
        if (a instanceof SequenceAttribute seq) {
            return walkSequence(seq, Mode.DUMMY);
        }
        if (ValueRepresentation.isUniqueIdentifierVR(Values.effectiveVR(a))) {
            return uidValues.replaceAll(a);
        }
        return Values.dummy(a, ctx.charset);
    }

    private Attribute clean(Attribute a) throws DicomException {
        if (a instanceof SequenceAttribute seq) {
            return walkSequence(seq, Mode.CLEAN);
        }
        byte[] vr = Values.effectiveVR(a);
        if (vr == null) {
            return null;
        }
        if (Values.isDateLike(vr)) {
            return new DateValues(ctx).shiftOrEmpty(a);
        }
        if (ValueRepresentation.isUniqueIdentifierVR(vr)) {
            return uidValues.replaceAll(a);
        }
        if (ValueRepresentation.isPersonNameVR(vr)) {
            return Values.isEmpty(a) ? a : Values.dummy(a, ctx.charset);
        }
        if (Values.isText(vr)) {
            return cleanText(a, vr);
        }
        return a; // codes, numbers, binary curve/overlay data: no free text to clean
    }

    private Attribute cleanText(Attribute a, byte[] vr) throws DicomException {
        String[] values = Attribute.getStringValues(a);
        if (values == null || values.length == 0) {
            return a;
        }
        String[] cleaned = new String[values.length];
        boolean same = true;
        for (int i = 0; i < values.length; i++) {
            cleaned[i] = ctx.cleaner().clean(values[i]);
            same &= cleaned[i].equals(values[i].strip());
        }
        return same ? a : Values.string(a.getTag(), vr, ctx.charset, cleaned);
    }

    /** An attribute no rule names: the profile keeps it, unless it lies in a dummied or cleaned sequence. */
    private Attribute unnamed(Attribute a, Mode mode) throws DicomException {
        if (a instanceof SequenceAttribute seq) {
            return walkSequence(seq, mode);
        }
        if (mode == Mode.NORMAL || Values.isEmpty(a)) {
            return a;
        }
        byte[] vr = Values.effectiveVR(a);
        if (vr == null) {
            return a;
        }
        if (ValueRepresentation.isUniqueIdentifierVR(vr)) {
            return uidValues.replaceInstanceUids(a);
        }
        if (CODE_ITEM_KEYS.contains(a.getTag()) || ValueRepresentation.isCodeStringVR(vr) || !(Values.isText(vr) || Values.isDateLike(vr)
                || ValueRepresentation.isPersonNameVR(vr) || ValueRepresentation.isAgeStringVR(vr)
                || ValueRepresentation.isApplicationEntityVR(vr) || ValueRepresentation.isUniversalResourceVR(vr))) {
            return a; // codes and numbers describe, they do not identify
        }
        return mode == Mode.DUMMY ? Values.dummy(a, ctx.charset) : clean(a);
    }

    /** Walks a copy of the sequence; returns the original object when nothing inside changed. */
    private Attribute walkSequence(SequenceAttribute seq, Mode mode) throws DicomException {
        SequenceAttribute copy = new SequenceAttribute(seq.getTag());
        boolean changed = false;
        for (int i = 0; i < seq.getNumberOfItems(); i++) {
            AttributeList item = new AttributeList();
            item.putAll(seq.getItem(i).getAttributeList());
            changed |= processList(item, mode);
            copy.addItem(item);
        }
        return changed ? copy : seq;
    }

    /** A private creator whose block lost every member goes too (it alone still names the vendor). */
    private static boolean removeOrphanPrivateCreators(AttributeList list, Consumer<Attribute> originals) {
        List<AttributeTag> orphans = new ArrayList<>();
        for (AttributeTag tag : list.keySet()) {
            if (tag.isPrivateCreator() && !hasBlockMembers(list, tag)) {
                orphans.add(tag);
            }
        }
        removeAll(list, orphans, originals);
        return !orphans.isEmpty();
    }

    private static void removeAll(AttributeList list, Collection<AttributeTag> tags, Consumer<Attribute> originals) {
        for (AttributeTag tag : List.copyOf(tags)) {
            originals.accept(list.remove(tag));
        }
    }

    private static boolean hasBlockMembers(AttributeList list, AttributeTag creator) {
        int block = creator.getElement() << 8;
        AttributeTag from = new AttributeTag(creator.getGroup(), block);
        AttributeTag to = new AttributeTag(creator.getGroup(), block | 0xFF);
        return !list.subMap(from, true, to, true).isEmpty();
    }
}
