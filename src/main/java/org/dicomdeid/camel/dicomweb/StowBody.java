package org.dicomdeid.camel.dicomweb;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
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
    private final List<String> sopInstanceUids = new ArrayList<>();

    /** Adds a Part 10 file; refuses anything that is not one (a permanent failure: it never will be). */
    void add(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            sopInstanceUids.add(sopInstanceUid(in));
        }
        publishers.add(text(partHeader()));
        try {
            publishers.add(HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            throw new java.nio.file.NoSuchFileException("the instance to store disappeared");
        }
        publishers.add(text("\r\n"));
    }

    /** Adds a Part 10 instance held in memory (a byte[] body). */
    void add(byte[] part10) throws IOException {
        sopInstanceUids.add(sopInstanceUid(new ByteArrayInputStream(part10)));
        publishers.add(text(partHeader()));
        publishers.add(HttpRequest.BodyPublishers.ofByteArray(part10));
        publishers.add(text("\r\n"));
    }

    /**
     * The Media Storage SOP Instance UID of a Part 10 stream's file meta information: what the
     * response must confirm. Anything else is refused (a permanent failure: it never will be).
     */
    private static String sopInstanceUid(InputStream in) throws IOException {
        AttributeList meta = new AttributeList();
        try {
            meta.readOnlyMetaInformationHeader(new DicomInputStream(in));
        } catch (DicomException | IOException e) {
            throw new DicomWebPermanentException("not a DICOM Part 10 instance: nothing to store", DicomWebException.NO_STATUS);
        }
        String uid = Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.MediaStorageSOPInstanceUID).trim();
        if (uid.isEmpty()) {
            throw new DicomWebPermanentException("a DICOM file without a SOP Instance UID: nothing to store",
                    DicomWebException.NO_STATUS);
        }
        return uid;
    }

    int instances() {
        return sopInstanceUids.size();
    }

    List<String> sopInstanceUids() {
        return sopInstanceUids;
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
