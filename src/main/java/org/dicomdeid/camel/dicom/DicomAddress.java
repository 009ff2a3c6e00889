package org.dicomdeid.camel.dicom;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DICOM application entity on the network, written {@code AE@host:port} on the command line
 * and in {@code dicom:} URIs. AE titles are at most 16 characters, without backslash or
 * control characters (PS3.5 6.2).
 */
public record DicomAddress(String aeTitle, String host, int port) {
    private static final Pattern FORM = Pattern.compile("([^@]{1,16})@([^:@]+):(\\d{1,5})");

    public DicomAddress {
        aeTitle = checkAeTitle(aeTitle);
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Parses {@code AE@host:port}. */
    public static DicomAddress parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected AE@host:port, got '" + text + "'");
        }
        return new DicomAddress(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
    }

    public static String checkAeTitle(String aeTitle) {
        String ae = aeTitle == null ? "" : aeTitle.trim();
        if (ae.isEmpty() || ae.length() > 16 || ae.chars().anyMatch(c -> c < 0x20 || c == '\\' || c > 0x7e)) {
            throw new IllegalArgumentException("invalid AE title (1-16 printable ASCII characters, no backslash)");
        }
        return ae;
    }

    @Override
    public String toString() {
        return aeTitle + "@" + host + ":" + port;
    }
}
