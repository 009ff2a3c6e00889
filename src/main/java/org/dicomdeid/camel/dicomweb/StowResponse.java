package org.dicomdeid.camel.dicomweb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a STOW-RS response says (PS3.18 10.5.3): the HTTP status, the Referenced SOP Sequence
 * (0008,1199) of the instances stored and the Failed SOP Sequence (0008,1198) of those refused,
 * each item naming a SOP Instance UID (0008,1155) and a refusal its Failure Reason (0008,1197).
 * An instance sent is stored only when the response references it: some servers (Orthanc's plugin
 * among them) leave an instance they failed to store out of both sequences. A refused or
 * unconfirmed instance is an error naming its UID (de-identified by the time it is sent).
 */
final class StowResponse {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UID = Pattern.compile("[0-9.]{1,64}");
    private static final String REFERENCED_SOP_SEQUENCE = "00081199";
    private static final String FAILED_SOP_SEQUENCE = "00081198";
    private static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
    private static final String FAILURE_REASON = "00081197";
    /** No Failure Reason: the server left the instance out of the response. */
    private static final int NOT_CONFIRMED = -1;

    record Failure(String sopInstanceUid, int reason) {
        /** A7xx: out of resources, worth trying again; everything else is the instance's or the request's. */
        boolean isTransient() {
            return reason != NOT_CONFIRMED && (reason & 0xFF00) == 0xA700;
        }

        String describe() {
            return sopInstanceUid + (reason == NOT_CONFIRMED ? " (not stored, no reason given)"
                    : String.format(" (failure reason 0x%04X)", reason));
        }
    }

    private StowResponse() {
    }

    /**
     * Returns normally when the response confirms every instance of {@code sent}; otherwise
     * throws: transient for 408, 429, 5xx and out-of-resources refusals, permanent for the rest.
     */
    static void check(int status, String body, List<String> sent) throws DicomWebException {
        JsonNode root = parse(body);
        List<Failure> failures = failures(root);
        if (status != 200 && status != 202 && failures.isEmpty()) {
            throw DicomWebException.forStatus("STOW-RS request refused", status);
        }
        Set<String> answered = referenced(root);
        failures.forEach(f -> answered.add(f.sopInstanceUid()));
        for (String uid : sent) {
            if (!answered.contains(uid)) {
                failures.add(new Failure(printable(uid), NOT_CONFIRMED));
            }
        }
        if (failures.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("STOW-RS: the server did not store ").append(failures.size())
                .append(failures.size() == 1 ? " instance: " : " instances: ");
        for (int i = 0; i < failures.size() && i < 10; i++) {
            message.append(i == 0 ? "" : ", ").append(failures.get(i).describe());
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

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.missingNode();
        }
        try {
            JsonNode root = JSON.readTree(body);
            return root.isArray() && root.size() > 0 ? root.get(0) : root;
        } catch (java.io.IOException e) {
            return JSON.missingNode();
        }
    }

    private static Set<String> referenced(JsonNode root) {
        Set<String> uids = new HashSet<>();
        for (JsonNode item : root.path(REFERENCED_SOP_SEQUENCE).path("Value")) {
            uids.add(printable(item.path(REFERENCED_SOP_INSTANCE_UID).path("Value").path(0).asText("")));
        }
        return uids;
    }

    private static List<Failure> failures(JsonNode root) {
        List<Failure> result = new ArrayList<>();
        for (JsonNode item : root.path(FAILED_SOP_SEQUENCE).path("Value")) {
            String uid = item.path(REFERENCED_SOP_INSTANCE_UID).path("Value").path(0).asText("");
            result.add(new Failure(printable(uid), item.path(FAILURE_REASON).path("Value").path(0).asInt(0x0110)));
        }
        return result;
    }

    /** A UID from the server is printed only when it has UID syntax: nothing else can slip into a message. */
    private static String printable(String uid) {
        return UID.matcher(uid).matches() ? uid : "(a malformed UID)";
    }
}
