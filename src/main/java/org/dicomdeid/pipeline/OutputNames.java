package org.dicomdeid.pipeline;

import org.dicomdeid.deid.IdentifyingValues;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.deid.UidMapper;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Output file names keep the input's relative layout, except that a name holding a UID (PACS
 * exports often name files by SOP Instance UID) gets the de-identified UID instead: an original
 * UID must not survive in a file name; and a name holding any identifying value of the instance
 * (hospital exports name folders SMITH_JOHN or by accession; found as the residual-PHI scan finds
 * values: case, accents and separators folded) becomes a keyed hash of itself, its extension kept,
 * so every file of that folder still lands in one folder. Logs name an input only by a keyed
 * hash of its path.
 */
public final class OutputNames {
    private static final Pattern UID = Pattern.compile("\\d+(\\.\\d+){3,}");
    /** The syntax of a UID (PS3.5 9.1: digits and dots, at most 64 characters); leading zeros tolerated. */
    private static final Pattern UID_SYNTAX = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private final UidMapper uids;
    private final ProjectSecret secret;

    public OutputNames(ProjectSecret secret) {
        this.secret = secret;
        this.uids = new UidMapper(secret);
    }

    private OutputNames(ProjectSecret secret, UidMapper uids) {
        this.secret = secret;
        this.uids = uids;
    }

    /**
     * Names kept exactly as they are: for re-identification, whose inputs are already
     * de-identified; {@code secret} only keys the log hashes.
     */
    public static OutputNames unchanged(ProjectSecret secret) {
        return new OutputNames(secret, null);
    }

    public Path map(Path relative) {
        if (uids == null) {
            return relative;
        }
        Path out = null;
        for (Path part : relative) {
            Path mapped = Path.of(mapComponent(part.toString()));
            out = out == null ? mapped : out.resolve(mapped);
        }
        return out == null ? relative : out;
    }

    /**
     * The output path for an input at {@code relative} whose identifying values are {@code values}
     * ({@code DeidOutcome.identifyingValues()} of the instance): UIDs mapped, and every component
     * that holds an identifying value replaced by {@code ID-<keyed hash>} (extension kept).
     */
    public Path map(Path relative, IdentifyingValues values) {
        if (uids == null) {
            return relative;
        }
        Path out = null;
        for (Path part : relative) {
            String name = mapComponent(part.toString());
            if (values.foundIn(name)) {
                int dot = name.lastIndexOf('.');
                String extension = dot > 0 && name.length() - dot <= 5 && !values.foundIn(name.substring(dot))
                        ? name.substring(dot) : "";
                name = "ID-" + secret.logHash("name:" + part) + extension;
            }
            Path mapped = Path.of(name);
            out = out == null ? mapped : out.resolve(mapped);
        }
        return out == null ? relative : out;
    }

    private String mapComponent(String name) {
        Matcher m = UID.matcher(name);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(uids.map(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** How logs refer to an input: a keyed hash, so the same file can be followed across lines. */
    public String logId(Path relative) {
        return "#" + secret.logHash(relative.toString());
    }

    /**
     * The file name of an instance named by a UID from its data set (e.g. its SOP Instance UID):
     * the UID itself when it has the syntax of one, otherwise {@code uid-} and a keyed hash, so
     * that a value such as {@code ../../..} or {@code 1.2.3/4.5} can neither leave the output
     * folder nor create a folder in it.
     */
    public String forUid(String uid, String suffix) {
        if (uid != null && uid.length() <= 64 && UID_SYNTAX.matcher(uid).matches()) {
            return uid + suffix;
        }
        return "uid-" + secret.logHash(String.valueOf(uid)) + suffix;
    }
}
