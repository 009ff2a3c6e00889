package org.dicomdeid.policy;

import com.pixelmed.dicom.AttributeTag;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tag or a tag mask such as {@code (0010,xxxx)}, {@code (60XX,3000)} or the table's
 * {@code (GGGG,EEEE) where GGGG is odd}. An x stands for any hex digit. Masks on the group
 * of repeating groups (50xx, 60xx) only match even groups, as the standard means them.
 */
public final class TagPattern {
    private static final Pattern FORM = Pattern.compile("\\(?\\s*([0-9A-FX]{4})\\s*,\\s*([0-9A-FX]{4})\\s*\\)?");

    private final int groupValue;
    private final int groupMask;
    private final int elementValue;
    private final int elementMask;
    private final boolean privateOnly;
    private final String text;

    private TagPattern(int groupValue, int groupMask, int elementValue, int elementMask,
                       boolean privateOnly, String text) {
        this.groupValue = groupValue;
        this.groupMask = groupMask;
        this.elementValue = elementValue;
        this.elementMask = elementMask;
        this.privateOnly = privateOnly;
        this.text = text;
    }

    public static TagPattern parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("(GGGG,EEEE)")) {
            return new TagPattern(0, 0, 0, 0, true, text.trim());
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a tag: '" + text + "' (expected (gggg,eeee), x for any digit)");
        }
        int[] g = valueAndMask(m.group(1));
        int[] e = valueAndMask(m.group(2));
        return new TagPattern(g[0], g[1], e[0], e[1], false, text.trim());
    }

    private static int[] valueAndMask(String hex) {
        int value = 0;
        int mask = 0;
        for (char c : hex.toCharArray()) {
            value <<= 4;
            mask <<= 4;
            if (c != 'X') {
                value |= Character.digit(c, 16);
                mask |= 0xF;
            }
        }
        return new int[]{value, mask};
    }

    public boolean isExact() {
        return !privateOnly && groupMask == 0xFFFF && elementMask == 0xFFFF;
    }

    public boolean isPrivateWildcard() {
        return privateOnly;
    }

    public AttributeTag exactTag() {
        if (!isExact()) {
            throw new IllegalStateException(text + " is a mask");
        }
        return new AttributeTag(groupValue, elementValue);
    }

    public boolean matches(AttributeTag tag) {
        int group = tag.getGroup();
        if (privateOnly) {
            return (group & 1) == 1;
        }
        if (groupMask != 0xFFFF && (group & 1) == 1 && (groupValue & 1) == 0) {
            return false; // a mask on a standard group never reaches into private ones
        }
        return (group & groupMask) == groupValue && (tag.getElement() & elementMask) == elementValue;
    }

    /** Whether the pattern matches only attributes of {@code group}. */
    boolean isInGroup(int group) {
        return !privateOnly && groupMask == 0xFFFF && groupValue == group;
    }

    /** Whether the pattern can match private (odd group) attributes. */
    boolean matchesPrivateGroups() {
        return privateOnly || (groupMask & groupValue & 1) == 1; // a free last digit never reaches odd groups
    }

    /** Whether some tag matches both patterns. */
    boolean overlaps(TagPattern other) {
        return commonTag(other).isPresent();
    }

    /**
     * A tag that both patterns match, if there is one: the digits either fixes, the others 0 (1 for
     * the group's last bit when one of them asks for odd groups). Lint asks the rulebook which rule
     * wins there.
     */
    java.util.Optional<AttributeTag> commonTag(TagPattern other) {
        if (((groupValue ^ other.groupValue) & groupMask & other.groupMask) != 0
                || ((elementValue ^ other.elementValue) & elementMask & other.elementMask) != 0) {
            return java.util.Optional.empty();
        }
        int group = (groupValue & groupMask) | (other.groupValue & other.groupMask);
        if ((privateOnly || other.privateOnly) && (groupMask & other.groupMask & 1) == 0) {
            group |= 1;
        }
        AttributeTag tag = new AttributeTag(group, (elementValue & elementMask) | (other.elementValue & other.elementMask));
        return matches(tag) && other.matches(tag) ? java.util.Optional.of(tag) : java.util.Optional.empty();
    }

    /** Exact tags first, then narrower masks, so the most specific rule wins. */
    int specificity() {
        return privateOnly ? 0 : Integer.bitCount(groupMask) + Integer.bitCount(elementMask);
    }

    @Override
    public String toString() {
        return text;
    }
}
