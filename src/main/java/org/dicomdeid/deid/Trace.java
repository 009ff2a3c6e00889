package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Follows the engine's walk and hands each decision, with its path and reasons, to a
 * {@link DecisionListener}. The engine reports to it as it decides, so an explanation can never
 * drift from what is done. Without a listener the engine holds {@link #OFF}, whose methods return
 * at once: no path is formatted, no reason is built.
 * <p>
 * Reasons and the action are gathered per nesting level (a sequence's reason survives the walk
 * of its items) and handed over when the attribute's replacement is known.
 */
final class Trace {
    static final Trace OFF = new Trace(null);

    private static final class Level {
        final String prefix;
        String action;
        StringBuilder why;

        Level(String prefix) {
            this.prefix = prefix;
        }
    }

    private final DecisionListener listener;
    private final Deque<Level> levels = new ArrayDeque<>();

    private Trace(DecisionListener listener) {
        this.listener = listener;
        levels.push(new Level(""));
    }

    /** A trace for one instance (a trace holds the walk's state: one per instance). */
    static Trace to(DecisionListener listener) {
        return listener == null ? OFF : new Trace(listener);
    }

    boolean on() {
        return listener != null;
    }

    /** Adds a reason for the attribute being decided at the current level. */
    void why(String reason) {
        if (listener == null) {
            return;
        }
        Level level = levels.peek();
        if (level.why == null) {
            level.why = new StringBuilder(reason);
        } else {
            level.why.append("; ").append(reason);
        }
    }

    /** The action taken (the last one given holds), with an optional reason. */
    void act(String letter, String reason) {
        if (listener == null) {
            return;
        }
        levels.peek().action = letter;
        if (reason != null) {
            why(reason);
        }
    }

    /** The walk enters item {@code index} of the sequence {@code tag}. */
    void enter(AttributeTag tag, int index) {
        if (listener != null) {
            levels.push(new Level(levels.peek().prefix + Decision.pathOf(tag) + "[" + index + "]/"));
        }
    }

    void leave() {
        if (listener != null) {
            levels.pop();
        }
    }

    /**
     * {@code original} was decided, {@code result} is what is written (the same object: kept;
     * null: removed). Without an action given, it is read from what happened.
     */
    void decided(Attribute original, Attribute result) {
        if (listener == null) {
            return;
        }
        Level level = levels.peek();
        String action = level.action != null ? level.action : result == null ? "X" : result == original ? "K" : "C";
        String why = level.why == null ? "" : level.why.toString();
        level.action = null;
        level.why = null;
        String path = level.prefix + Decision.pathOf((original != null ? original : result).getTag());
        listener.decided(Decision.of(path, original, action, why, result));
        if (original instanceof SequenceAttribute seq && (result == null || result instanceof SequenceAttribute s
                && s.getNumberOfItems() == 0 && seq.getNumberOfItems() > 0)) {
            removedWith(seq, path + "[");
        }
    }

    /** A decision taken after the walk (a pseudonym, a dummy code, tracking): reported at once. */
    void decided(Attribute original, String action, String reason, Attribute result) {
        if (listener == null) {
            return;
        }
        act(action, reason);
        decided(original, result);
        if (original instanceof SequenceAttribute seq && result instanceof SequenceAttribute written && seq != written) {
            // a sequence written anew (tracking): what the walk said of the old items no longer holds
            removedWith(seq, Decision.pathOf(seq.getTag()) + "[");
        }
        if (result instanceof SequenceAttribute written && written != original) {
            addedWith(written, levels.peek().prefix + Decision.pathOf(written.getTag()) + "[", action, reason);
        }
    }

    /** The items of a sequence the engine wrote itself are reported as its own. */
    private void addedWith(SequenceAttribute seq, String itemPrefix, String action, String reason) {
        int index = 0;
        for (Iterator<SequenceItem> it = seq.iterator(); it.hasNext(); index++) {
            String prefix = itemPrefix + index + "]/";
            for (Attribute a : it.next().getAttributeList().values()) {
                String path = prefix + Decision.pathOf(a.getTag());
                listener.decided(Decision.of(path, null, action, reason, a));
                if (a instanceof SequenceAttribute inner) {
                    addedWith(inner, path + "[", action, reason);
                }
            }
        }
    }

    /** Everything inside a removed or emptied sequence goes with it, and is listed as such. */
    private void removedWith(SequenceAttribute seq, String itemPrefix) {
        int index = 0;
        for (Iterator<SequenceItem> it = seq.iterator(); it.hasNext(); index++) {
            AttributeList item = it.next().getAttributeList();
            String prefix = itemPrefix + index + "]/";
            for (Attribute a : item.values()) {
                String path = prefix + Decision.pathOf(a.getTag());
                listener.decided(Decision.of(path, a, "X", "removed with its sequence", null));
                if (a instanceof SequenceAttribute inner) {
                    removedWith(inner, path + "[");
                }
            }
        }
    }
}
