package org.dicomdeid.camel.dicomweb;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How STOW-RS responses are judged: every instance sent must be confirmed. */
class StowResponseTest {
    private static String item(String uid, String extra) {
        return "{\"00081150\":{\"vr\":\"UI\",\"Value\":[\"1.2.840.10008.5.1.4.1.1.2\"]},"
                + "\"00081155\":{\"vr\":\"UI\",\"Value\":[\"" + uid + "\"]}" + extra + "}";
    }

    private static String response(List<String> stored, List<String> failed, int reason) {
        String ok = String.join(",", stored.stream().map(u -> item(u, "")).toList());
        String ko = String.join(",", failed.stream()
                .map(u -> item(u, ",\"00081197\":{\"vr\":\"US\",\"Value\":[" + reason + "]}")).toList());
        return "{\"00081199\":{\"vr\":\"SQ\"" + (ok.isEmpty() ? "" : ",\"Value\":[" + ok + "]") + "},"
                + "\"00081198\":{\"vr\":\"SQ\"" + (ko.isEmpty() ? "" : ",\"Value\":[" + ko + "]") + "}}";
    }

    @Test
    void everyInstanceConfirmedIsSuccess() {
        assertThatCode(() -> StowResponse.check(200, response(List.of("1.2.3", "1.2.4"), List.of(), 0),
                List.of("1.2.3", "1.2.4"))).doesNotThrowAnyException();
    }

    @Test
    void aRefusedInstanceIsNamedAndPermanent() {
        assertThatThrownBy(() -> StowResponse.check(202, response(List.of("1.2.3"), List.of("1.2.4"), 0xC000),
                List.of("1.2.3", "1.2.4")))
                .isInstanceOf(DicomWebPermanentException.class).hasMessageContaining("1.2.4").hasMessageContaining("0xC000")
                .hasMessageNotContaining("1.2.3 ").hasMessageContaining("HTTP 202");
        assertThatThrownBy(() -> StowResponse.check(409, response(List.of(), List.of("1.2.4"), 0xA900), List.of("1.2.4")))
                .isInstanceOf(DicomWebPermanentException.class).hasMessageContaining("1.2.4");
    }

    @Test
    void outOfResourcesIsTransient() {
        assertThatThrownBy(() -> StowResponse.check(202, response(List.of(), List.of("1.2.4"), 0xA700), List.of("1.2.4")))
                .isInstanceOf(DicomWebTransientException.class);
    }

    @Test
    void anInstanceLeftOutOfTheResponseWasNotStored() {
        assertThatThrownBy(() -> StowResponse.check(200, response(List.of("1.2.3"), List.of(), 0), List.of("1.2.3", "1.2.9")))
                .isInstanceOf(DicomWebPermanentException.class).hasMessageContaining("1.2.9");
    }

    @Test
    void statusesWithoutABodyAreClassified() {
        for (int status : new int[] {408, 429, 500, 503}) {
            assertThatThrownBy(() -> StowResponse.check(status, "", List.of("1.2.3")))
                    .isInstanceOf(DicomWebTransientException.class).hasMessageContaining("HTTP " + status);
        }
        for (int status : new int[] {400, 401, 403, 404, 413, 415}) {
            assertThatThrownBy(() -> StowResponse.check(status, "<html>no</html>", List.of("1.2.3")))
                    .isInstanceOf(DicomWebPermanentException.class).hasMessageContaining("HTTP " + status);
        }
    }

    @Test
    void aServerCannotSlipTextIntoMessages() {
        assertThatThrownBy(() -> StowResponse.check(202, response(List.of(), List.of("SMITH^JOHN"), 0xC000),
                List.of("1.2.3")))
                .hasMessageNotContaining("SMITH").hasMessageContaining("malformed");
    }
}
