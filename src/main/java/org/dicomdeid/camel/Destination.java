package org.dicomdeid.camel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One destination of the delivery stage: a Camel endpoint URI and the id that names its outgoing
 * spool folder and its dead letters. The id is readable and stable ({@code dicom:PACS@10.0.0.5:104}
 * gives {@code dicom-PACS-10.0.0.5-104}): it leaves out the URI's options, which may carry a
 * password, and a password in the authority; a change of options therefore keeps the spool of the
 * destination. {@link #shown()} is the URI as logs and reason files name it, with the same parts
 * left out.
 */
public record Destination(String id, String uri, String shown) {
    private static final Pattern USER_PASSWORD = Pattern.compile("//([^/@:?]*):[^/@?]*@");
    private static final Pattern NOT_NAME = Pattern.compile("[^A-Za-z0-9._]+");
    private static final int MAX_ID = 80;

    /** A destination for {@code uri}. */
    public static Destination of(String uri) {
        String trimmed = uri.strip();
        int query = trimmed.indexOf('?');
        String shown = USER_PASSWORD.matcher(query < 0 ? trimmed : trimmed.substring(0, query)).replaceAll("//$1@");
        String id = NOT_NAME.matcher(shown).replaceAll("-").replaceAll("^[-.]+|-+$", "");
        if (id.length() > MAX_ID) {
            id = id.substring(0, MAX_ID);
        }
        if (id.isEmpty() || shown.indexOf(':') < 1) {
            throw new IllegalArgumentException("'" + shown + "' is not an endpoint URI (scheme:...)");
        }
        return new Destination(id, trimmed, shown);
    }

    /** A folder written by Camel's file producer ({@code file:}), which the delivery stage forces to disk itself. */
    public boolean isLocalFolder() {
        return uri.startsWith("file:");
    }

    /**
     * The destinations of a comma-separated list. Two that would share a spool folder (the same
     * URI but for its options) are refused: their instances could not be told apart.
     */
    public static List<Destination> parseList(String list) {
        List<Destination> out = new ArrayList<>();
        Map<String, Destination> byId = new HashMap<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Destination d = of(part);
            Destination other = byId.putIfAbsent(d.id(), d);
            if (other != null) {
                throw new IllegalArgumentException("destinations '" + other.shown() + "' and '" + d.shown()
                        + "' would share the outgoing spool '" + d.id() + "': give one of them another path or name");
            }
            out.add(d);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no destination given (deid.deliver.to is empty)");
        }
        return out;
    }
}
