package org.dicomdeid.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging configuration, in code: logback's XML reader alone loads some 300 classes, a
 * noticeable part of a short command's start. Found by logback through META-INF/services.
 * Logs carry counts, hashes and reasons, never values from the images (no PHI).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("org.dicomdeid").setLevel(Level.INFO);
        context.getLogger("org.apache.camel").setLevel(Level.INFO);
        // PixelMed reports parse problems itself; we report them as quarantine reasons instead.
        context.getLogger("com.pixelmed").setLevel(Level.OFF);
        // It names the input file on rollback; input names may carry patient names.
        context.getLogger("org.apache.camel.component.file.GenericFileOnCompletion").setLevel(Level.ERROR);
        // It names the remote file when an upload fails; TransferErrorLog reports the failure instead.
        context.getLogger("org.apache.camel.component.file.remote.RemoteFileProducer").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
