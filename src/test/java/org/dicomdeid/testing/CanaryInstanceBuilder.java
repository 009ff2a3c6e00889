package org.dicomdeid.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;

import java.util.Map;
import java.util.Set;

/**
 * Builds one corpus instance: every concrete row of Table E.1-1 filled with canaries, sequences
 * with canary-bearing items, and the parts of the instance the table names only by pattern or
 * not at all (private block, curves, overlays, kept sequences with identifying items inside).
 */
final class CanaryInstanceBuilder {
    static final String PRIVATE_CREATOR = "ACME 1.1";
    static final int PRIVATE_GROUP = 0x0009;
    private static final String REFERENCED_STUDY_CLASS = "1.2.840.10008.3.1.2.3.1";

    /** Top-level attributes that belong to the study or the series: shared by its instances. */
    private static final Set<String> STUDY_LEVEL = Set.of("StudyInstanceUID", "StudyDate", "StudyTime",
            "AccessionNumber", "StudyID", "ReferringPhysicianName", "StudyDescription");
    private static final Set<String> SERIES_LEVEL = Set.of("SeriesInstanceUID", "SeriesDate", "SeriesTime",
            "SeriesDescription", "FrameOfReferenceUID", "StationName", "OperatorsName", "PerformingPhysicianName",
            "ProtocolName", "InstitutionName", "DeviceSerialNumber");

    private final ProfileTable table = ProfileTable.get();
    private final CanaryPlanter planter;
    private final CanaryCorpus.Shape shape;
    private final Map<String, String> keptValues;
    private final boolean commandGroup;

    /** @param keptValues receives location -> expected value of every non-identifying attribute of the instance */
    CanaryInstanceBuilder(CanaryPlanter planter, CanaryCorpus.Shape shape, Map<String, String> keptValues,
            boolean commandGroup) {
        this.planter = planter;
        this.commandGroup = commandGroup;
        this.shape = shape;
        this.keptValues = keptValues;
    }

    AttributeList build(CanaryCorpus.InstanceId id) throws DicomException {
        AttributeList list = new AttributeList();
        for (ProfileTable.Row row : table.concreteRows()) {
            AttributeTag tag = row.concreteTag().orElseThrow();
            if (tag.isFileMetaInformationGroup() || (tag.getGroup() == 0x0000 && !commandGroup)) {
                continue; // (0002,0003) is written with the meta information, from the SOP Instance UID
            }
            String vr = vrOf(tag);
            String location = Locations.of(tag);
            Attribute a = "SQ".equals(vr) ? tableSequence(tag, location, id)
                    : planter.attribute(tag, vr, multiplicityOf(tag), scopeOf(tag, id) + location, location);
            if (a != null) {
                list.put(a);
            }
        }
        new KnownValues(list, keptValues).addImage(id);
        addKeptSequences(list, id);
        addPrivateBlock(list, id);
        addCurvesAndOverlays(list, id);
        return list;
    }

    String sopInstanceUid(CanaryCorpus.InstanceId id) {
        return planter.shared(id.instanceScope() + Locations.of(TagFromName.SOPInstanceUID) + "#UID",
                Canary.Kind.UID).value();
    }

    private String seriesInstanceUid(CanaryCorpus.InstanceId id) {
        return planter.shared(id.seriesScope() + Locations.of(TagFromName.SeriesInstanceUID) + "#UID",
                Canary.Kind.UID).value();
    }

    private String vrOf(AttributeTag tag) {
        if (tag.getGroup() == 0x0000) {
            return "UI"; // the command group is not in the PS3.6 data dictionary file; both rows are UIDs
        }
        return table.dictionaryEntry(tag).map(ProfileTable.DictionaryEntry::vr)
                .orElseThrow(() -> new IllegalStateException("no VR for " + tag));
    }

    private int multiplicityOf(AttributeTag tag) {
        String vm = table.dictionaryEntry(tag).map(ProfileTable.DictionaryEntry::vm).orElse("1");
        return Integer.parseInt(vm.replaceAll("^(\\d+).*", "$1"));
    }

    private String scopeOf(AttributeTag tag, CanaryCorpus.InstanceId id) {
        if (tag.getGroup() == 0x0010) {
            return id.patientScope();
        }
        String keyword = table.dictionaryEntry(tag).map(ProfileTable.DictionaryEntry::keyword).orElse("");
        if (STUDY_LEVEL.contains(keyword)) {
            return id.studyScope();
        }
        if (SERIES_LEVEL.contains(keyword)) {
            return id.seriesScope();
        }
        return id.instanceScope();
    }

