package visor.cli.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A console's commands, each with its usage line and help, and the parsing they share: the first word
 * names the command (case-insensitive, aliases allowed), a {@code /Nf} suffix is its unit spec
 * ({@code x/4g}), and more arguments than the usage line shows are an error that runs nothing.
 */
public final class CommandTable {
    /** A handler's way to say its arguments do not fit: the usage line is printed. */
    public static final class UsageException extends RuntimeException {
        public UsageException() {
            super(null, null, false, false);
        }
    }

    @FunctionalInterface
    public interface Handler {
        void run(List<String> args);
    }

    private record Command(String usage, String help, Handler handler) {
    }

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private String unitSpec = "";

    public void add(String name, String usage, String help, Handler handler) {
        commands.put(name, new Command(usage, help, handler));
    }

    /** {@code alias} runs {@code name} (exit for quit). */
    public void alias(String alias, String name) {
        aliases.put(alias, name);
    }

    public Set<String> names() {
        return commands.keySet();
    }

    /** The unit spec of the command being run ({@code x/4g}: "/4g"), empty if none. */
    public String unitSpec() {
        return unitSpec;
    }

    /**
     * Runs one line, printing errors to {@code out}; {@code IllegalArgumentException},
     * {@code IllegalStateException}, {@code UnsupportedOperationException} and {@link VmHostException} are
     * the user's errors (their message shown), any other exception a bug shown as it is: the console goes on.
     */
    public void execute(String line, Consumer<String> out) {
        List<String> words = List.of(line.trim().split("\\s+"));
        if (words.get(0).isEmpty()) {
            return;
        }
        String name = words.get(0).toLowerCase(Locale.ROOT);
        int slash = name.indexOf('/');
        unitSpec = slash < 0 ? "" : name.substring(slash);
        if (slash >= 0) {
            name = name.substring(0, slash);
        }
        Command command = commands.get(aliases.getOrDefault(name, name));
        if (command == null) {
            out.accept("unknown command '" + words.get(0) + "'; 'help' lists commands\n");
            return;
        }
        int arity = maxArguments(command.usage());
        if (words.size() - 1 > arity) {
            out.accept("error: unexpected argument '" + words.get(arity + 1) + "'; usage: " + command.usage() + "\n");
            return;
        }
        try {
            command.handler().run(words.subList(1, words.size()));
        } catch (UsageException e) {
            out.accept("usage: " + command.usage() + "\n");
        } catch (VmHostException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            out.accept("error: " + e.getMessage() + "\n");
        } catch (RuntimeException e) {
            // A bug behind a command must not end the console: the user may still want to save the guests.
            out.accept("error: " + e + "\n");
        }
    }

    /** Every command's usage and help, aligned, one a line. */
    public String help() {
        int width = commands.values().stream().mapToInt(c -> c.usage().length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (Command c : commands.values()) {
            sb.append("  ").append(c.usage()).append(" ".repeat(width - c.usage().length() + 2)).append(c.help()).append('\n');
        }
        return sb.toString();
    }

    /**
     * A command takes at most the words its usage line shows after the name (the longest alternative of
     * "a | b"); more is a typo that must not be ignored.
     */
    private static int maxArguments(String usage) {
        int max = 0;
        for (String alternative : usage.split(" \\| ")) {
            max = Math.max(max, alternative.trim().split("\\s+").length - 1);
        }
        return max;
    }
}
