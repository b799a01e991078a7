package visor.cli;

import visor.cli.boot.BareMachineFactory;
import visor.cli.console.VmHostFactory;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What the commands take from the outside world, so tests can run them in-process with their own
 * streams and fake machines.
 *
 * @param hosts creates the hypervisor; null to look one up with ServiceLoader
 * @param machines creates the bare machine for boot; null to look one up with ServiceLoader
 * @param terminal whether stdin and stdout are a terminal (jline line editing, raw keystrokes)
 * @param drainOnEof how long input still queued for a guest may take to be read when stdin ends
 */
public record Environment(InputStream in, PrintStream out, PrintStream err, VmHostFactory hosts,
                          BareMachineFactory machines, boolean terminal, Duration drainOnEof) {

    public static Environment system() {
        return new Environment(System.in, System.out, System.err, null, null, isTerminal(), Duration.ofSeconds(5));
    }

    public Optional<VmHostFactory> hostFactory() {
        return hosts != null ? Optional.of(hosts) : ServiceLoader.load(VmHostFactory.class).findFirst();
    }

    public Optional<BareMachineFactory> machineFactory() {
        return machines != null ? Optional.of(machines) : ServiceLoader.load(BareMachineFactory.class).findFirst();
    }

    /**
     * Java 17 returns a Console only when both stdin and stdout are a terminal; from Java 22 on it
     * always may, and {@code isTerminal()} tells.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
