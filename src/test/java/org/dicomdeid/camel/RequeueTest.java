package org.dicomdeid.camel;

import org.dicomdeid.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Quarantined inputs back to the inbox: by keyed hash or all, reason files gone, nothing replaced. */
class RequeueTest {
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

        Requeue requeue = new Requeue(home.resolve("quarantine"), home.resolve("inbox"));
        assertThat(requeue.entries()).extracting(Requeue.Entry::id)
                .containsExactlyInAnyOrder("#aaaaaaaaaaaa", "#bbbbbbbbbbbb", null);
        assertThat(requeue.requeue("aaaaaaaaaaaa")).containsExactly(home.resolve("inbox/site/a.dcm"));
        assertThat(home.resolve("inbox/site/a.dcm")).hasContent("a");
        assertThat(home.resolve("quarantine/site/a.dcm")).doesNotExist();
        assertThat(home.resolve("quarantine/site/a.dcm.reason.txt")).doesNotExist();
        assertThat(requeue.requeue("#nothing")).isEmpty();

        List<Path> all = requeue.requeueAll();
        assertThat(all).hasSize(2);
        assertThat(home.resolve("inbox/b.dcm")).hasContent("another b"); // never replaced
        assertThat(all).anyMatch(p -> p.getFileName().toString().matches("b~\\p{XDigit}{8}\\.dcm"));
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
        assertThat(Main.execute("requeue", "--home", home.toString(), "--list")).isZero();
        assertThat(Main.execute("requeue", "--home", home.toString(), "#ffffffffffff")).isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.execute("requeue", "--home", home.toString(), "#0123456789ab")).isZero();
        assertThat(home.resolve("inbox/x.dcm")).hasContent("x");
    }
}
