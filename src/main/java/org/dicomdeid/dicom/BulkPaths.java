package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bulk values of a data set by path, e.g. {@code (7FE0,0010)} or {@code (0088,0200)[1]/(7FE0,0010)}. */
final class BulkPaths {
    private BulkPaths() {
    }

    static Map<String, BulkValue> of(AttributeList list) {
        Map<String, BulkValue> found = new LinkedHashMap<>();
        Deque<Map.Entry<String, AttributeList>> pending = new ArrayDeque<>();
        pending.push(Map.entry("", list));
        while (!pending.isEmpty()) {
            Map.Entry<String, AttributeList> next = pending.pop();
            for (Attribute a : next.getValue().values()) {
                if (a instanceof BulkValue bulk) {
                    found.put(next.getKey() + StrictParser.tag(a.getTag()), bulk);
                } else if (a instanceof SequenceAttribute seq && seq.getNumberOfItems() > 0) {
                    String path = next.getKey() + StrictParser.tag(a.getTag());
                    int i = 1;
                    for (Iterator<SequenceItem> it = seq.iterator(); it.hasNext(); i++) {
                        pending.push(Map.entry(path + "[" + i + "]/", it.next().getAttributeList()));
                    }
                }
            }
        }
        return found;
    }
}
