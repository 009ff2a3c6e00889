package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.ValueRepresentation;
import org.dicomdeid.policy.Action;
import org.dicomdeid.policy.IdentifyingAttributes;
import org.dicomdeid.policy.Policy;
import org.dicomdeid.policy.ProfileOption;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identifying values of one input, collected before de-identification (names and their
 * components, IDs, the birth date in every spelling, institutions and addresses, original UIDs;
 * which attributes: {@link IdentifyingAttributes}), and a search for them in text, folded for
 * case, accents and separators ({@link NormalisedText}). Short needles (a name component, a short
 * ID) must stand as a word; longer ones (a whole name written SMITHJOHN, a long ID) are found
 * anywhere. Never put the values themselves in a message: {@link #toString()} gives counts.
 */
public final class IdentifyingValues {
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static final java.util.regex.Pattern GERMAN_UMLAUTS = java.util.regex.Pattern.compile("[äöüÄÖÜ]|u\u0308|a\u0308|o\u0308");
    /** Precompiled: String.split compiles these patterns on every call. */
    private static final java.util.regex.Pattern NAME_WORD_SEPARATORS = java.util.regex.Pattern.compile("[\\s,.\\-'’]+");
    private static final java.util.regex.Pattern PLACE_SEPARATORS = java.util.regex.Pattern.compile("[\\^\\r\\n,;]+");
    private static final int MIN_WORD = 3;        // shorter Latin words are too common to search
    private static final int MIN_ANYWHERE = 6;    // from this length a value is searched inside words
    private static final int MIN_UID_IN_TEXT = 10;

    /** A folded value and whether it must stand as a word. */
    private record Needle(String key, boolean word) {
    }

    private static final IdentifyingValues NONE = new IdentifyingValues();
    /** What de-identification itself writes: an input that already says ANONYMIZED identifies no one by it. */
    private static final Set<String> OWN_DUMMIES = Set.of(NormalisedText.key(Values.DUMMY_TEXT),
            NormalisedText.key(CodeItems.DUMMY_VALUE), NormalisedText.key(CodeItems.DUMMY_SCHEME),
            NormalisedText.key(CodeItems.DUMMY_MEANING));

    private final Map<String, Needle> needles = new LinkedHashMap<>();
    private final Set<String> uids = new HashSet<>();
    /** Dates whose spellings are in: a spelling once put stays, so a date again adds nothing. */
    private final Set<LocalDate> datesAdded = new HashSet<>();

    private IdentifyingValues() {
    }

    public static IdentifyingValues none() {
        return NONE;
    }

    /** Collects the values of {@code input} that {@code policy} does not release itself. */
    public static IdentifyingValues collect(AttributeList input, Policy policy) {
        IdentifyingValues v = new IdentifyingValues();
        v.collect(input, policy, !policy.has(ProfileOption.RETAIN_UIDS));
        return v;
    }

    private void collect(AttributeList list, Policy policy, boolean withUids) {
        for (Attribute a : list.values()) {
            if (a instanceof SequenceAttribute seq) {
                for (Iterator<SequenceItem> it = seq.iterator(); it.hasNext(); ) {
                    collect(it.next().getAttributeList(), policy, withUids);
                }
                continue;
            }
            if (a.getTag().isFileMetaInformationGroup() && !a.getTag().equals(
                    com.pixelmed.dicom.TagFromName.MediaStorageSOPInstanceUID)) {
                continue;
            }
            if (policy.rules().actionFor(a.getTag()).orElse(null) == Action.KEEP) {
                continue; // released by the policy's own decision
            }
            byte[] vr = Values.effectiveVR(a);
            boolean isUid = withUids && vr != null && ValueRepresentation.isUniqueIdentifierVR(vr);
            java.util.Optional<IdentifyingAttributes.Kind> kind = isUid ? java.util.Optional.empty()
                    : IdentifyingAttributes.get().kindOf(a.getTag());
            if (!isUid && kind.isEmpty()) {
                continue; // its values are not needed: formatting them (numbers) cost more than the rest
            }
            String[] values = Attribute.getStringValues(a);
            if (values == null) {
                continue;
            }
            if (isUid) {
                for (String u : values) {
                    String uid = u.replace("\0", "").strip();
                    if (!uid.isEmpty() && !UidMapper.isStandardUid(uid)) {
                        uids.add(uid);
                    }
                }
                continue;
            }
            for (String value : values) {
                add(kind.get(), value);
            }
        }
    }

    /** Adds one value of the given kind. */
    void add(IdentifyingAttributes.Kind kind, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        switch (kind) {
            case NAME -> addName(value);
            case IDENTIFIER -> addIdentifier(value);
            case BIRTH_DATE -> addDate(value);
            case PLACE -> addPlace(value);
        }
    }

    private void addName(String value) {
        for (String group : value.split("=")) {
            List<String> components = new ArrayList<>();
            for (String c : group.split("\\^")) {
                String key = NormalisedText.key(c);
                String transliterated = isAscii(c) ? key // no umlaut to transliterate
                        : NormalisedText.key(GERMAN_UMLAUTS.matcher(c).replaceAll(m ->
                        m.group().toLowerCase(java.util.Locale.ROOT).equals("ß") ? "ss"
                                : Normalizer.normalize(m.group(), Normalizer.Form.NFD).substring(0, 1) + "e"));
                addWord(transliterated); // Müller is also written Mueller
                if (!key.isEmpty()) {
                    components.add(key);
                }
                for (String word : NAME_WORD_SEPARATORS.split(c)) {
                    addWord(NormalisedText.key(word));
                }
                addWord(key);
            }
            if (components.size() >= 2) {
                addAnywhere(String.join("", components));                 // SMITHJOHN, 山田太郎
                addAnywhere(components.get(1) + components.get(0));       // JOHNSMITH
            }
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private void addIdentifier(String value) {
        String key = NormalisedText.key(value); // 12-345-678 is found as 12345678 and as 12 345 678
        boolean numeric = key.chars().allMatch(Character::isDigit);
        if (key.length() >= MIN_ANYWHERE && !numeric) {
            addAnywhere(key);
        } else if (key.length() >= (numeric ? 4 : MIN_WORD)) {
            putNeedle(key, true);
        }
    }

    private void addDate(String value) {
        String v = value.strip();
        if (v.length() < 8) {
            return;
        }
        try {
            LocalDate d = LocalDate.parse(v.substring(0, 8).replace(".", ""), DA);
            if (!datesAdded.add(d)) {
                return; // Study, Series, Content Date are often one date
            }
            for (String spelling : TextDates.foldedSpellings(d)) {
                putNeedle(spelling, true);
            }
        } catch (java.time.format.DateTimeParseException e) {
            addIdentifier(v); // not a date: still searched as written
        }
    }

    private void addPlace(String value) {
        addAnywhere(NormalisedText.key(value));
        for (String part : PLACE_SEPARATORS.split(value)) {
            String key = NormalisedText.key(part);
            if (key.length() >= MIN_ANYWHERE) {
                addAnywhere(key);
            }
        }
    }

    /** A word: Latin words from three characters, CJK and hangul from two, found as whole words. */
    private void addWord(String key) {
        if (key.isEmpty()) {
            return;
        }
        boolean ideographic = NormalisedText.classOf(key.charAt(0)) == NormalisedText.IDEOGRAPHIC;
        if (ideographic && key.length() >= 2) {
            addAnywhere(key); // CJK text has no spaces between words
        } else if (key.length() >= MIN_WORD && !key.chars().allMatch(Character::isDigit)) {
            putNeedle(key, true);
        }
    }

    private void addAnywhere(String key) {
        boolean ideographic = !key.isEmpty() && NormalisedText.classOf(key.charAt(0)) == NormalisedText.IDEOGRAPHIC;
        if (key.length() >= (ideographic ? 2 : 4)) {
            needles.remove(key); // found anywhere wins over found as a word
            putNeedle(key, key.length() < MIN_ANYWHERE && !ideographic);
        }
    }

    private void putNeedle(String key, boolean word) {
        if (!OWN_DUMMIES.contains(key)) {
            needles.putIfAbsent(key, new Needle(key, word));
        }
    }

    /** A copy that more values can be added to. */
    IdentifyingValues copy() {
        IdentifyingValues c = new IdentifyingValues();
        c.needles.putAll(needles);
        c.uids.addAll(uids);
        c.datesAdded.addAll(datesAdded);
        return c;
    }

    public boolean isEmpty() {
        return needles.isEmpty() && uids.isEmpty();
    }

    /** Whether {@code text} holds any identifying value (UIDs included). */
    public boolean foundIn(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        if (uidFoundIn(text)) {
            return true;
        }
        return !ranges(NormalisedText.of(text), true).isEmpty();
    }

    /** Whether {@code uid} is one of the input's original (non-standard) UIDs. */
    public boolean isOriginalUid(String uid) {
        return uids.contains(uid.replace("\0", "").strip());
    }

    private boolean uidFoundIn(String text) {
        for (String uid : uids) {
            if (uid.length() < MIN_UID_IN_TEXT) {
                if (text.strip().equals(uid)) {
                    return true;
                }
                continue;
            }
            for (int i = text.indexOf(uid); i >= 0; i = text.indexOf(uid, i + 1)) {
                int end = i + uid.length();
                boolean before = i == 0 || !(Character.isDigit(text.charAt(i - 1)) || text.charAt(i - 1) == '.');
                boolean after = end == text.length() || !(Character.isDigit(text.charAt(end)) || text.charAt(end) == '.');
                if (before && after) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where identifying values lie in {@code text}: [start, end) pairs in the original text. */
    List<int[]> ranges(String text) {
        return ranges(NormalisedText.of(text), false);
    }

    private List<int[]> ranges(NormalisedText n, boolean firstOnly) {
        List<int[]> out = new ArrayList<>();
        String f = n.folded;
        for (Needle needle : needles.values()) {
            for (int i = f.indexOf(needle.key); i >= 0; i = f.indexOf(needle.key, i + 1)) {
                int end = i + needle.key.length();
                if (needle.word && !(n.boundaryAt(i) && n.boundaryAt(end))) {
                    continue;
                }
                out.add(new int[] {n.originalStart(i), n.originalEnd(end)});
                if (firstOnly) {
                    return out;
                }
            }
        }
        return out;
    }

    /** The original UIDs, for the scan of UI values. */
    Set<String> uids() {
        return uids;
    }

    /** Counts only: the values themselves must never reach a log or a message. */
    @Override
    public String toString() {
        return needles.size() + " folded values, " + uids.size() + " UIDs";
    }
}
