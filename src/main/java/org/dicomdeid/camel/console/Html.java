package org.dicomdeid.camel.console;

import java.util.List;

/**
 * Server-rendered pages: one layout, escaped values, no external resources. {@link #escape} also
 * serves the other HTML the project writes ({@code deid explain --html}).
 */
public final class Html {
    private static final String STYLE = "body{font-family:sans-serif;margin:1.5em;color:#222}"
            + "nav a{margin-right:1.2em}table{border-collapse:collapse;margin:.5em 0 1.5em}"
            + "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}"
            + "th{background:#eee}td.n{text-align:right}form{display:inline}"
            + "#message{background:#e8f4e8;padding:.4em}";

    private Html() {
    }

    /**
     * Text made safe for element content and quoted attribute values; control characters other
     * than newline and tab (which HTML does not allow) become spaces.
     */
    public static String escape(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dicom-deid: " + escape(title)
                + "</title><style>" + STYLE + "</style></head><body>\n<nav><a id=\"nav-status\" href=\"/console\">Status</a>"
                + "<a id=\"nav-quarantine\" href=\"/console/quarantine\">Quarantine</a>"
                + "<a id=\"nav-audit\" href=\"/console/audit\">Audit</a></nav>\n<h1>" + escape(title) + "</h1>\n"
                + body + "</body></html>\n";
    }

    /** A table with {@code id}: a header row, then rows of cells already rendered (use {@link #cell}). */
    static String table(String id, List<String> headers, List<String> rows) {
        StringBuilder sb = new StringBuilder("<table id=\"").append(escape(id)).append("\"><thead><tr>");
        for (String h : headers) {
            sb.append("<th>").append(escape(h)).append("</th>");
        }
        sb.append("</tr></thead><tbody>\n");
        for (String row : rows) {
            sb.append(row).append('\n');
        }
        return sb.append("</tbody></table>\n").toString();
    }

    static String cell(Object value) {
        return "<td>" + escape(value) + "</td>";
    }

    static String number(long value) {
        return "<td class=\"n\">" + value + "</td>";
    }

    static String row(String id, String cells) {
        return "<tr" + (id == null ? "" : " id=\"" + escape(id) + "\"") + ">" + cells + "</tr>";
    }
}
