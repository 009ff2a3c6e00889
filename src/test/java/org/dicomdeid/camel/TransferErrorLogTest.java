package org.dicomdeid.camel;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/** What transfer failures log: the kind of failure and the server's trouble, never a file name. */
class TransferErrorLogTest {
    @Test
    void fileNamesInCamelAndSftpMessagesAreLeftOut() {
        Throwable cause = new GenericFileOperationFailedException("Cannot store file: incoming/DOE_JANE/1.dcm",
                new SftpException(4, "Failure writing /incoming/DOE_JANE/.1.dcm"));
        String line = TransferErrorLog.describe(cause);
        assertThat(line).isEqualTo("GenericFileOperationFailedException <- SftpException").doesNotContain("DOE");
    }

    @Test
    void connectionTroubleIsNamed() {
        Throwable cause = new GenericFileOperationFailedException("Cannot connect to sftp://deid@127.0.0.1:2222",
                new JSchException("reject HostKey: [127.0.0.1]:2222", new ConnectException("Connection refused")));
        assertThat(TransferErrorLog.describe(cause)).isEqualTo("GenericFileOperationFailedException"
                + " <- JSchException: reject HostKey: [127.0.0.1]:2222 <- ConnectException: Connection refused");
    }
}
