package org.dicomdeid.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.AttributeTag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The PS3.6 data dictionary of the standard edition this build carries (resource
 * {@code standard/attributes.json}). PixelMed's own dictionary is older; this one resolves the
 * keywords policy files use and the VRs of attributes added to the standard since.
 */
public final class StandardDictionary {
    static final String RESOURCE = "/standard/attributes.json";

    private final Map<String, TagPattern> byKeyword = new HashMap<>();
    private final Map<AttributeTag, String> vrByTag = new HashMap<>();
    private final Map<AttributeTag, String> keywordByTag = new HashMap<>();

    private StandardDictionary(JsonNode rows) {
        for (JsonNode row : rows) {
            TagPattern pattern = TagPattern.parse(row.get("tag").asText());
            String keyword = row.path("keyword").asText("");
            if (!keyword.isEmpty()) {
                byKeyword.put(keyword, pattern);
            }
            if (pattern.isExact() && !keyword.isEmpty()) {
                keywordByTag.put(pattern.exactTag(), keyword);
            }
            if (pattern.isExact()) {
                vrByTag.put(pattern.exactTag(), row.path("valueRepresentation").asText(""));
            }
        }
    }

    /** Loaded once, on first use. */
    public static StandardDictionary get() {
        return Holder.DICTIONARY;
    }

    private static final class Holder {
        static final StandardDictionary DICTIONARY = load();
    }

    private static StandardDictionary load() {
        try (InputStream in = StandardDictionary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the build");
            }
            return new StandardDictionary(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public Optional<TagPattern> byKeyword(String keyword) {
        return Optional.ofNullable(byKeyword.get(keyword));
    }

    /** The keyword of an exact tag of the dictionary (not of masks such as (60xx,3000)). */
    public Optional<String> keyword(AttributeTag tag) {
        return Optional.ofNullable(keywordByTag.get(tag));
    }

    /** Whether some attribute of the dictionary (exact tags and the masks of repeating groups) matches. */
    boolean anyMatches(TagPattern pattern) {
        return vrByTag.keySet().stream().anyMatch(pattern::matches)
                || byKeyword.values().stream().filter(p -> !p.isExact()).anyMatch(p -> pattern.overlaps(p));
    }

    /** Every exact tag of the dictionary that {@code pattern} matches. */
    java.util.List<AttributeTag> tagsMatching(TagPattern pattern) {
        return vrByTag.keySet().stream().filter(pattern::matches).sorted().toList();
    }

    /**
     * The VR the standard gives a tag, as two letters; for "OB or OW" style entries the first.
     * Empty when the tag is unknown.
     */
    public Optional<String> vr(AttributeTag tag) {
        String vr = vrByTag.get(tag);
        if (vr == null || vr.length() < 2) {
            return Optional.empty();
        }
        return Optional.of(vr.substring(0, 2));
    }
}
