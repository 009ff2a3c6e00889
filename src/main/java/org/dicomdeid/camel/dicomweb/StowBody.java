package org.dicomdeid.camel.dicomweb;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The body of a STOW-RS request: {@code multipart/related; type="application/dicom"}, one part per
 * Part 10 instance. Files are streamed from disk by the HTTP client (never read into the heap) and
 * the length is known in advance, so the request carries a Content-Length.
 */
final class StowBody {
    private final String boundary = "deid-" + UUID.randomUUID();
    private final List<HttpRequest.BodyPublisher> publishers = new ArrayList<>();
    private int instances;

    /** Adds a Part 10 file; refuses anything that is not one (a permanent failure: it never will be). */
    void add(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] prefix = in.readNBytes(132);
            if (prefix.length < 132 || prefix[128] != 'D' || prefix[129] != 'I' || prefix[130] != 'C' || prefix[131] != 'M') {
                throw new DicomWebPermanentException("not a DICOM Part 10 file: nothing to store", DicomWebException.NO_STATUS);
            }
        }
        publishers.add(text(partHeader()));
        try {
            publishers.add(HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            throw new java.nio.file.NoSuchFileException("the instance to store disappeared");
        }
        publishers.add(text("\r\n"));
        instances++;
    }

    /** Adds a Part 10 instance held in memory (a byte[] body). */
    void add(byte[] part10) throws DicomWebPermanentException {
        if (part10.length < 132 || part10[128] != 'D' || part10[129] != 'I' || part10[130] != 'C' || part10[131] != 'M') {
            throw new DicomWebPermanentException("not a DICOM Part 10 instance: nothing to store", DicomWebException.NO_STATUS);
        }
        publishers.add(text(partHeader()));
        publishers.add(HttpRequest.BodyPublishers.ofByteArray(part10));
        publishers.add(text("\r\n"));
        instances++;
    }

    int instances() {
        return instances;
    }

    String contentType() {
        return "multipart/related; type=\"application/dicom\"; boundary=" + boundary;
    }

    HttpRequest.BodyPublisher publisher() {
        List<HttpRequest.BodyPublisher> all = new ArrayList<>(publishers);
        all.add(text("--" + boundary + "--\r\n"));
        return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
    }

    private String partHeader() {
        return "--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n";
    }

    private static HttpRequest.BodyPublisher text(String s) {
        return HttpRequest.BodyPublishers.ofByteArray(s.getBytes(StandardCharsets.US_ASCII));
    }
}
