package org.dicomdeid.pixel;

import com.pixelmed.dicom.AttributeList;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The device signatures of a rules file, in file order. Every rule whose conditions hold
 * contributes its regions: overlapping signatures add up rather than the first one winning,
 * because blanking too much is recoverable and blanking too little is a leak.
 */
public final class RedactionRules {
    /** The documented starter set shipped in the jar. */
    public static final String BUILT_IN_RESOURCE = "/pixel/redaction-rules.yaml";

    private final String source;
    private final List<RedactionRule> rules;

    public RedactionRules(String source, List<RedactionRule> rules) {
        this.source = source;
        this.rules = List.copyOf(rules);
    }

    public static RedactionRules none() {
        return new RedactionRules("(no rules)", List.of());
    }

    public static RedactionRules load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return parse(text, file.getFileName().toString());
    }

    public static RedactionRules builtIn() {
        try (InputStream in = RedactionRules.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in redaction rules missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + BUILT_IN_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in redaction rules", e);
        }
    }

    /**
     * @param sourceName how errors name the file (a file name or "built-in ...")
     * @throws InvalidRedactionRulesException naming the source and the place in it
     */
    public static RedactionRules parse(String yaml, String sourceName) {
        return new RedactionRules(sourceName, new RedactionRulesParser(sourceName).parse(yaml));
    }

    public String source() {
        return source;
    }

    public List<RedactionRule> rules() {
        return rules;
    }

    /** The rules whose every condition holds for this header, in file order. */
    public List<RedactionRule> matching(AttributeList list) {
        List<RedactionRule> matched = new ArrayList<>();
        for (RedactionRule rule : rules) {
            if (rule.matches(list)) {
                matched.add(rule);
            }
        }
        return matched;
    }
}
