package org.dicomdeid.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.testing.ContentSamples;
import org.dicomdeid.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped folder route with a policy's filters: dropped inputs leave the inbox for dropped/, quarantined ones name the filter. */
class FolderRouteFiltersTest {
    @TempDir
    Path home;
    @RegisterExtension
    LogCapture logs = new LogCapture();
    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void dropsToDroppedQuarantinesWithTheFilterNameAndAnonymisesTheRest() throws Exception {
        Path policy = home.resolve("policy.yaml");
        Files.writeString(policy, Files.readString(Path.of("policies/drop-non-diagnostic.yaml")) + """
                  - name: burned-in
                    when: {attribute: BurnedInAnnotation, equals: "YES"}
                    action: quarantine
                """);
        Properties settings = new Properties();
        settings.setProperty("deid.policy", policy.toString());
        context = FolderRouteTest.startRoute("folder-anonymiser.yaml", home, settings);
        NotifyBuilder four = new NotifyBuilder(context).whenDone(4).create();

        Path inbox = home.resolve("inbox");
        var burned = ContentSamples.ct(3);
        org.dicomdeid.deid.TestInstances.put(burned.dataset(), com.pixelmed.dicom.TagFromName.BurnedInAnnotation, "YES");
        DicomFiles.writeAtomically(ContentSamples.ct(1), inbox.resolve("site/ct.dcm"));
        DicomFiles.writeAtomically(ContentSamples.secondaryCapture(2), inbox.resolve("site/sc.dcm"));
        DicomFiles.writeAtomically(burned, inbox.resolve("site/burned.dcm"));
        DicomFiles.writeAtomically(ContentSamples.radiationDoseSr(4), inbox.resolve("site/dose.dcm"));

        assertThat(four.matches(60, TimeUnit.SECONDS)).isTrue();
        assertThat(home.resolve("outbox/site/ct.dcm")).exists();
        assertThat(home.resolve("archive/site/ct.dcm")).exists();
        for (String dropped : new String[] {"sc.dcm", "dose.dcm"}) {
            assertThat(home.resolve("outbox/site/" + dropped)).doesNotExist();
            assertThat(home.resolve("quarantine/site/" + dropped)).doesNotExist();
            assertThat(home.resolve("dropped/site/" + dropped)).exists();
        }
        assertThat(Files.readString(home.resolve("dropped/site/sc.dcm.reason.txt")))
                .contains("dropped by filter 'secondary-captures'");
        assertThat(Files.readString(home.resolve("dropped/site/dose.dcm.reason.txt")))
                .contains("dropped by filter 'dose-reports'");
        assertThat(Files.readString(home.resolve("quarantine/site/burned.dcm.reason.txt")))
                .contains("quarantined by filter 'burned-in'");
        try (var left = Files.walk(inbox)) {
            assertThat(left.filter(Files::isRegularFile)).as("nothing left in the inbox").isEmpty();
        }
        assertThat(logs.text()).doesNotContain(ContentSamples.PATIENT_NAME).doesNotContain("1.2.3.77");
        String ours = logs.text().lines().filter(l -> l.contains(" org.dicomdeid.")).reduce("", (a, b) -> a + b + "\n");
        assertThat(ours).contains("by filter 'secondary-captures' (1 dropped by it so far)").doesNotContain("sc.dcm");
    }
}
