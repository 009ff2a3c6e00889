package org.dicomdeid.camel.dicomweb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The QIDO-RS search for studies to pull: {@code GET {base}/studies?...}, with the filters of the
 * endpoint ({@code qido.Key=value}) and, when an accession list is given, once per accession
 * number in it (exact matches: a line holding a wildcard or a backslash is refused, so a stray
 * {@code *} cannot pull a whole archive). Results are read page by page ({@code limit} and
 * {@code offset}), each body watched like a retrieval's. Values are never logged: accession numbers
 * identify patients.
 */
final class QidoQuery {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STUDY_INSTANCE_UID = "0020000D";
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}|[0-9A-Fa-f]{8}");
    static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private final Map<String, String> filters;
    private final Path accessionList;
    private final int pageSize;

    QidoQuery(Map<String, Object> filters, String accessionList, int pageSize) {
        this.filters = new TreeMap<>();
        if (filters != null) {
            filters.forEach((k, v) -> {
                if (!KEY.matcher(k).matches()) {
                    throw new IllegalArgumentException("dicomweb: qido." + k + " is not a DICOM keyword or tag");
                }
                // an empty filter is left out (a route's unset setting), never sent as "match anything"
                if (v != null && !v.toString().isBlank()) {
                    this.filters.put(k, v.toString().strip());
                }
            });
        }
        this.accessionList = accessionList == null || accessionList.isBlank() ? null : Path.of(accessionList.strip());
        if (this.accessionList == null && this.filters.isEmpty()) {
            throw new IllegalArgumentException("dicomweb: a consumer needs an accessionList or qido.* filters;"
                    + " it never pulls a whole archive by default");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("dicomweb: qidoPageSize must be at least 1");
        }
        this.pageSize = pageSize;
    }

    /** The Study Instance UIDs matching now, each once, in the server's order. */
    Set<String> studies(DicomWebClient client) throws IOException {
        Set<String> uids = new LinkedHashSet<>();
        if (accessionList == null) {
            search(client, filters, uids);
            return uids;
        }
        for (String accession : accessions()) {
            Map<String, String> query = new TreeMap<>(filters);
            query.put("AccessionNumber", accession);
            search(client, query, uids);
        }
        return uids;
    }

    /** The accession numbers of the list, read at every poll (a list may grow): blank lines and # comments skipped. */
    List<String> accessions() throws IOException {
        List<String> result = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(accessionList, StandardCharsets.UTF_8)) {
            n++;
            String a = line.strip();
            if (a.isEmpty() || a.startsWith("#")) {
                continue;
            }
            if (a.contains("*") || a.contains("?") || a.contains("\\") || a.length() > 64) {
                throw new IllegalArgumentException("dicomweb: line " + n + " of the accession list is not one exact"
                        + " accession number (wildcard, backslash or longer than 64 characters)");
            }
            result.add(a);
        }
        return result;
    }

    private void search(DicomWebClient client, Map<String, String> query, Set<String> into) throws IOException {
        for (int offset = 0; ; offset += pageSize) {
            StringBuilder path = new StringBuilder("/studies?");
            query.forEach((k, v) -> path.append(encode(k)).append('=').append(encode(v)).append('&'));
            path.append("limit=").append(pageSize).append("&offset=").append(offset);
            HttpRequest request = client.request(path.toString()).header("Accept", "application/dicom+json").GET().build();
            byte[] body;
            try (DicomWebClient.Streamed response = client.stream(request, "QIDO-RS")) {
                if (response.status() == 204) {
                    return;
                }
                if (response.status() != 200) {
                    throw DicomWebException.forStatus("QIDO-RS search failed", response.status());
                }
                body = response.body().readAllBytes();
            }
            JsonNode results;
            try {
                results = JSON.readTree(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // the parser's message quotes the response, which may hold patient data
                throw new DicomWebPermanentException("QIDO-RS: the response is not DICOM JSON", 200);
            }
            if (results == null || !results.isArray()) {
                throw new DicomWebPermanentException("QIDO-RS: the response is not a DICOM JSON array", 200);
            }
            int before = into.size();
            for (JsonNode study : results) {
                String uid = study.path(STUDY_INSTANCE_UID).path("Value").path(0).asText("");
                if (!UID.matcher(uid).matches() || uid.length() > 64) {
                    throw new DicomWebPermanentException("QIDO-RS: a result has no valid Study Instance UID", 200);
                }
                into.add(uid);
            }
            // a server that ignores offset would send the same page forever
            if (results.size() < pageSize || into.size() == before) {
                return;
            }
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
