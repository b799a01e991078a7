package visor.e2e.bare;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import visor.cli.Environment;
import visor.cli.Main;

/**
 * The real command line ({@code visor.cli.Main}, the code behind {@code java -jar visor.jar}) run
 * in-process with captured stdout and stderr and nothing on stdin: headless runs are driven by their
 * --expect/--send script.
 */
final class Visor {
    final int exitCode;
    final String out;
    final String err;

    private Visor(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static Visor run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Environment env = new Environment(new ByteArrayInputStream(new byte[0]), o, e, null, null, false,
                Duration.ofMillis(500));
        int code = Main.run(env, args.toArray(String[]::new));
        return new Visor(code, out.toString(StandardCharsets.UTF_8).replace("\r", ""),
                err.toString(StandardCharsets.UTF_8));
    }

    /** Builds a headless script: each {@link #command} waits for the prompt, types, waits for its output. */
    static final class Script {
        private final List<String> args = new ArrayList<>();

        Script(String... leading) {
            args.addAll(List.of(leading));
        }

        Script expect(String text) {
            args.add("--expect");
            args.add(text);
            return this;
        }

        Script send(String text) {
            args.add("--send");
            args.add(text);
            return this;
        }

        List<String> args() {
            return args;
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
}
