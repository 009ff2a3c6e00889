package org.dicomdeid.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Captures everything logged (any logger, any thread) while a test runs, for leak scanning:
 * <pre>
 * &#64;RegisterExtension
 * final LogCapture logs = new LogCapture();
 * ...
 * assertThat(LeakScanner.forCorpus(corpus).scanText("log", logs.text()).leaks()).isEmpty();
 * </pre>
 * For the duration of the test every logger's threshold is lowered to {@code level} (DEBUG
 * unless told otherwise), so a value logged at a level the configuration hides is caught too;
 * the configured levels are restored afterwards.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
    private final Level level;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> savedLevels = new HashMap<>();

    public LogCapture() {
        this(Level.DEBUG);
    }

    public LogCapture(Level level) {
        this.level = level;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** Starts capturing (the extension does this before each test). */
    public void start() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (Logger logger : ctx.getLoggerList()) {
            if (logger.getLevel() != null) {
                savedLevels.put(logger, logger.getLevel());
                if (logger.getLevel().isGreaterOrEqual(level) && logger.getLevel() != level) {
                    logger.setLevel(level);
                }
            }
        }
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        appender.setContext(ctx);
        appender.setName("test-capture");
        appender.start();
        root.addAppender(appender);
    }

    public void stop() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        savedLevels.forEach(Logger::setLevel);
        savedLevels.clear();
    }

    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return new ArrayList<>(appender.list);
        }
    }

    public void clear() {
        synchronized (appender.list) {
            appender.list.clear();
        }
    }

    /**
     * Everything an appender could print: level, logger, thread, formatted message, raw
     * arguments, MDC, key-value pairs and whole exception chains (messages and frames).
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent e : events()) {
            sb.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" [").append(e.getThreadName())
                    .append("] ").append(e.getFormattedMessage());
            if (e.getArgumentArray() != null) {
                for (Object arg : e.getArgumentArray()) {
                    sb.append(" | arg: ").append(arg);
                }
            }
            if (!e.getMDCPropertyMap().isEmpty()) {
                sb.append(" | mdc: ").append(e.getMDCPropertyMap());
            }
            if (e.getKeyValuePairs() != null) {
                e.getKeyValuePairs().forEach(kv -> sb.append(" | ").append(kv.key).append('=').append(kv.value));
            }
            sb.append('\n');
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                sb.append("  ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    sb.append("    ").append(frame.getSTEAsString()).append('\n');
                }
                for (IThrowableProxy s : t.getSuppressed()) {
                    sb.append("  suppressed ").append(s.getClassName()).append(": ").append(s.getMessage()).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
