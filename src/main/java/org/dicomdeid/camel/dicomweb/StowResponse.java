package org.dicomdeid.camel.dicomweb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * What a STOW-RS response says (PS3.18 10.5.3): the HTTP status and the Failed SOP Sequence
 * (0008,1198) of its DICOM JSON body, each item naming a SOP Instance UID (0008,1155) and a
 * Failure Reason (0008,1197). 200 means every instance was stored; 202 some (or warnings); 409
 * none. A refused instance is an error naming its UID (de-identified by the time it is sent).
 */
final class StowResponse {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAILED_SOP_SEQUENCE = "00081198";
    private static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
    private static final String FAILURE_REASON = "00081197";

    record Failure(String sopInstanceUid, int reason) {
        /** A7xx: out of resources, worth trying again; everything else is the instance's or the request's. */
        boolean isTransient() {
            return (reason & 0xFF00) == 0xA700;
        }
    }

    private StowResponse() {
    }

    /** Returns normally when every instance was stored; otherwise throws the matching exception. */
    static void check(int status, String body) throws DicomWebException {
        List<Failure> failures = failures(body);
        if ((status == 200 || status == 202) && failures.isEmpty()) {
            return;
        }
        if (failures.isEmpty()) {
            throw DicomWebException.forStatus("STOW-RS request refused", status);
        }
        StringBuilder message = new StringBuilder("STOW-RS: the server refused ").append(failures.size())
                .append(failures.size() == 1 ? " instance: " : " instances: ");
        for (int i = 0; i < failures.size() && i < 10; i++) {
            Failure f = failures.get(i);
            message.append(i == 0 ? "" : ", ").append(f.sopInstanceUid())
                    .append(String.format(" (failure reason 0x%04X)", f.reason()));
        }
        if (failures.size() > 10) {
            message.append(", ...");
        }
        boolean allTransient = failures.stream().allMatch(Failure::isTransient);
        if (allTransient || status == 408 || status == 429 || status >= 500) {
            throw new DicomWebTransientException(message.toString(), status, null);
        }
        throw new DicomWebPermanentException(message.toString(), status);
    }

    /** The Failed SOP Sequence; an empty or unreadable body has none. */
    static List<Failure> failures(String body) {
        List<Failure> result = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return result;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return result;
        }
        if (root.isArray() && root.size() > 0) {
            root = root.get(0);
        }
        for (JsonNode item : root.path(FAILED_SOP_SEQUENCE).path("Value")) {
            String uid = item.path(REFERENCED_SOP_INSTANCE_UID).path("Value").path(0).asText("(no UID given)");
            // a UID from the server is printed only when it has UID syntax: nothing else can slip into a message
            if (!uid.matches("[0-9.]{1,64}")) {
                uid = "(a malformed UID)";
            }
            result.add(new Failure(uid, item.path(FAILURE_REASON).path("Value").path(0).asInt(0x0110)));
        }
        return result;
    }
}
