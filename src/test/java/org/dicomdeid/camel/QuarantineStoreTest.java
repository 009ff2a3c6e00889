package org.dicomdeid.camel;

import org.dicomdeid.deid.ProjectSecret;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Listing, requeueing and deleting quarantine entries, which are known only by keyed hashes. */
class QuarantineStoreTest {
    private static final ProjectSecret SECRET = ProjectSecret.of(new byte[32]);
    @TempDir
    Path home;
    private QuarantineStore store;

    @BeforeEach
    void quarantineTwo() throws Exception {
        QuarantineProcessor.place(home.resolve("quarantine/SMITH_JOHN/1.dcm"), null,
                "one".getBytes(StandardCharsets.UTF_8), false, "not DICOM: no preamble", false);
        QuarantineProcessor.place(home.resolve("quarantine/2.dcm"), null,
                "two".getBytes(StandardCharsets.UTF_8), false, "refused by the policy", false);
        Files.writeString(home.resolve("quarantine/.2.dcm.tmp"), "half written");
        store = new QuarantineStore(home.resolve("quarantine"), home.resolve("inbox"), SECRET);
    }

    @Test
    void entriesCarryAKeyedHashAndTheReasonNeverTheName() throws Exception {
        List<QuarantineStore.Entry> entries = store.list();
        assertThat(entries).extracting(QuarantineStore.Entry::reason)
                .containsExactlyInAnyOrder("not DICOM: no preamble", "refused by the policy");
        assertThat(entries).extracting(QuarantineStore.Entry::id)
                .allMatch(id -> id.matches("#[0-9a-f]{12}"))
                .noneMatch(id -> id.contains("SMITH"))
                .doesNotHaveDuplicates();
        // without an id line in the reason file: the same hash the logs give the input's path
        assertThat(entries).extracting(QuarantineStore.Entry::id)
                .contains(new org.dicomdeid.pipeline.OutputNames(SECRET).logId(Path.of("SMITH_JOHN/1.dcm")));
        // another secret, other ids: the hash is keyed
        assertThat(new QuarantineStore(home.resolve("quarantine"), home.resolve("inbox"), ProjectSecret.of(new byte[]{
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})).list())
                .extracting(QuarantineStore.Entry::id).doesNotContainAnyElementsOf(
                        entries.stream().map(QuarantineStore.Entry::id).toList());
    }

    @Test
    void requeueMovesTheInputBackToItsPlaceInTheInboxAndDropsTheReason() throws Exception {
        String id = idWithReason("not DICOM: no preamble");
        assertThat(store.requeue(id)).isOne();
        assertThat(home.resolve("inbox/SMITH_JOHN/1.dcm")).hasContent("one");
        assertThat(home.resolve("quarantine/SMITH_JOHN/1.dcm")).doesNotExist();
        assertThat(home.resolve("quarantine/SMITH_JOHN/1.dcm.reason.txt")).doesNotExist();
        assertThat(store.list()).hasSize(1);
        assertThat(store.requeue(id)).as("already requeued").isZero();
        try (var left = Files.list(home.resolve("inbox/SMITH_JOHN"))) {
            assertThat(left).hasSize(1);  // no temporary file left behind
        }
    }

    @Test
    void requeueNeverReplacesAnotherFileWaitingInTheInbox() throws Exception {
        Files.createDirectories(home.resolve("inbox"));
        Files.writeString(home.resolve("inbox/2.dcm"), "another input");
        assertThat(store.requeue(idWithReason("refused by the policy"))).isOne();
        assertThat(home.resolve("inbox/2.dcm")).hasContent("another input");
        try (var inbox = Files.list(home.resolve("inbox"))) {
            assertThat(inbox.filter(f -> f.getFileName().toString().matches("2~[0-9a-f]{8}\\.dcm")).toList())
                    .singleElement().satisfies(f -> assertThat(f).hasContent("two"));
        }
    }

    @Test
    void aUniqueQuarantineNameGoesBackUnderTheInputsOwnName() throws Exception {
        QuarantineProcessor.place(home.resolve("quarantine/2.dcm"), null,
                "another two".getBytes(StandardCharsets.UTF_8), false, "truncated", false);
        String id = idWithReason("truncated");
        // both copies of 2.dcm carry its id: one requeue brings both back, the first under its own name
        assertThat(idWithReason("refused by the policy")).isEqualTo(id);
        Files.delete(home.resolve("quarantine/2.dcm"));
        assertThat(store.requeue(id)).isOne();
        assertThat(home.resolve("inbox/2.dcm")).hasContent("another two");
        assertThat(QuarantineStore.originalPath(Path.of("a/b.c~0123abcd-2.dcm"))).isEqualTo(Path.of("a/b.c.dcm"));
        assertThat(QuarantineStore.originalPath(Path.of("IMG~0123abcd"))).isEqualTo(Path.of("IMG"));
    }

    @Test
    void deleteRemovesInputAndReason() throws Exception {
        String id = idWithReason("refused by the policy");
        assertThat(store.delete(id)).isOne();
        assertThat(home.resolve("quarantine/2.dcm")).doesNotExist();
        assertThat(home.resolve("quarantine/2.dcm.reason.txt")).doesNotExist();
        assertThat(store.delete(id)).isZero();
        assertThat(store.delete("not-an-id")).isZero();
        assertThat(store.list()).extracting(QuarantineStore.Entry::reason).containsExactly("not DICOM: no preamble");
    }

    @Test
    void theIdIsTheReasonFilesIdLineAndItNamesEveryCopyOfThatInput() throws Exception {
        QuarantineProcessor.place(home.resolve("quarantine/3.dcm"), null, "three".getBytes(StandardCharsets.UTF_8),
                false, QuarantineProcessor.withId("truncated", "#0123456789ab"), false);
        QuarantineProcessor.place(home.resolve("quarantine/3.dcm"), null, "three again".getBytes(StandardCharsets.UTF_8),
                false, QuarantineProcessor.withId("truncated", "#0123456789ab"), false);
        assertThat(store.list()).filteredOn(e -> e.id().equals("#0123456789ab")).hasSize(2)
                .allSatisfy(e -> assertThat(e.reason()).isEqualTo("truncated"))
                .allSatisfy(e -> assertThat(e.hex()).isEqualTo("0123456789ab"));
        assertThat(store.find("0123456789ab")).isPresent();
        assertThat(store.requeue("#0123456789ab")).isEqualTo(2);
        assertThat(home.resolve("inbox/3.dcm")).exists();
        assertThat(store.list()).hasSize(2);
        assertThat(store.find("#0123456789ab")).isEmpty();
    }

    @Test
    void anEntryWhoseReasonIsMissingIsStillListed() throws Exception {
        Files.delete(home.resolve("quarantine/2.dcm.reason.txt"));
        assertThat(store.list()).extracting(QuarantineStore.Entry::reason).contains("");
        assertThat(new QuarantineStore(home.resolve("none"), home.resolve("inbox"), SECRET).list()).isEmpty();
    }

    private String idWithReason(String reason) throws Exception {
        return store.list().stream().filter(e -> e.reason().equals(reason)).findFirst().orElseThrow().id();
    }
}
