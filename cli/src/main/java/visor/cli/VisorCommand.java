package visor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import visor.cli.logging.LogLevels;

import java.util.concurrent.Callable;

/** The top command: only dispatches to its subcommands. */
@Command(name = "visor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Raspberry Pi 3 (BCM2837) emulator hosting an EL2 hypervisor.",
        subcommands = {RunCommand.class, BootCommand.class, BenchCommand.class},
        footer = {"", "Exit codes: 0 success, 1 run failed or headless expectation unmet, 2 usage or configuration error."})
public final class VisorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /**
     * A setter so the level applies as soon as it is parsed, wherever it appears (INHERIT lets it follow
     * the subcommand too).
     */
    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT, defaultValue = "WARN",
            description = "Level of log lines (${COMPLETION-CANDIDATES}; default: ${DEFAULT-VALUE}). Hypervisor "
                    + "events (logger visor.hv) are shown at INFO unless LEVEL is OFF or more verbose.")
    void setLogLevel(LogLevels.LogLevel level) {
        LogLevels.apply(level);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a command is required: run or boot");
    }
}
