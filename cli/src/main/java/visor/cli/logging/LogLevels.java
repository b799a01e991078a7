package visor.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code --log-level}: it sets the root level; hypervisor events stay visible at INFO. */
public final class LogLevels {
    /** Values accepted by {@code --log-level}. */
    public enum LogLevel { OFF, ERROR, WARN, INFO, DEBUG, TRACE }

    /** Logger of the hypervisor's lifecycle events, shown on the console at INFO by default. */
    public static final String HYPERVISOR_LOGGER = "visor.hv";

    private LogLevels() {
    }

    public static void apply(LogLevel level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext)) {
            return;
        }
        Level root = Level.toLevel(level.name());
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(root);
        // OFF silences everything; a level more verbose than INFO applies to the hypervisor too;
        // otherwise hypervisor events keep INFO so VM starts/stops/faults still reach the console.
        Level hv = level == LogLevel.OFF || root.levelInt < Level.INFO_INT ? root : Level.INFO;
        ((Logger) LoggerFactory.getLogger(HYPERVISOR_LOGGER)).setLevel(hv);
    }
}
