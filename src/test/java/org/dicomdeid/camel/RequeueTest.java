package org.dicomdeid.camel;

import org.dicomdeid.app.Main;
import org.dicomdeid.deid.ProjectSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quarantined inputs back to the inbox ({@link QuarantineStore}, as {@code deid requeue} uses it): by
 * the keyed hash of the reason file's id line or all, reason files gone, nothing replaced.
 */
class RequeueTest {
    private static final ProjectSecret SECRET = ProjectSecret.of(new byte[32]);
    @TempDir
    Path home;

    private Path quarantine(String name, String content, String id) throws Exception {
        Path file = home.resolve("work").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return QuarantineProcessor.place(home.resolve("quarantine").resolve(name), file, null, true,
                QuarantineProcessor.withId("not DICOM", id), false);
    }

    @Test
    void byHashThenAllWithoutReasonFilesAndWithoutReplacingAnything() throws Exception {
        quarantine("site/a.dcm", "a", "#aaaaaaaaaaaa");
        quarantine("b.dcm", "b", "#bbbbbbbbbbbb");
        quarantine("c.dcm", "c", null); // quarantined before reason files carried an id
        Files.createDirectories(home.resolve("inbox"));
        Files.writeString(home.resolve("inbox/b.dcm"), "another b");

        QuarantineStore store = new QuarantineStore(home.resolve("quarantine"), home.resolve("inbox"), SECRET);
        // c.dcm has no id line: the keyed hash the log gave its consumed name
        String cId = new org.dicomdeid.pipeline.OutputNames(SECRET).logId(Path.of("c.dcm"));
        assertThat(store.list()).extracting(QuarantineStore.Entry::id)
                .containsExactlyInAnyOrder("#aaaaaaaaaaaa", "#bbbbbbbbbbbb", cId);
        assertThat(store.list()).extracting(QuarantineStore.Entry::reason).containsOnly("not DICOM");
        assertThat(store.requeue("aaaaaaaaaaaa")).isOne();
        assertThat(home.resolve("inbox/site/a.dcm")).hasContent("a");
        assertThat(home.resolve("quarantine/site/a.dcm")).doesNotExist();
        assertThat(home.resolve("quarantine/site/a.dcm.reason.txt")).doesNotExist();
        assertThat(store.requeue("#nothing")).isZero();

        assertThat(store.requeueAll()).isEqualTo(2);
        assertThat(home.resolve("inbox/b.dcm")).hasContent("another b"); // never replaced
        try (var inbox = Files.list(home.resolve("inbox"))) {
            assertThat(inbox.map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("b~\\p{XDigit}{8}\\.dcm"));
        }
        assertThat(home.resolve("inbox/c.dcm")).hasContent("c");
        try (var left = Files.walk(home.resolve("quarantine"))) {
            assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
        }
        try (var inbox = Files.walk(home.resolve("inbox"))) {
            assertThat(inbox.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".reason.txt"));
        }
    }

    @Test
    void theCommand() throws Exception {
        quarantine("x.dcm", "x", "#0123456789ab");
        assertThat(Main.execute("requeue", "--home", home.resolve("typo").toString(), "--list")).isEqualTo(Main.EXIT_USAGE);
        assertThat(home.resolve("typo")).doesNotExist();  // no secret created in a wrong folder
        assertThat(Main.execute("requeue", "--home", home.toString(), "--list")).isZero();
        assertThat(Main.execute("requeue", "--home", home.toString(), "#ffffffffffff")).isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.execute("requeue", "--home", home.toString(), "#0123456789ab")).isZero();
        assertThat(home.resolve("inbox/x.dcm")).hasContent("x");
    }
}
