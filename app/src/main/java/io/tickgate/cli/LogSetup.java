package io.tickgate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The process's logging (logback): lines on standard error, as text or JSON, at the levels asked for. Logback finds
 * this class as its {@link Configurator} (META-INF/services), so the defaults hold from the first line logged, and
 * {@link #apply} sets the options of the command line before the command runs.
 */
public final class LogSetup extends ContextAwareBase implements Configurator
{
    /** Chatty at info about their own business; still told at warn. */
    static final List<String> THIRD_PARTY = List.of("net.openhft", "org.xnio", "io.undertow", "org.jboss");
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %msg" +
        "%replace( %kvp{NONE}){'^ $', ''}%n%ex";

    public ExecutionStatus configure(final LoggerContext context)
    {
        apply(context, LogFormat.TEXT, List.of(new LogLevel(null, Level.INFO)));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * @param format text or JSON lines.
     * @param levels in order: a later one for the same logger wins.
     */
    static void apply(final LogFormat format, final List<LogLevel> levels)
    {
        apply((LoggerContext)LoggerFactory.getILoggerFactory(), format, levels);
    }

    private static void apply(final LoggerContext context, final LogFormat format, final List<LogLevel> levels)
    {
        context.reset();
        final Encoder<ILoggingEvent> encoder = LogFormat.JSON == format ? jsonEncoder() : textEncoder();
        encoder.setContext(context);
        encoder.start();
        final ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        final Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        THIRD_PARTY.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        for (final LogLevel level : levels)
        {
            final String name = null == level.logger() ? Logger.ROOT_LOGGER_NAME : level.logger();
            context.getLogger(name).setLevel(level.level());
        }
    }

    private static Encoder<ILoggingEvent> textEncoder()
    {
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(TEXT_PATTERN);
        return encoder;
    }

    /**
     * {@code timestamp} (epoch ms), {@code level}, {@code threadName}, {@code loggerName}, {@code formattedMessage},
     * the key/values as {@code kvpList} and a {@code throwable} when there is one.
     */
    private static Encoder<ILoggingEvent> jsonEncoder()
    {
        final JsonEncoder encoder = new JsonEncoder();
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMarkers(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        return encoder;
    }
}
