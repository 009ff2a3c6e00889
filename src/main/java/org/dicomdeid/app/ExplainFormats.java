package org.dicomdeid.app;

import static org.dicomdeid.camel.console.Html.escape;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The three forms of an explanation: a text table (stdout), JSON, and a self-contained HTML page
 * (no script, no external resource: a Content-Security-Policy forbids any; every value escaped).
 * HTML structure, stable for tests and browsers: {@code <p id="summary">}, {@code <p id="quarantine">}
 * when the instance would be quarantined, {@code <table id="attributes">} whose body rows are
 * {@code <tr class="action-K" data-path="...">} (action-K, -X, -Z, -D, -C, -U, -XZU for X/Z/U*, -A
 * for added) with cells {@code td.path, td.name, td.vr, td.original, td.action, td.new-value, td.rule}.
 */
final class ExplainFormats {
    /** What the report is about: never the input's name (it may hold a patient's name). */
    record Header(String policy, List<String> options) {
        String line(int attributes) {
            return attributes + " attributes; policy: " + policy
                    + "; options: " + (options.isEmpty() ? "none" : String.join(", ", options));
        }
    }

    private static final int[] WIDTHS = {44, 30, 16, 3, 40};
    private static final String[] HEADINGS = {"PATH", "NAME", "ORIGINAL", "ACT", "NEW VALUE", "RULE"};

    private ExplainFormats() {
    }

    static String text(Header header, ExplainReport report) {
        StringBuilder sb = new StringBuilder();
        List<ExplainReport.Row> rows = report.rows();
        sb.append(header.line(rows.size())).append('\n');
        if (report.quarantineReason() != null) {
            sb.append("would be quarantined: ").append(report.quarantineReason()).append('\n');
        }
        sb.append("originals are shown as VR and length only; actions: K keep, X remove, Z empty, D dummy,"
                + " C clean, U new UID, X/Z/U* keep references, A added\n");
        appendRow(sb, HEADINGS);
        for (ExplainReport.Row r : rows) {
            appendRow(sb, new String[] {r.path(), r.name(), r.original(), r.action(), oneLine(r.newValue()), r.rule()});
        }
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            if (i < WIDTHS.length) {
                int w = WIDTHS[i];
                cell = cell.length() > w ? cell.substring(0, w - 1) + "…" : cell;
                sb.append(cell).append(" ".repeat(w - cell.length() + 1));
            } else {
                sb.append(cell);
            }
        }
        sb.append('\n');
    }

    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n\\t]+", " ");
    }

    static String json(Header header, ExplainReport report) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("policy", header.policy());
        header.options().forEach(root.putArray("options")::add);
        if (report.quarantineReason() != null) {
            root.put("quarantine", report.quarantineReason());
        } else {
            root.putNull("quarantine");
        }
        ArrayNode attributes = root.putArray("attributes");
        for (ExplainReport.Row r : report.rows()) {
            ObjectNode o = attributes.addObject();
            o.put("path", r.path());
            o.put("tag", r.tag());
            o.put("name", r.name());
            o.put("vr", r.vr());
            o.put("original", r.original());
            o.put("action", r.action());
            o.put("meaning", r.meaning());
            o.put("rule", r.rule());
            o.put("newValue", r.newValue());
            o.put("newValueShown", r.valueShown());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the explanation as JSON", e);
        }
    }

    static String html(Header header, ExplainReport report) {
        List<ExplainReport.Row> rows = report.rows();
        StringBuilder sb = new StringBuilder(4096 + rows.size() * 300);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>dicom-deid explain</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;font-size:90%}")
                .append("th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}")
                .append("td.path,td.original,td.new-value{font-family:monospace}")
                .append("tr.action-X td.action,tr.action-Z td.action{background:#fdd}")
                .append("tr.action-D td.action,tr.action-C td.action,tr.action-U td.action,tr.action-XZU td.action{background:#ffd}")
                .append("tr.action-K td.action{background:#dfd}tr.action-A td.action{background:#ddf}")
                .append("#quarantine{color:#a00;font-weight:bold}\n</style>\n</head>\n<body>\n")
                .append("<h1>What de-identification does to this file</h1>\n")
                .append("<p id=\"summary\">").append(escape(header.line(rows.size()))).append("</p>\n");
        if (report.quarantineReason() != null) {
            sb.append("<p id=\"quarantine\">Would be quarantined: ").append(escape(report.quarantineReason()))
                    .append("</p>\n");
        }
        sb.append("<p id=\"legend\">Originals are shown as VR and length only. Actions: K keep, X remove, Z empty,")
                .append(" D dummy, C clean, U new UID, X/Z/U* keep references, A added.</p>\n")
                .append("<table id=\"attributes\">\n<thead><tr><th>Path</th><th>Name</th><th>VR</th><th>Original</th>")
                .append("<th>Action</th><th>New value</th><th>Rule</th></tr></thead>\n<tbody>\n");
        for (ExplainReport.Row r : rows) {
            sb.append("<tr class=\"action-").append(actionClass(r.action())).append("\" data-path=\"")
                    .append(escape(r.path())).append("\">")
                    .append(cell("path", r.path())).append(cell("name", r.name())).append(cell("vr", r.vr()))
                    .append(cell("original", r.original()))
                    .append("<td class=\"action\" title=\"").append(escape(r.meaning())).append("\">")
                    .append(escape(r.action())).append("</td>")
                    .append(cell("new-value", r.newValue())).append(cell("rule", r.rule())).append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n</body>\n</html>\n").toString();
    }

    /** The class suffix of an action: its letter, XZU for X/Z/U*. */
    static String actionClass(String action) {
        return action.replaceAll("[^A-Z]", "");
    }

    private static String cell(String cls, String text) {
        return "<td class=\"" + cls + "\">" + escape(text) + "</td>";
    }
}
