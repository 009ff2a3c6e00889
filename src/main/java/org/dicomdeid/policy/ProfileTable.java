package org.dicomdeid.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PS3.15 Table E.1-1, as shipped in the resource {@code standard/confidentiality_profile_attributes.json}
 * (extracted from the standard by innolitics/dicom-standard). Every row is used; none is typed here.
 */
public final class ProfileTable {
    static final String RESOURCE = "/standard/confidentiality_profile_attributes.json";

    /** One row: the tag or mask, the attribute's name, the basic profile cell, and the option cells. */
    public record Row(TagPattern pattern, String name, String basicProfile, Map<String, String> optionCells) {
    }

    private final List<Row> rows;

    private ProfileTable(List<Row> rows) {
        this.rows = Collections.unmodifiableList(rows);
    }

    /** The table of the standard edition this build carries (loaded once, on first use). */
    public static ProfileTable standard() {
        return Holder.TABLE;
    }

    private static final class Holder {
        static final ProfileTable TABLE = load();
    }

    private static ProfileTable load() {
        try (InputStream in = ProfileTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the build");
            }
            List<Row> rows = new ArrayList<>();
            for (JsonNode node : new ObjectMapper().readTree(in)) {
                Map<String, String> options = new LinkedHashMap<>();
                for (ProfileOption option : ProfileOption.values()) {
                    option.tableColumn().filter(node::hasNonNull)
                            .ifPresent(col -> options.put(col, node.get(col).asText()));
                }
                String tag = node.get("tag").asText();
                rows.add(new Row(TagPattern.parse(tag), node.get("name").asText().strip(),
                        node.get("basicProfile").asText(), options));
            }
            return new ProfileTable(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public List<Row> rows() {
        return rows;
    }
}
