package visor.cli.testing;

import visor.cli.Environment;
import visor.cli.Main;
import visor.cli.boot.BareMachineFactory;
import visor.cli.console.VmHostFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Runs the command line in-process with piped stdin and captured stdout/stderr. */
public final class Cli {
    public final int exitCode;
    public final String out;
    public final String err;
    public final byte[] outBytes;

    private Cli(int exitCode, byte[] out, String err) {
        this.exitCode = exitCode;
        this.outBytes = out;
        this.out = new String(out, StandardCharsets.UTF_8);
        this.err = err;
    }

    public static Cli run(VmHostFactory hosts, BareMachineFactory machines, InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Environment env = new Environment(stdin, o, e, hosts, machines, false, Duration.ofMillis(500));
        int code = Main.run(env, args);
        o.flush();
        e.flush();
        return new Cli(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    public static Cli run(VmHostFactory hosts, String stdin, String... args) {
        return run(hosts, null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    public static Cli run(String... args) {
        return run(null, "", args);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
}
