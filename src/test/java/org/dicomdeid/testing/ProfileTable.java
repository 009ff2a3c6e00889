package org.dicomdeid.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.AttributeTag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard's tables as shipped in src/main/resources/standard, read for the tests:
 * PS3.15 Table E.1-1 (confidentiality_profile_attributes.json) and the PS3.6 data dictionary
 * (attributes.json). Read independently of the engine's own loader so the corpus cannot
 * inherit the engine's mistakes.
 */
public final class ProfileTable {
    private static final Pattern CONCRETE_TAG = Pattern.compile("\\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\\)");

    /** One row of Table E.1-1. {@code tag} is as printed, e.g. "(0010,0010)" or "(60XX,3000)". */
    public record Row(String name, String tag, String basicProfile, Map<String, String> options) {
        /** The row's tag when it names exactly one attribute; empty for pattern rows. */
        public Optional<AttributeTag> concreteTag() {
            Matcher m = CONCRETE_TAG.matcher(tag);
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new AttributeTag(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16)));
        }
    }

    /** One data dictionary entry; {@code vr} as printed, e.g. "US or SS", may be empty. */
    public record DictionaryEntry(String keyword, String vr, String vm) {
    }

    private static final ProfileTable INSTANCE = load();

    private final List<Row> rows;
    private final Map<AttributeTag, DictionaryEntry> dictionary;

    private ProfileTable(List<Row> rows, Map<AttributeTag, DictionaryEntry> dictionary) {
        this.rows = Collections.unmodifiableList(rows);
        this.dictionary = Collections.unmodifiableMap(dictionary);
    }

    public static ProfileTable get() {
        return INSTANCE;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Row> patternRows() {
        return rows.stream().filter(r -> r.concreteTag().isEmpty()).toList();
    }

    public List<Row> concreteRows() {
        return rows.stream().filter(r -> r.concreteTag().isPresent()).toList();
    }

    public boolean contains(AttributeTag tag) {
        return rows.stream().anyMatch(r -> r.concreteTag().filter(tag::equals).isPresent());
    }

    public Optional<DictionaryEntry> dictionaryEntry(AttributeTag tag) {
        return Optional.ofNullable(dictionary.get(tag));
    }

    private static ProfileTable load() {
        ObjectMapper mapper = new ObjectMapper();
        List<Row> rows = new ArrayList<>();
        for (JsonNode n : readJson(mapper, "/standard/confidentiality_profile_attributes.json")) {
            Map<String, String> options = new HashMap<>();
            n.properties().forEach(e -> {
                if (!List.of("name", "tag", "basicProfile", "id", "stdCompIOD").contains(e.getKey())) {
                    options.put(e.getKey(), e.getValue().asText());
                }
            });
            rows.add(new Row(n.path("name").asText(), n.path("tag").asText(), n.path("basicProfile").asText(), options));
        }
        Map<AttributeTag, DictionaryEntry> dictionary = new HashMap<>();
        for (JsonNode n : readJson(mapper, "/standard/attributes.json")) {
            Matcher m = CONCRETE_TAG.matcher(n.path("tag").asText());
            if (m.matches()) {
                AttributeTag tag = new AttributeTag(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16));
                dictionary.put(tag, new DictionaryEntry(n.path("keyword").asText(),
                        n.path("valueRepresentation").asText(), n.path("valueMultiplicity").asText()));
            }
        }
        return new ProfileTable(rows, dictionary);
    }

    private static JsonNode readJson(ObjectMapper mapper, String resource) {
        try (InputStream in = ProfileTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
