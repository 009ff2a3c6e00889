package org.dicomdeid.dicom;

import java.io.IOException;
import java.nio.file.Path;
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
        Set<BulkValue> present = Collections.newSetFromMap(new IdentityHashMap<>());
        present.addAll(expected.values());
        for (BulkValue input : object.inputBulkValues()) {
            if (!present.contains(input) && !object.wasRemovedByPolicy(input)) {
                throw incomplete("a bulk value of the input, " + StrictParser.tag(input.getTag())
                        + ", was lost");
            }
        }
        if (expected.isEmpty()) {
            return;
        }
        Map<String, BulkValue> actual;
        try (DicomObject readBack = DicomReader.read(Source.of(written), ParseLimits.DEFAULTS)) {
            actual = BulkPaths.of(readBack.dataset());
            for (Map.Entry<String, BulkValue> e : expected.entrySet()) {
                compare(e.getKey(), e.getValue(), actual.get(e.getKey()));
            }
        } catch (QuarantineException e) {
            throw incomplete("the output cannot be read back: " + e.getMessage());
        }
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
