package visor.cli.headless;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import visor.cli.config.InputFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Options for unattended runs, shared by {@code run} and {@code boot}. */
public final class HeadlessOptions {
    public static final double DEFAULT_TIMEOUT_SECONDS = 60;
    public static final double MAX_TIMEOUT_SECONDS = 365 * 24 * 3600;

    @Option(names = "--headless",
            description = "Run without the interactive console: follow the --expect/--send script, then exit "
                    + "(0 all expectations met, 1 timeout or failure, 2 usage or configuration error).")
    public boolean headless;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Headless: give up after this many seconds (default: ${DEFAULT-VALUE}). With no "
                    + "--expect, the run simply lasts this long.",
            defaultValue = "60")
    public double timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Write each console's output to DIR/<vm>.log (boot: DIR/console.log).")
    public Path logDir;

    /**
     * One repeatable exclusive group rather than two list options: picocli then creates one element per
     * occurrence in command-line order, and the order of --expect and --send is the script.
     */
    @ArgGroup(exclusive = true, multiplicity = "0..*", heading = "Headless script, in command-line order:%n")
    public List<StepOption> steps = new ArrayList<>();

    /** One {@code --expect} or {@code --send} occurrence. */
    public static final class StepOption {
        @Option(names = "--expect", paramLabel = "[VM=]TEXT",
                description = "Headless: wait until TEXT appears on the console of VM (a name or id; default the "
                        + "first VM; boot has one console and no VM=) after that console's previous match. "
                        + "Escapes: \\r \\n \\t \\\\.")
        public String expect;

        @Option(names = "--send", paramLabel = "[VM=]TEXT",
                description = "Headless: type TEXT on the console of VM once that console's preceding --expect "
                        + "matched (at once if there is none). Escapes: \\r \\n \\t \\\\.")
        public String send;
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The first headless-only option given without --headless, or null. */
    public String strayOption() {
        if (headless) {
            return null;
        }
        if (!steps.isEmpty()) {
            return steps.get(0).expect != null ? "--expect" : "--send";
        }
        // --timeout has a default value, so only the parse result tells whether it was typed.
        if (command != null && command.commandLine().getParseResult().hasMatchedOption("--timeout")) {
            return "--timeout";
        }
        return null;
    }

    /**
     * A headless-only option without --headless, a timeout that is not a positive finite number of seconds
     * or a --log-dir that cannot be a directory are usage errors, reported before anything starts.
     */
    public void requireHeadlessForScript() {
        String stray = strayOption();
        if (stray != null) {
            throw new ParameterException(command.commandLine(), stray + " needs --headless");
        }
        if (!(timeoutSeconds > 0) || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw new ParameterException(command.commandLine(), "--timeout " + timeoutText()
                    + ": must be a number of seconds above 0 and at most " + (long) MAX_TIMEOUT_SECONDS + " (one year)");
        }
        if (logDir != null) {
            try {
                Files.createDirectories(logDir);
            } catch (IOException e) {
                throw new ParameterException(command.commandLine(), "--log-dir " + logDir + ": "
                        + (Files.exists(logDir) && !Files.isDirectory(logDir) ? "not a directory" : "cannot create: " + InputFile.reason(e)));
            }
            if (!Files.isWritable(logDir)) {
                throw new ParameterException(command.commandLine(), "--log-dir " + logDir + ": not writable");
            }
        }
    }

    private String timeoutText() {
        return timeoutSeconds == Math.rint(timeoutSeconds) && Math.abs(timeoutSeconds) < 1e15
                ? Long.toString((long) timeoutSeconds) : Double.toString(timeoutSeconds);
    }

    public Duration timeout() {
        return Duration.ofMillis((long) (timeoutSeconds * 1000));
    }

    /** Which console a script argument ({@code [VM=]TEXT}) addresses, and the text left for it. */
    public interface Addressing {
        Target target(String raw, String spelling);
    }

    public record Target(String console, String text) {
    }

    /** The --expect/--send script in command-line order; a bad escape is a usage error. */
    public List<Step> script(Addressing addressing) {
        List<Step> script = new ArrayList<>();
        for (StepOption option : steps) {
            boolean expect = option.expect != null;
            String raw = expect ? option.expect : option.send;
            String spelling = (expect ? "--expect " : "--send ") + raw;
            Target target = addressing.target(raw, spelling);
            String text;
            try {
                text = Escapes.decode(target.text());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), spelling + ": " + e.getMessage());
            }
            if (text.isEmpty()) {
                throw new ParameterException(command.commandLine(), (raw.isEmpty() ? spelling + "''" : spelling) + ": empty text"
                        + (expect ? " would match at once" : " types nothing"));
            }
            script.add(Step.of(expect ? Step.Kind.EXPECT : Step.Kind.SEND, target.console(), text, spelling));
        }
        return script;
    }
}
