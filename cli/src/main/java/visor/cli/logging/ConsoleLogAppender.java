package visor.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Writes formatted log lines to a replaceable sink. The default sink is stderr; the interactive console
 * installs its own so that lines appear above the prompt (or are held while a VM console is attached).
 */
public final class ConsoleLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private static final Consumer<String> STDERR = line -> {
        System.err.print(line);
        System.err.flush();
    };
    private static volatile Consumer<String> sink = STDERR;

    private Encoder<ILoggingEvent> encoder;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** Routes log lines (each ends in a line separator) to {@code target}; null restores stderr. */
    public static void redirect(Consumer<String> target) {
        sink = target == null ? STDERR : target;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        encoder.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        sink.accept(new String(encoder.encode(event), StandardCharsets.UTF_8));
    }
}
