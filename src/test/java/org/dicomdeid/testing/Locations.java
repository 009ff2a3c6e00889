package org.dicomdeid.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Locations of attributes inside a data set, written as "(0008,1110)[0]/(0010,0010)":
 * tags separated by '/', each sequence step naming its item index. "meta/" prefixes file meta
 * attributes only for readability; lookups ignore it (meta attributes sit in the same list).
 */
public final class Locations {
    private static final Pattern STEP = Pattern.compile("\\(([0-9A-F]{4}),([0-9A-F]{4})\\)(?:\\[(\\d+)])?");

    private Locations() {
    }

    public static String of(AttributeTag tag) {
        return String.format("(%04X,%04X)", tag.getGroup(), tag.getElement());
    }

    public static String item(String sequenceLocation, int index) {
        return sequenceLocation + "[" + index + "]/";
    }

    /** The attribute at {@code location}, or null when any step is missing. */
    public static Attribute find(AttributeList list, String location) {
        String path = location.startsWith("meta/") ? location.substring(5) : location;
        AttributeList current = list;
        String[] steps = path.split("/");
        for (int i = 0; i < steps.length; i++) {
            Matcher m = STEP.matcher(steps[i]);
            if (!m.matches() || current == null) {
                return null;
            }
            Attribute a = current.get(new AttributeTag(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16)));
            if (i == steps.length - 1) {
                return a;
            }
            if (!(a instanceof SequenceAttribute sq) || m.group(3) == null) {
                return null;
            }
            int index = Integer.parseInt(m.group(3));
            current = index < sq.getNumberOfItems() ? sq.getItem(index).getAttributeList() : null;
        }
        return null;
    }

    /** The delimited string value at {@code location}, or null when absent. */
    public static String stringAt(AttributeList list, String location) {
        Attribute a = find(list, location);
        return a == null ? null : a.getDelimitedStringValuesOrEmptyString();
    }
}
