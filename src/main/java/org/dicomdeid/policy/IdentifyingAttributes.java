package org.dicomdeid.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.pixelmed.dicom.AttributeTag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which attributes hold values that identify a person or a place, by kind (resource
 * {@code policy/identifying-attributes.yaml}, keywords of the PS3.6 dictionary). The residual-PHI
 * scan, cleaning and output names search for these values.
 */
public final class IdentifyingAttributes {
    static final String RESOURCE = "/policy/identifying-attributes.yaml";

    /** What a value is, which decides how it is searched for. */
    public enum Kind { NAME, IDENTIFIER, BIRTH_DATE, PLACE }

    private static final Map<String, Kind> SECTIONS = Map.of("names", Kind.NAME, "identifiers", Kind.IDENTIFIER,
            "birthDates", Kind.BIRTH_DATE, "places", Kind.PLACE);

    private final Map<AttributeTag, Kind> kinds;

    private IdentifyingAttributes(Map<AttributeTag, Kind> kinds) {
        this.kinds = Collections.unmodifiableMap(kinds);
    }

    /** Loaded once, on first use. */
    public static IdentifyingAttributes get() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final IdentifyingAttributes INSTANCE = load();
    }

    private static IdentifyingAttributes load() {
        try (InputStream in = IdentifyingAttributes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the build");
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<AttributeTag, Kind> kinds = new HashMap<>();
            for (Map.Entry<String, JsonNode> section : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
                Kind kind = SECTIONS.get(section.getKey());
                if (kind == null) {
                    throw new IllegalStateException(RESOURCE + ": unknown section " + section.getKey());
                }
                for (JsonNode keyword : section.getValue()) {
                    TagPattern p = StandardDictionary.get().byKeyword(keyword.asText()).orElseThrow(() ->
                            new IllegalStateException(RESOURCE + ": unknown keyword " + keyword.asText()));
                    kinds.put(p.exactTag(), kind);
                }
            }
            return new IdentifyingAttributes(kinds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public Optional<Kind> kindOf(AttributeTag tag) {
        return Optional.ofNullable(kinds.get(tag));
    }

    public Map<AttributeTag, Kind> all() {
        return kinds;
    }
}