    /** A sequence of the table: one item, with references where the sequence carries them. */
    private SequenceAttribute tableSequence(AttributeTag tag, String location, CanaryCorpus.InstanceId id)
            throws DicomException {
        SequenceAttribute sq = new SequenceAttribute(tag);
        AttributeList item = new AttributeList();
        String in = Locations.item(location, 0);
        if (tag.equals(TagFromName.ReferencedImageSequence) || tag.equals(TagFromName.SourceImageSequence)) {
            addReference(item, in, KnownValues.CT_IMAGE_STORAGE, sopInstanceUid(shape.neighbour(id)));
        } else if (tag.equals(TagFromName.ReferencedStudySequence)) {
            item.put(planter.attribute(TagFromName.ReferencedSOPInstanceUID, "UI", 1,
                    id.instanceScope() + in + "(0008,1155)", in + "(0008,1155)"));
            put(item, TagFromName.ReferencedSOPClassUID, "UI", REFERENCED_STUDY_CLASS, in);
            // The same patient name as at the top level: a copy hidden one level down.
            item.put(planter.attribute(TagFromName.PatientName, "PN", 1,
                    id.patientScope() + Locations.of(TagFromName.PatientName), in + "(0010,0010)"));
        }
        item.put(planter.attribute(TagFromName.CodeMeaning, "LO", 1, id.instanceScope() + in + "(0008,0104)",
                in + "(0008,0104)"));
        item.put(planter.attribute(TagFromName.PersonName, "PN", 1, id.instanceScope() + in + "(0040,A123)",
                in + "(0040,A123)"));
        sq.addItem(item);
        return sq;
    }

