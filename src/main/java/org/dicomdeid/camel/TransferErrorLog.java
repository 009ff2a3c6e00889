package org.dicomdeid.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * PHI-free logging for transfer routes (SFTP and the like). Camel's own messages about a failed
 * transfer quote the file name, and file names may carry patient names; this logs the kind of
 * failure instead: the exception classes of the cause chain, plus the message of connection-level
 * causes (host key rejected, authentication failed, connection refused), which name only the
 * server. Bean property {@code channel}: a label for the log lines, e.g. "sftp-push".
 * <p>
 * Used as a route's {@code onRedelivery} processor (a retry is coming) and as a consumer's
 * {@code exceptionHandler} / {@code onCompletionExceptionHandler} (a poll, download or commit
 * failed; the file stays where it is and is tried again at the next poll).
 */
public class TransferErrorLog implements Processor, ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TransferErrorLog.class);
    private String channel = "transfer";

    public void setChannel(String channel) {
        this.channel = channel;
    }

    /** onRedelivery: called before each retry of a failed exchange. */
    @Override
    public void process(Exchange exchange) {
        int attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        Throwable cause = exchange.getException();
        if (cause == null) {
            cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        LOG.warn("{}: transfer failed ({}); retry {} of exchange {}", channel, describe(cause), attempt,
                exchange.getExchangeId());
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    /** The message Camel passes names the file: it is not logged. */
    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        LOG.warn("{}: transfer failed ({}); the file stays and is tried again at the next poll",
                channel, describe(exception));
    }

    /** The cause chain as class names, with messages only where they cannot hold a file name. */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown cause";
        }
        List<String> parts = new ArrayList<>();
        for (Throwable t = cause; t != null && parts.size() < 6; t = t.getCause()) {
            String part = t.getClass().getSimpleName();
            if (namesOnlyTheServer(t) && t.getMessage() != null) {
                part += ": " + t.getMessage();
            }
            parts.add(part);
            if (t.getCause() == t) {
                break;
            }
        }
        return String.join(" <- ", parts);
    }

    private static boolean namesOnlyTheServer(Throwable t) {
        // JSchException and its kinds: connection, host key, authentication. Not SftpException:
        // a server's status text may quote the path.
        String name = t.getClass().getName();
        return name.startsWith("com.jcraft.jsch.JSch") || name.startsWith("java.net.");
    }
}
