package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.ValueRepresentation;
import org.dicomdeid.policy.Action;
import org.dicomdeid.policy.PrivateAttributePolicy;
import org.dicomdeid.policy.Rulebook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
                ctx.trace.act("X", "file meta information (group 0002) has no place inside an item");
            } else {
                replacement = process(a, list, mode);
            }
            ctx.trace.decided(a, replacement);
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
                    .keySet(), originals, "the overlay plane goes with its Overlay Data (60xx,3000)");
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
        ctx.trace.why(rule.get().source());
        return apply(rule.get().action(), a, mode);
    }

    private Attribute processPrivate(Attribute a, AttributeList container, Mode mode) throws DicomException {
        AttributeTag tag = a.getTag();
        Optional<Rulebook.Rule> override = ctx.policy.rules().privateOverrideFor(tag);
        if (override.isPresent()) {
            ctx.trace.why(override.get().source());
            return apply(override.get().action(), a, mode);
        }
        if (tag.isPrivateCreator()) {
            ctx.trace.act("K", "private creator: kept while its block has members");
            return a; // kept while its block has members; see removeOrphanPrivateCreators
        }
        if (tag.getElement() < 0x0010) {
            ctx.trace.act("X", "private group length or element outside any block");
            return null; // group length or an element outside any block
        }
        String creator = container.getPrivateCreatorString(tag);
        PrivateAttributePolicy.Verdict verdict = ctx.policy.privateAttributes().verdict(creator, tag);
        ctx.trace.why(verdict.reason());
        if (!verdict.keep()) {
            ctx.trace.act("X", null);
            ctx.counted(Action.REMOVE);
            return null;
        }
        return unnamed(a, mode);
    }

    Attribute apply(Action action, Attribute a, Mode mode) throws DicomException {
        if (mode == Mode.DUMMY && (action == Action.KEEP || action == Action.CLEAN || action == Action.MODIFY_DATES)) {
            action = Action.DUMMY; // inside a dummied sequence nothing of the original is kept
            ctx.trace.why("inside a sequence replaced by dummies: D");
        }
        ctx.trace.act(action.letter(), null);
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
            ctx.trace.act("K", "no rule names it: the sequence is kept and its items walked" + INSIDE[mode.ordinal()]);
            return walkSequence(seq, mode);
        }
        if (Values.isEmpty(a)) {
            ctx.trace.act("K", "no rule names it; empty");
            return a;
        }
        byte[] vr = Values.effectiveVR(a);
        if (vr == null || CodeItems.isCodeKey(a.getTag())) {
            ctx.trace.act("K", "a code: judged with its item (dummy code where the item identifies)");
            return a; // codes are judged item by item, see CodeItems
        }
        if (mode == Mode.NORMAL) {
            return unlisted.safetyNet(a, vr);
        }
        ctx.trace.why("no rule names it" + INSIDE[mode.ordinal()]);
        if (ValueRepresentation.isUniqueIdentifierVR(vr)) {
            ctx.trace.act("U", "instance UIDs replaced");
            return uidValues.replaceInstanceUids(a);
        }
        boolean identifying = Values.isText(vr) || Values.isDateLike(vr) || ValueRepresentation.isPersonNameVR(vr)
                || ValueRepresentation.isAgeStringVR(vr) || ValueRepresentation.isApplicationEntityVR(vr)
                || ValueRepresentation.isUniversalResourceVR(vr);
        if (mode == Mode.DUMMY && Values.isBinary(vr)) {
            ctx.trace.act("D", null);
            return Values.dummy(a, ctx.charset); // whatever a blob held came from the original
        }
        if (!identifying) {
            ctx.trace.act("K", "structure and numbers describe, they do not identify");
            return a; // structure (CS) and numbers describe, they do not identify
        }
        ctx.trace.act(mode == Mode.CLEAN ? "C" : "D", null);
        return mode == Mode.CLEAN ? clean(a) : Values.dummy(a, ctx.charset);
    }

    /** Why a sequence's items are treated as they are, by {@link Mode}. */
    private static final String[] INSIDE = {"", ", inside a sequence replaced by dummies",
        ", inside a reference sequence (X/Z/U*: UIDs replaced, codes and numbers kept, the rest dummied)",
        ", inside a sequence being cleaned (C)"};

    /**
     * Walks a copy of the sequence (with the item iterator: items are a linked list, getItem(i)
     * would make this quadratic); returns the original object when nothing inside changed.
     */
    private Attribute walkSequence(SequenceAttribute seq, Mode mode) throws DicomException {
        SequenceAttribute copy = new SequenceAttribute(seq.getTag());
        boolean changed = false;
        int index = 0;
        for (Iterator<SequenceItem> it = seq.iterator(); it.hasNext(); index++) {
            AttributeList item = new AttributeList();
            item.putAll(it.next().getAttributeList());
            ctx.trace.enter(seq.getTag(), index);
            boolean identifyingCode = CodeItems.identifies(item, ctx.identifying());
            changed |= processList(item, mode, original -> { }, true);
            if (mode == Mode.DUMMY || identifyingCode) {
                Map<AttributeTag, Attribute> before = ctx.trace.on() ? codeOf(item) : Map.of();
                boolean replaced = CodeItems.replaceWithDummyCode(item, ctx.charset);
                if (replaced && ctx.trace.on()) {
                    traceDummyCode(before, item, mode == Mode.DUMMY ? "inside a sequence replaced by dummies"
                            : "the item's code is one of the instance's identifying values");
                }
                changed |= replaced;
            }
            ctx.trace.leave();
            copy.addItem(item);
        }
        return changed ? copy : seq;
    }

    private static Map<AttributeTag, Attribute> codeOf(AttributeList item) {
        Map<AttributeTag, Attribute> code = new HashMap<>();
        for (AttributeTag tag : CodeItems.REPLACED) {
            if (item.get(tag) != null) {
                code.put(tag, item.get(tag));
            }
        }
        return code;
    }

    private void traceDummyCode(Map<AttributeTag, Attribute> before, AttributeList item, String why) {
        for (AttributeTag tag : CodeItems.REPLACED) {
            Attribute was = before.get(tag);
            Attribute now = item.get(tag);
            if (was != now) {
                ctx.trace.decided(was, now == null ? "X" : "D", why + ": the dummy code DEID/99DEID", now);
            }
        }
    }

    /** A private creator whose block lost every member goes too (it alone still names the vendor). */
    private boolean removeOrphanPrivateCreators(AttributeList list, Consumer<Attribute> originals) {
        List<AttributeTag> orphans = new ArrayList<>();
        for (AttributeTag tag : list.keySet()) {
            if (tag.isPrivateCreator() && !hasBlockMembers(list, tag)) {
                orphans.add(tag);
            }
        }
        removeAll(list, orphans, originals, "private creator: its block lost every member");
        return !orphans.isEmpty();
    }

    private void removeAll(AttributeList list, Collection<AttributeTag> tags, Consumer<Attribute> originals,
                           String why) {
        for (AttributeTag tag : List.copyOf(tags)) {
            Attribute removed = list.remove(tag);
            originals.accept(removed);
            ctx.trace.decided(removed, "X", why, null);
        }
    }

    private static boolean hasBlockMembers(AttributeList list, AttributeTag creator) {
        int block = creator.getElement() << 8;
        AttributeTag from = new AttributeTag(creator.getGroup(), block);
        AttributeTag to = new AttributeTag(creator.getGroup(), block | 0xFF);
        return !list.subMap(from, true, to, true).isEmpty();
    }
}
