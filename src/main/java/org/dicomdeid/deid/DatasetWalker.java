package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.ValueRepresentation;
import org.dicomdeid.policy.Action;
import org.dicomdeid.policy.Rulebook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies the rules to every attribute of a dataset, recursively in every sequence item.
 * It returns replacements instead of changing attributes: {@link #process} gives the same object
 * when nothing changed, a new one when something did, or null when the attribute goes.
 * Sequences are copied (items new, unchanged leaves shared) before anything inside them changes.
 * Attributes no rule names go through a safety net driven by their VR ({@link UnlistedValues}).
 */
final class DatasetWalker {
    /**
     * How attributes are treated beyond their own rule: NORMAL (the VR safety net for unnamed
     * ones), inside a sequence the profile replaces with a dummy (D: every value that came from
     * the original is dummied, codes included; only structure (CS) and numbers stay), inside a
     * reference sequence (X/Z/U*: UIDs mapped, codes and numbers kept, the rest dummied), or
     * inside a sequence the profile cleans (C).
     */
    enum Mode { NORMAL, DUMMY, REFERENCES, CLEAN }

    private final InstanceContext ctx;
    private final UidValues uidValues;
    private final UnlistedValues unlisted;

    DatasetWalker(InstanceContext ctx) {
        this.ctx = ctx;
        this.uidValues = new UidValues(ctx);
        this.unlisted = new UnlistedValues(ctx, uidValues);
    }

    /** Processes every attribute of {@code list} in place; true when anything changed. */
    boolean processList(AttributeList list, Mode mode) throws DicomException {
        return processList(list, mode, original -> { }, false);
    }

    /**
     * Processes every attribute of the top-level {@code list} in place, handing each attribute that
     * is replaced or removed, as it was, to {@code originals}; true when anything changed.
     */
    boolean processList(AttributeList list, Mode mode, Consumer<Attribute> originals) throws DicomException {
        return processList(list, mode, originals, false);
    }

    private boolean processList(AttributeList list, Mode mode, Consumer<Attribute> originals, boolean nested)
            throws DicomException {
        boolean changed = false;
        Set<Integer> overlayGroupsRemoved = new HashSet<>();
        for (AttributeTag tag : new ArrayList<>(list.keySet())) {
            Attribute a = list.get(tag);
            Attribute replacement;
            if (tag.isFileMetaInformationGroup()) {
                if (!nested) {
                    continue; // the file meta information is rewritten from scratch when the file is written
                }
                replacement = null; // group 0002 has no business inside an item: whatever it holds goes
            } else {
                replacement = process(a, list, mode);
            }
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
            ctx.counted(Action.REMOVE);
            return null;
        }
        return unnamed(a, mode);
    }

    Attribute apply(Action action, Attribute a, Mode mode) throws DicomException {
        if (mode == Mode.DUMMY && (action == Action.KEEP || action == Action.CLEAN || action == Action.MODIFY_DATES)) {
            action = Action.DUMMY; // inside a dummied sequence nothing of the original is kept
        }
        ctx.counted(action);
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
                    ? walkSequence(seq, mode == Mode.DUMMY ? Mode.DUMMY : Mode.REFERENCES) : uidValues.replaceAll(a);
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
        if (vr == null || Values.isBinary(vr)) {
            return null; // a bitmap, curve data or blob cannot be cleaned by text rules: it goes
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
            return unlisted.cleanText(a, vr);
        }
        return a; // codes and numbers: no free text to clean
    }

    /** An attribute no rule names: the VR safety net, or the treatment of the sequence it lies in. */
    private Attribute unnamed(Attribute a, Mode mode) throws DicomException {
        if (a instanceof SequenceAttribute seq) {
            return walkSequence(seq, mode);
        }
        if (Values.isEmpty(a)) {
            return a;
        }
        byte[] vr = Values.effectiveVR(a);
        if (vr == null || CodeItems.isCodeKey(a.getTag())) {
            return a; // codes are judged item by item, see CodeItems
        }
        if (mode == Mode.NORMAL) {
            return unlisted.safetyNet(a, vr);
        }
        if (ValueRepresentation.isUniqueIdentifierVR(vr)) {
            return uidValues.replaceInstanceUids(a);
        }
        boolean identifying = Values.isText(vr) || Values.isDateLike(vr) || ValueRepresentation.isPersonNameVR(vr)
                || ValueRepresentation.isAgeStringVR(vr) || ValueRepresentation.isApplicationEntityVR(vr)
                || ValueRepresentation.isUniversalResourceVR(vr);
        if (mode == Mode.DUMMY && Values.isBinary(vr)) {
            return Values.dummy(a, ctx.charset); // whatever a blob held came from the original
        }
        if (!identifying) {
            return a; // structure (CS) and numbers describe, they do not identify
        }
        return mode == Mode.CLEAN ? clean(a) : Values.dummy(a, ctx.charset);
    }

    /**
     * Walks a copy of the sequence (with the item iterator: items are a linked list, getItem(i)
     * would make this quadratic); returns the original object when nothing inside changed.
     */
    private Attribute walkSequence(SequenceAttribute seq, Mode mode) throws DicomException {
        SequenceAttribute copy = new SequenceAttribute(seq.getTag());
        boolean changed = false;
        for (Iterator<SequenceItem> it = seq.iterator(); it.hasNext(); ) {
            AttributeList item = new AttributeList();
            item.putAll(it.next().getAttributeList());
            boolean identifyingCode = CodeItems.identifies(item, ctx.identifying());
            changed |= processList(item, mode, original -> { }, true);
            if (mode == Mode.DUMMY || identifyingCode) {
                changed |= CodeItems.replaceWithDummyCode(item, ctx.charset);
            }
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
