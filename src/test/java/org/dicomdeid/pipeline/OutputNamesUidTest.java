package org.dicomdeid.pipeline;

import org.dicomdeid.deid.ProjectSecret;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Names derived from UIDs of the data set (retain-uids keeps whatever a sender wrote there). */
class OutputNamesUidTest {
    private final OutputNames names = new OutputNames(ProjectSecret.of(new byte[32]));

    @Test
    void aUidNamesItsFile() {
        assertThat(names.forUid("2.25.1234567890", ".dcm")).isEqualTo("2.25.1234567890.dcm");
        assertThat(names.forUid("1.2.840.10008.5.1.4.1.1.2", ".dcm")).isEqualTo("1.2.840.10008.5.1.4.1.1.2.dcm");
    }

    @Test
    void anythingElseGetsAKeyedHashThatStaysInTheFolder() {
        Path out = Path.of("/outbox");
        for (String bad : new String[] {"../../..", "1.2.3/4.5", "..", "", "1.2.3\\\\4", "/etc/passwd", "1..2", ".1.2",
                "1.2.", "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.21.22.23.24.25.26.27.28.29.30.31.32.33",
                "SMITH^JOHN", null}) {
            String name = names.forUid(bad, ".dcm");
            assertThat(name).as(String.valueOf(bad)).matches("uid-[0-9a-f]{12}\\.dcm");
            assertThat(out.resolve(name).normalize().getParent()).isEqualTo(out);
        }
        assertThat(names.forUid("../../..", ".dcm")).isEqualTo(names.forUid("../../..", ".dcm"))
                .isNotEqualTo(names.forUid("1.2.3/4.5", ".dcm"));
    }
}
