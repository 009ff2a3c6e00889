package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One test on one top-level header attribute. Values are compared as text: all values of a
 * multi-valued attribute joined with a backslash (as in the DICOM encoding), surrounding spaces
 * trimmed. An absent attribute has the empty text.
 */
public record AttributeCondition(String keyword, AttributeTag tag, Kind kind, List<String> operands,
                                 Pattern pattern) {

    /** How the attribute's text is tested against the operands. */
    public enum Kind {
        /** The whole text equals the operand. */
        EQUALS,
        /** The whole text equals one of the operands. */
        IN,
        /** The whole text matches the regular expression (Java syntax, full match). */
        REGEX,
        /** One of the attribute's values equals the operand (e.g. ImageType contains SECONDARY). */
        CONTAINS
    }

    public static AttributeCondition equalTo(String keyword, AttributeTag tag, String value) {
        return new AttributeCondition(keyword, tag, Kind.EQUALS, List.of(value), null);
    }

    public static AttributeCondition oneOf(String keyword, AttributeTag tag, List<String> values) {
        return new AttributeCondition(keyword, tag, Kind.IN, List.copyOf(values), null);
    }

    public static AttributeCondition matching(String keyword, AttributeTag tag, Pattern pattern) {
        return new AttributeCondition(keyword, tag, Kind.REGEX, List.of(pattern.pattern()), pattern);
    }

    public static AttributeCondition containing(String keyword, AttributeTag tag, String value) {
        return new AttributeCondition(keyword, tag, Kind.CONTAINS, List.of(value), null);
    }

    public boolean test(AttributeList list) {
        String text = Attribute.getDelimitedStringValuesOrEmptyString(list, tag).trim();
        return switch (kind) {
            case EQUALS, IN -> operands.contains(text);
            case REGEX -> pattern.matcher(text).matches();
            case CONTAINS -> Arrays.stream(text.split("\\\\", -1)).map(String::trim)
                    .anyMatch(operands.get(0)::equals);
        };
    }
}
