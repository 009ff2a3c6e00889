package org.dicomdeid.app;

import org.dicomdeid.camel.dicom.DicomAddress;
import org.dicomdeid.camel.dicom.DicomSender;
import org.dicomdeid.camel.dicom.DicomStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code deid echo AE@host:port}: a C-ECHO, to check that a DICOM peer is reachable. */
@Command(name = "echo", mixinStandardHelpOptions = true, description = "Send a C-ECHO to AE@host:port.")
public final class EchoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "AE@HOST:PORT", converter = AddressConverter.class)
    DicomAddress peer;

    @Option(names = "--calling-ae", paramLabel = "AE", defaultValue = "DEID", description = "Our AE title. Default: ${DEFAULT-VALUE}")
    String callingAe;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        try {
            DicomSender.echo(peer, callingAe);
        } catch (DicomStoreException e) {
            System.err.println("deid: " + e.getMessage());
            return Main.EXIT_FAILURE;
        }
        System.out.printf("C-ECHO %s: success (%d ms)%n", peer, (System.nanoTime() - start) / 1_000_000);
        return Main.EXIT_OK;
    }
}
