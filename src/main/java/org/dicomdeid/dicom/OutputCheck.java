package org.dicomdeid.dicom;

import com.pixelmed.dicom.AttributeTag;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An output is checked, not assumed, before it is released: every bulk value of the input is
 * either in the instance as written or was removed by the policy, and the written file, read
 * back, holds each of them at the same place with the same length, fragments and bytes.
 */
final class OutputCheck {
    private OutputCheck() {
    }

    static void verify(DicomObject object, Path written) throws QuarantineException, IOException {
        Map<String, BulkValue> expected = BulkPaths.of(object.dataset());
        if (object.policyApplied()) {
            accountForInput(object, expected);
        }
        try (DicomObject readBack = DicomReader.read(Source.of(written), ParseLimits.DEFAULTS, new ArrayList<>(), true)) {
            Set<AttributeTag> wanted = dataSetTags(object.dataset().keySet());
            Set<AttributeTag> found = dataSetTags(readBack.inputTags());
            if (!found.equals(wanted)) {
                throw incomplete("the written data set has " + found.size() + " attributes, not " + wanted.size());
            }
            Map<String, BulkValue> actual = BulkPaths.of(readBack.dataset());
            for (Map.Entry<String, BulkValue> e : expected.entrySet()) {
                compare(e.getKey(), e.getValue(), actual.get(e.getKey()));
            }
        } catch (QuarantineException e) {
            throw incomplete("the output cannot be read back: " + e.getMessage());
        }
    }

    /** Every top-level attribute and every bulk value of the input is in the output or was removed on purpose. */
    private static void accountForInput(DicomObject object, Map<String, BulkValue> expected) throws QuarantineException {
        for (AttributeTag tag : dataSetTags(object.inputTags())) {
            if (!object.dataset().containsKey(tag) && !object.wasRemovedByPolicy(tag)) {
                throw incomplete("attribute " + StrictParser.tag(tag) + " of the input was lost");
            }
        }
        Set<BulkValue> present = Collections.newSetFromMap(new IdentityHashMap<>());
        present.addAll(expected.values());
        for (BulkValue input : object.inputBulkValues()) {
            if (!present.contains(input) && !object.wasRemovedByPolicy(input)) {
                throw incomplete("a bulk value of the input, " + StrictParser.tag(input.getTag()) + ", was lost");
            }
        }
    }

    /**
     * Tags of the data set proper: not the file meta information, not group lengths (both
     * rewritten), not command elements (group 0000, which have no place in a stored data set: the
     * writer leaves them out).
     */
    private static Set<AttributeTag> dataSetTags(java.util.Collection<AttributeTag> tags) {
        Set<AttributeTag> out = new java.util.HashSet<>();
        for (AttributeTag t : tags) {
            if (t.getGroup() != 0x0002 && t.getGroup() != 0x0000 && t.getElement() != 0x0000) {
                out.add(t);
            }
        }
        return out;
    }

    private static void compare(String path, BulkValue in, BulkValue out) throws QuarantineException, IOException {
        if (out == null) {
            throw incomplete(path + " is missing");
        }
        if (out.storedLength() != in.storedLength() || out.fragments() != in.fragments()) {
            throw incomplete(path + " has another length");
        }
        if (out.bigEndian() == in.bigEndian() && out.crc() != in.crc()) {
            throw incomplete(path + " has other bytes");
        }
    }

    private static QuarantineException incomplete(String what) {
        return new QuarantineException("output check failed, nothing released: " + what);
    }
}
