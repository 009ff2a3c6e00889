package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.TagFromName;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One DICOM instance travelling through the pipeline: its dataset (file meta information
 * included, group 0002) and the transfer syntax its data set is, and will be, encoded in.
 * This is the body type the Camel processors exchange.
 * <p>
 * A parsed instance also knows the bulk values its input held ({@link BulkValue}s, still in the
 * input file) and which of them a policy removed, so that the writer can check that the output
 * lacks nothing else. Temporary files behind it (a received stream, an inflated data set) go
 * when it is closed, or when it is collected.
 */
public final class DicomObject implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final AttributeList dataset;
    private String transferSyntaxUID;
    private final List<BulkValue> inputBulkValues;
    private final List<AttributeTag> inputTags;
    private final Set<BulkValue> removedByPolicy = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<AttributeTag> tagsRemovedByPolicy = new java.util.HashSet<>();
    private boolean policyApplied;
    private final Cleaner.Cleanable temporaries;

    public DicomObject(AttributeList dataset, String transferSyntaxUID) {
        this(dataset, transferSyntaxUID, List.of(), List.of(), List.of());
    }

    DicomObject(AttributeList dataset, String transferSyntaxUID, List<BulkValue> inputBulkValues,
                List<AttributeTag> inputTags, List<Path> temporaryFiles) {
        this.inputTags = List.copyOf(inputTags);
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.transferSyntaxUID = Objects.requireNonNull(transferSyntaxUID, "transferSyntaxUID");
        this.inputBulkValues = List.copyOf(inputBulkValues);
        List<Path> files = List.copyOf(temporaryFiles);
        this.temporaries = files.isEmpty() ? null : CLEANER.register(this, () -> deleteAll(files));
    }

    private static void deleteAll(List<Path> files) {
        files.forEach(Temporaries::deleteQuietly);
    }

    public AttributeList dataset() {
        return dataset;
    }

    public String transferSyntaxUID() {
        return transferSyntaxUID;
    }

    /** Used when pixel data had to be decoded and is written uncompressed. */
    public void transferSyntaxUID(String uid) {
        this.transferSyntaxUID = Objects.requireNonNull(uid);
    }

    public String sopInstanceUID() {
        return stringValue(TagFromName.SOPInstanceUID);
    }

    public String sopClassUID() {
        return stringValue(TagFromName.SOPClassUID);
    }

    private String stringValue(AttributeTag tag) {
        return com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(dataset, tag);
    }

    /** The bulk values the input held, where they were read. */
    List<BulkValue> inputBulkValues() {
        return inputBulkValues;
    }

    /**
     * Records that the policy took these attributes out on purpose (removed, or replaced — pixel
     * cleaning): any input bulk value among them, at any depth, is not expected in the output.
     */
    public void removedByPolicy(Iterable<Attribute> attributes) {
        policyApplied = true;
        for (Attribute a : attributes) {
            tagsRemovedByPolicy.add(a.getTag());
            collectBulk(a, removedByPolicy);
        }
    }

    /** Whether a policy said what it removed: then everything else of the input must be written. */
    boolean policyApplied() {
        return policyApplied;
    }

    /** The top-level tags of the input, as read (file meta information included). */
    List<AttributeTag> inputTags() {
        return inputTags;
    }

    boolean wasRemovedByPolicy(AttributeTag tag) {
        return tagsRemovedByPolicy.contains(tag);
    }

    boolean wasRemovedByPolicy(BulkValue value) {
        return removedByPolicy.contains(value);
    }

    /** Every bulk value reachable from {@code a} (a sequence's items included), by identity. */
    static void collectBulk(Attribute a, Set<BulkValue> into) {
        List<Attribute> pending = new ArrayList<>(List.of(a));
        while (!pending.isEmpty()) {
            Attribute next = pending.remove(pending.size() - 1);
            if (next instanceof BulkValue bulk) {
                into.add(bulk);
            } else if (next instanceof SequenceAttribute seq) {
                for (java.util.Iterator<SequenceItem> it = seq.iterator(); it.hasNext(); ) {
                    pending.addAll(it.next().getAttributeList().values());
                }
            }
        }
    }

    /**
     * Overwrites ranges of the native bulk value at {@code tag} (top level) as it is copied
     * ({@link BulkValue#filled}): the value is never loaded. Returns false, changing nothing, when
     * that value is not a native bulk value of this instance's source (already in memory, or
     * encapsulated). The value replaced is not expected in the output any more.
     */
    public boolean fill(AttributeTag tag, List<BulkValue.Fill> fills) {
        if (!(dataset.get(tag) instanceof BulkValue bulk) || bulk.isEncapsulated()) {
            return false;
        }
        dataset.put(bulk.filled(fills));
        removedByPolicy.add(bulk);
        return true;
    }

    /**
     * Replaces the bulk value at {@code tag} (top level) with PixelMed's in-memory attribute for
     * it, for code that works on the values (pixel cleaning). The replaced bulk value is not
     * expected in the output any more. Memory then holds the whole value.
     */
    public void loadIntoMemory(AttributeTag tag) throws IOException {
        if (!(dataset.get(tag) instanceof BulkValue bulk)) {
            return;
        }
        try {
            // the value with the attributes that say how PixelMed should read it (frames, bits)
            AttributeList excerpt = new AttributeList();
            for (Attribute a : dataset.values()) {
                if (a.getTag().getGroup() == 0x0028) {
                    excerpt.put(a);
                }
            }
            excerpt.put(bulk);
            String ts = bulk.isEncapsulated() ? transferSyntaxUID
                    : bulk.bigEndian() ? TransferSyntax.ExplicitVRBigEndian : TransferSyntax.ExplicitVRLittleEndian;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(bulk.storedLength() + 4096,
                    Integer.MAX_VALUE - 16));
            DicomOutputStream out = new DicomOutputStream(bytes, null, ts);
            excerpt.write(out);
            out.flush();
            AttributeList read = new AttributeList();
            read.setDecompressPixelData(false);
            read.read(new DicomInputStream(new ByteArrayInputStream(bytes.toByteArray()), ts, false));
            dataset.put(read.get(tag));
            removedByPolicy.add(bulk);
        } catch (DicomException e) {
            throw new IOException("cannot load " + StrictParser.tag(tag) + " into memory", e);
        }
    }

    /** Deletes the temporary files behind this instance now (after it has been written). */
    @Override
    public void close() {
        if (temporaries != null) {
            temporaries.clean();
        }
    }
}
