package org.dicomdeid.camel.console;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The folder gauges count what waits, per destination for the outgoing spools. */
class ObserveMetricsTest {
    @TempDir
    Path home;

    @Test
    void eachDestinationsOutgoingSpoolHasItsOwnGauge() throws Exception {
        write(home.resolve("spool/outgoing/dicom-PACS-127.0.0.1-104"), "a.dcm", "b.dcm", ".tmp-partial");
        write(home.resolve("spool/outgoing/dicomweb-127.0.0.1-8042-dicom-web"), "c.dcm");
        write(home.resolve("quarantine/site"), "x.dcm", "x.dcm.reason.txt");
        write(home.resolve("dead-letter/dicom-PACS-127.0.0.1-104"), "d.dcm");
        CamelContext context = new DefaultCamelContext();
        context.start();
        try {
            String metrics = ObserveRoutes.metrics(context, home);
            assertThat(metrics)
                    .contains("deid_folder_files{folder=\"spool/outgoing/dicom-PACS-127.0.0.1-104\"} 2\n")
                    .contains("deid_folder_files{folder=\"spool/outgoing/dicomweb-127.0.0.1-8042-dicom-web\"} 1\n")
                    .contains("deid_folder_files{folder=\"quarantine\"} 1\n")
                    .contains("deid_folder_files{folder=\"dead-letter\"} 1\n")
                    .contains("deid_folder_files{folder=\"inbox\"} 0\n");
        } finally {
            context.stop();
        }
    }

    private static void write(Path dir, String... names) throws Exception {
        Files.createDirectories(dir);
        for (String name : names) {
            Files.writeString(dir.resolve(name), "x");
        }
    }
}
