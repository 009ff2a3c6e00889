package org.dicomdeid.testing;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LeakScannerTest {
    private static final String NAME = "CNRY1ABCDE^CNRY1FEDCB";
    private static final String DATE = "19230517";
    private static final String UID = "1.2.826.0.1.3680043.10.999.1.123456";

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    private final LeakScanner scanner = new LeakScanner(Map.of(NAME, Canary.Kind.TEXT, DATE, Canary.Kind.DATE,
            UID, Canary.Kind.UID, "4242", Canary.Kind.BINARY_NUMBER, "101D", Canary.Kind.AGE, "143M", Canary.Kind.AGE));

    @Test
    void cleanBytesGiveACleanReport() {
        LeakReport report = scanner.scanText("text", "nothing to see: 2.25.1234567890 19230518 CNRY1ABCDF");
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(report.sourcesScanned()).isEqualTo(1);
    }

    @Test
    void findsTextInAnyCaseAndInUtf16() {
        assertThat(scanner.scanText("log", "patient cnry1abcde^cnry1fedcb seen").canariesFound()).containsExactly(NAME);
        for (var cs : new java.nio.charset.Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            LeakReport report = scanner.scanBytes("blob", ("x" + NAME + "y").getBytes(cs));
            assertThat(report.leaks()).as(cs.name()).anyMatch(l -> l.encoding().equals(cs.name()) && l.form().equals(NAME));
        }
    }

    @Test
    void findsPersonNameComponentsAndRewrittenForms() {
        assertThat(scanner.scanText("a", "only CNRY1FEDCB here").leaks()).extracting(Leak::form).containsExactly("CNRY1FEDCB");
        assertThat(scanner.scanText("b", "Dear CNRY1FEDCB CNRY1ABCDE,").leaks()).extracting(Leak::form)
                .contains("CNRY1FEDCB CNRY1ABCDE");
        assertThat(LeakScanner.forms("DOE^JOHN^^DR")).contains("DOE^JOHN^^DR", "JOHN DOE", "DOE, JOHN");
    }

    /** A random UID ending in "101" before the tag (0064,0003), whose first byte is 'd': "101d" by chance. */
    @Test
    void anAgeAtTheEndOfARandomUidIsChanceButAnAgeAloneIsALeak() {
        assertThat(scanner.scanText("uid", "UI,\u00002.25.3026096010043391101d\u0000\u0003\u0000UI").isClean()).isTrue();
        assertThat(scanner.scanText("age", "AS\u0004\u0000101D").canariesFound()).containsExactly("101D");
        assertThat(scanner.scanText("text", "aged 101d").canariesFound()).containsExactly("101D");
    }

    @Test
    void digitCanariesCountOnlyWhenNotPartOfALongerNumber() {
        assertThat(scanner.scanText("uid", "2.25.3319230517001").isClean()).isTrue();
        assertThat(scanner.scanText("uid", "1.2.3.819230517.4").isClean()).isTrue();
        // chance at the start or the end of a UID's random component: not a leak
        assertThat(scanner.scanText("uid", "2.25.192305173380123 2.25.33801219230517\0").isClean()).isTrue();
        // a date glued to a time is the date leaked into a datetime
        assertThat(scanner.scanText("dt", "DT 1923051712.5").canariesFound()).containsExactly(DATE);
        assertThat(scanner.scanText("text", "born 19230517.").canariesFound()).containsExactly(DATE);
        // a value followed by a binary tag whose first byte happens to be a digit ('2' = group 0x0032)
        byte[] dicomish = {'D', 'A', 8, 0, '1', '9', '2', '3', '0', '5', '1', '7', '2', 0, 0, 0x10};
        assertThat(scanner.scanBytes("element", dicomish).canariesFound()).containsExactly(DATE);
        assertThat(scanner.scanText("uid", UID + ".7").canariesFound()).containsExactly(UID);
        assertThat(scanner.scanText("binary", "4242 4242").isClean()).as("binary numbers are not scanned").isTrue();
        assertThat(scanner.scanText("age", "x101Dy 3101D1").isClean()).as("ages inside longer words").isTrue();
        assertThat(scanner.scanText("age", "age 101D.").canariesFound()).containsExactly("101D");
        assertThat(scanner.scanText("log", "started in 143ms (start:143ms)").isClean()).as("a duration").isTrue();
        assertThat(scanner.scanText("age", "age 143M, 143m; 143Ms").canariesFound()).containsExactly("143M");
    }

    @Test
    void scansFoldersRecursivelyIncludingHiddenFilesAndNames(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("out/quarantine"));
        Files.writeString(dir.resolve("out/clean.dcm"), "nothing");
        Files.writeString(dir.resolve("out/quarantine/x.dcm.reason.txt"), "bad date " + DATE);
        Files.write(dir.resolve("out/.hidden.tmp"), ("x" + UID).getBytes(StandardCharsets.UTF_16LE));
        Files.writeString(dir.resolve("out/CNRY1ABCDE.dcm"), "");
        LeakReport report = scanner.scan(dir.resolve("out"));
        assertThat(report.bySource()).containsOnlyKeys("quarantine/x.dcm.reason.txt", ".hidden.tmp",
                "name:CNRY1ABCDE.dcm");
        assertThat(report.toString()).contains("DATE 19230517 in quarantine/x.dcm.reason.txt");
        assertThat(report.withoutKinds(Canary.Kind.DATE, Canary.Kind.UID).canariesFound()).containsExactly(NAME);
        assertThat(report.withoutCanaries(java.util.List.of(NAME, DATE, UID)).isClean()).isTrue();
        assertThat(scanner.scan(dir.resolve("out/clean.dcm")).isClean()).isTrue();
    }

    @Test
    void looksInsideDeflatedDataSetsAndGzipFiles(@TempDir Path dir) throws Exception {
        com.pixelmed.dicom.AttributeList list = new com.pixelmed.dicom.AttributeList();
        for (String[] kv : new String[][] {{"SOPClassUID", "1.2.840.10008.5.1.4.1.1.7"}, {"SOPInstanceUID", "2.25.7"},
                {"PatientName", NAME}}) {
            com.pixelmed.dicom.AttributeTag tag = com.pixelmed.dicom.DicomDictionary.StandardDictionary.getTagFromName(kv[0]);
            com.pixelmed.dicom.Attribute a = com.pixelmed.dicom.AttributeFactory.newAttribute(tag);
            a.addValue(kv[1]);
            list.put(a);
        }
        String deflated = com.pixelmed.dicom.TransferSyntax.DeflatedExplicitVRLittleEndian;
        com.pixelmed.dicom.FileMetaInformation.addFileMetaInformation(list, deflated, "AE");
        list.write(dir.resolve("x.dcm").toString(), deflated, true, true);
        assertThat(new String(Files.readAllBytes(dir.resolve("x.dcm")), StandardCharsets.ISO_8859_1))
                .as("really compressed").doesNotContain("CNRY1ABCDE");
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("log.gz")))) {
            gz.write(("old log " + DATE + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(scanner.scan(dir).bySource()).containsOnlyKeys("x.dcm (inflated)", "log.gz (inflated)");
    }

    @Test
    void logCaptureSeesDebugMessagesArgumentsAndExceptionsOfAnyLogger() {
        Logger log = LoggerFactory.getLogger("org.dicomdeid.testing.quiet");
        ch.qos.logback.classic.Logger quiet = (ch.qos.logback.classic.Logger) log;
        Level configured = quiet.getLevel();
        quiet.setLevel(Level.WARN);
        try {
            logs.stop();
            logs.start(); // lowers the WARN threshold for the test's duration
            log.debug("processing {}", "CNRY1ABCDE");
            log.warn("failed", new IllegalStateException("bad value " + DATE, new RuntimeException("inner " + UID)));
            LeakReport report = scanner.scanText("log", logs.text());
            assertThat(report.canariesFound()).containsExactlyInAnyOrder(NAME, DATE, UID);
            assertThat(logs.events()).hasSize(2);
        } finally {
            logs.stop();
            assertThat(quiet.getLevel()).isEqualTo(Level.WARN);
            quiet.setLevel(configured);
            logs.start();
        }
    }
}