    private void addReference(AttributeList item, String in, String sopClass, String sopInstance)
            throws DicomException {
        put(item, TagFromName.ReferencedSOPClassUID, "UI", sopClass, in);
        Attribute uid = com.pixelmed.dicom.AttributeFactory.newAttribute(TagFromName.ReferencedSOPInstanceUID,
                "UI".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        uid.addValue(sopInstance);
        item.put(uid);
        planter.record(new Canary(sopInstance, Canary.Kind.UID), in + "(0008,1155)");
    }

    /**
     * Sequences that are NOT in the table (kept by the basic profile) yet carry identifying
     * attributes inside their items: the engine must clean inside kept sequences too.
     */
    private void addKeptSequences(AttributeList list, CanaryCorpus.InstanceId id) throws DicomException {
        String procedure = Locations.item(Locations.of(TagFromName.ProcedureCodeSequence), 0);
        AttributeList procedureItem = codeItem(procedure, "ZZCT01", "99DEID", "CT CHEST");
        procedureItem.put(planter.attribute(TagFromName.PersonName, "PN", 1,
                id.instanceScope() + procedure + "(0040,A123)", procedure + "(0040,A123)"));
        addPrivateAttributes(procedureItem, id, procedure);
        list.put(sequenceOf(TagFromName.ProcedureCodeSequence, procedureItem));

        String anatomy = Locations.item(Locations.of(TagFromName.AnatomicRegionSequence), 0);
        AttributeList anatomyItem = codeItem(anatomy, "T-D3000", "SRT", "Chest");
        anatomyItem.put(planter.attribute(TagFromName.PatientID, "LO", 1,
                id.patientScope() + Locations.of(TagFromName.PatientID), anatomy + "(0010,0020)"));
        list.put(sequenceOf(TagFromName.AnatomicRegionSequence, anatomyItem));

        // Referenced Series Sequence is kept, its UIDs remapped: points at the other series of the study.
        CanaryCorpus.InstanceId other = shape.otherSeries(id);
        String series = Locations.item(Locations.of(TagFromName.ReferencedSeriesSequence), 0);
        AttributeList seriesItem = new AttributeList();
        Attribute seriesUid = com.pixelmed.dicom.AttributeFactory.newAttribute(TagFromName.SeriesInstanceUID,
                "UI".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        seriesUid.addValue(seriesInstanceUid(other));
        seriesItem.put(seriesUid);
        planter.record(new Canary(seriesInstanceUid(other), Canary.Kind.UID), series + "(0020,000E)");
        String instances = Locations.item(series + "(0008,114A)", 0);
        AttributeList instanceItem = new AttributeList();
        addReference(instanceItem, instances, KnownValues.CT_IMAGE_STORAGE, sopInstanceUid(other));
        seriesItem.put(sequenceOf(TagFromName.ReferencedInstanceSequence, instanceItem));
        list.put(sequenceOf(TagFromName.ReferencedSeriesSequence, seriesItem));
    }

    private AttributeList codeItem(String in, String value, String scheme, String meaning) throws DicomException {
        AttributeList item = new AttributeList();
        keep(item, TagFromName.CodeValue, "SH", value, in);
        keep(item, TagFromName.CodingSchemeDesignator, "SH", scheme, in);
        keep(item, TagFromName.CodeMeaning, "LO", meaning, in);
        return item;
    }

    /** A private block "ACME 1.1" in group 0009 with canaries, a private sequence among them. */
    private void addPrivateBlock(AttributeList list, CanaryCorpus.InstanceId id) throws DicomException {
        addPrivateAttributes(list, id, "");
        String location = String.format("(%04X,1010)", PRIVATE_GROUP);
        String in = Locations.item(location, 0);
        AttributeList item = new AttributeList();
        addPrivateAttributes(item, id, in);
        item.put(planter.attribute(TagFromName.PatientName, "PN", 1,
                id.patientScope() + Locations.of(TagFromName.PatientName), in + "(0010,0010)"));
        list.put(sequenceOf(new AttributeTag(PRIVATE_GROUP, 0x1010), item));
    }

    private void addPrivateAttributes(AttributeList list, CanaryCorpus.InstanceId id, String in)
            throws DicomException {
        put(list, new AttributeTag(PRIVATE_GROUP, 0x0010), "LO", PRIVATE_CREATOR, in);
        String[][] elements = {{"1001", "LO"}, {"1002", "PN"}, {"1003", "UI"}, {"1004", "OB"}, {"1005", "DA"},
                {"1006", "SH"}};
        for (String[] e : elements) {
            AttributeTag tag = new AttributeTag(PRIVATE_GROUP, Integer.parseInt(e[0], 16));
            String location = in + Locations.of(tag);
            list.put(planter.attribute(tag, e[1], 1, id.instanceScope() + location, location));
        }
    }

    /**
     * Two curves (5000, 5002) and two overlays (6000, 6002): the table's (50XX,XXXX),
     * (60XX,3000) and (60XX,4000) rows, each with canaries in text and in the data.
     */
    private void addCurvesAndOverlays(AttributeList list, CanaryCorpus.InstanceId id) throws DicomException {
        for (int group : new int[] {0x5000, 0x5002}) {
            put(list, new AttributeTag(group, 0x0005), "US", "1", "");
            put(list, new AttributeTag(group, 0x0010), "US", "8", "");
            put(list, new AttributeTag(group, 0x0020), "CS", "TAC", "");
            planted(list, new AttributeTag(group, 0x0022), "LO", id);
            put(list, new AttributeTag(group, 0x0103), "US", "0", "");
            planted(list, new AttributeTag(group, 0x2500), "LO", id);
            planted(list, new AttributeTag(group, 0x3000), "OW", id);
        }
        for (int group : new int[] {0x6000, 0x6002}) {
            keep(list, new AttributeTag(group, 0x0010), "US", "16", "");
            keep(list, new AttributeTag(group, 0x0011), "US", "16", "");
            keep(list, new AttributeTag(group, 0x0040), "CS", "G", "");
            keep(list, new AttributeTag(group, 0x0050), "SS", "1\\1", "");
            keep(list, new AttributeTag(group, 0x0100), "US", "1", "");
            keep(list, new AttributeTag(group, 0x0102), "US", "0", "");
            // 16 x 16 one-bit overlay = 32 bytes, most of them the canary's ASCII text
            planted(list, new AttributeTag(group, 0x3000), "OW", id);
            Attribute data = list.get(new AttributeTag(group, 0x3000));
            byte[] bits = java.util.Arrays.copyOf(data.getByteValues(false), 32);
            CanaryPlanter.setBytes(data, bits);
            planted(list, new AttributeTag(group, 0x4000), "LT", id);
        }
    }

    private void planted(AttributeList list, AttributeTag tag, String vr, CanaryCorpus.InstanceId id)
            throws DicomException {
        String location = Locations.of(tag);
        list.put(planter.attribute(tag, vr, 1, id.instanceScope() + location, location));
    }

    /** A fixed value in a part of the instance the profile removes anyway (not recorded as kept). */
    private void put(AttributeList list, AttributeTag tag, String vr, String value, String in)
            throws DicomException {
        KnownValues.put(list, tag, vr, value, in, null);
    }

    /** A known, non-identifying value: recorded so a test can check it came through unchanged. */
    private void keep(AttributeList list, AttributeTag tag, String vr, String value, String in)
            throws DicomException {
        KnownValues.put(list, tag, vr, value, in, keptValues);
    }

    static SequenceAttribute sequenceOf(AttributeTag tag, AttributeList item) {
        SequenceAttribute sq = new SequenceAttribute(tag);
        sq.addItem(item);
        return sq;
    }
}
