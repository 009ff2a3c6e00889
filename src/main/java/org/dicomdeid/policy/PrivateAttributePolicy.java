package org.dicomdeid.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.ClinicalTrialsAttributes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Private attributes (odd groups): removed, except the blocks of creators a policy keeps and,
 * with {@code retain-safe-private}, the attributes on the safe list (our data file
 * {@code policy/safe-private-attributes.yaml} plus PixelMed's built-in list).
 * A creator a policy removes is removed even when its attributes are on the safe list.
 */
public final class PrivateAttributePolicy {
    static final String SAFE_LIST = "/policy/safe-private-attributes.yaml";

    private final boolean retainSafe;
    private final Set<String> keptCreators;
    private final Set<String> removedCreators;

    public PrivateAttributePolicy(boolean retainSafe, Set<String> keptCreators, Set<String> removedCreators) {
        this.retainSafe = retainSafe;
        this.keptCreators = normalise(keptCreators);
        this.removedCreators = normalise(removedCreators);
    }

    private static Set<String> normalise(Set<String> creators) {
        Set<String> out = new HashSet<>();
        creators.forEach(c -> out.add(c.strip().toUpperCase(Locale.ROOT)));
        return out;
    }

    /** Whether a private attribute stays, and why (for explanations). */
    public record Verdict(boolean keep, String reason) {
    }

    /**
     * Whether a private attribute stays. Creator elements (gggg,0010-00FF) stay when their block
     * stays; the engine drops creators whose block became empty.
     */
    public boolean keeps(String creator, AttributeTag tag) {
        return verdict(creator, tag).keep();
    }

    /** {@link #keeps}, with the reason. */
    public Verdict verdict(String creator, AttributeTag tag) {
        if (creator == null || creator.isBlank()) {
            return new Verdict(false, "private attribute without a creator: nobody can say what it holds");
        }
        String c = creator.strip().toUpperCase(Locale.ROOT);
        if (removedCreators.contains(c)) {
            return new Verdict(false, "private attribute of a creator in privateCreators.remove");
        }
        if (keptCreators.contains(c)) {
            return new Verdict(true, "private attribute of a creator in privateCreators.keep");
        }
        if (!retainSafe) {
            return new Verdict(false, "private attribute: removed (basic profile; no option or policy keeps it)");
        }
        return isSafe(creator.strip(), tag)
                ? new Verdict(true, "private attribute on the safe list (option retain-safe-private)")
                : new Verdict(false, "private attribute not on the safe list (option retain-safe-private)");
    }

    public boolean keepsAnyOf(String creator) {
        return creator != null && keptCreators.contains(creator.strip().toUpperCase(Locale.ROOT));
    }

    static boolean isSafe(String creator, AttributeTag tag) {
        Set<TagPattern> tags = safeList().get(creator.toUpperCase(Locale.ROOT));
        if (tags != null && tags.stream().anyMatch(p -> p.matches(tag))) {
            return true;
        }
        return ClinicalTrialsAttributes.isSafePrivateAttribute(creator, tag);
    }

    private static Map<String, Set<TagPattern>> safeList() {
        return SafeList.ENTRIES;
    }

    /** Loaded once, on first use. */
    private static final class SafeList {
        static final Map<String, Set<TagPattern>> ENTRIES = loadSafeList();
    }

    private static Map<String, Set<TagPattern>> loadSafeList() {
        try (InputStream in = PrivateAttributePolicy.class.getResourceAsStream(SAFE_LIST)) {
            Map<String, Set<TagPattern>> map = new HashMap<>();
            for (JsonNode entry : new ObjectMapper(new YAMLFactory()).readTree(in)) {
                Set<TagPattern> tags = map.computeIfAbsent(
                        entry.get("creator").asText().strip().toUpperCase(Locale.ROOT), k -> new HashSet<>());
                entry.get("tags").forEach(t -> tags.add(TagPattern.parse(t.asText())));
            }
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SAFE_LIST, e);
        }
    }
}
