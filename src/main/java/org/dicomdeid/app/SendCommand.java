package org.dicomdeid.app;

import org.dicomdeid.camel.dicom.DicomAddress;
import org.dicomdeid.camel.dicom.DicomSender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code deid send --to AE@host:port FILE...}: C-STORE files (folders recursively) on one
 * association. Failures are reported by position and reason, never by file name (names may
 * carry patient data).
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send DICOM files and folders (recursively) to AE@host:port with C-STORE.")
public final class SendCommand implements Callable<Integer> {
    @Option(names = "--to", paramLabel = "AE@HOST:PORT", required = true, converter = AddressConverter.class)
    DicomAddress peer;

    @Option(names = "--calling-ae", paramLabel = "AE", defaultValue = "DEID", description = "Our AE title. Default: ${DEFAULT-VALUE}")
    String callingAe;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "DICOM files or folders")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> s = Files.walk(input)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else {
                files.add(input);
            }
        }
        int sent = 0;
        int failed = 0;
        try (DicomSender sender = new DicomSender(peer, callingAe)) {
            for (int i = 0; i < files.size(); i++) {
                try {
                    sender.send(files.get(i));
                    sent++;
                } catch (IOException e) {
                    failed++;
                    System.err.printf("deid: input %d of %d not sent: %s%n", i + 1, files.size(), e.getMessage());
                }
            }
        }
        System.out.printf("sent %d of %d instances to %s%n", sent, files.size(), peer);
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }
}
