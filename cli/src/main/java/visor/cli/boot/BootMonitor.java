package visor.cli.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import visor.cli.console.CommandTable;
import visor.cli.console.CommandTable.UsageException;
import visor.cli.display.Screenshot;
import visor.cli.monitor.BreakpointCommands;
import visor.cli.monitor.CpuCommands;
import visor.cli.monitor.MonitorTarget;

/**
 * The monitor of {@code boot} (QEMU's Ctrl-A c habit): commands on one selected core of the bare machine
 * and on the machine as a whole. Each command's output goes to the sink given, as text lines.
 */
public final class BootMonitor {
    public static final String PROMPT = "(visor) ";

    private final BareMachine machine;
    private final int cores;
    private final Consumer<String> out;
    private final Runnable quit;
    private final CommandTable commands = new CommandTable();
    private int core;

    /**
     * @param cores the machine's cores ({@code cpu N} chooses among them)
     * @param quit  ends the run ({@code quit})
     */
    public BootMonitor(BareMachine machine, int cores, Consumer<String> out, Runnable quit) {
        this.machine = machine;
        this.cores = cores;
        this.out = out;
        this.quit = quit;
        command("help", "help", "list the commands", a -> help());
        command("cpu", "cpu [N]", "select core N for the commands below (default 0); without N: show the selection",
                this::cpu);
        CpuCommands.addTo(commands, this::target, out);
        command("stop", "stop", "stop every core and freeze the machine's time", a -> {
            machine.debugTarget().onTarget(() -> {
                machine.debugTarget().halt();
                return null;
            });
            out.accept("stopped at " + BreakpointCommands.next(target()));
        });
        command("cont", "cont", "continue the stopped machine (also 'c')", a -> {
            machine.debugTarget().onTarget(() -> {
                machine.debugTarget().resume();
                return null;
            });
            out.accept("running\n");
        });
        command("system_reset", "system_reset", "reset the board as the watchdog does: the image reloads, core 0 "
                + "restarts at its entry", a -> {
                    machine.reset();
                    out.accept("reset\n");
                });
        command("screendump", "screendump FILE.png", "save the framebuffer as a PNG", this::screendump);
        command("quit", "quit", "end the run (also 'q', or Ctrl-A x)", a -> quit.run());
        commands.alias("c", "cont");
        commands.alias("q", "quit");
        commands.alias("exit", "quit");
    }

    private void command(String name, String usage, String help, CommandTable.Handler handler) {
        commands.add(name, usage, help, handler);
    }

    public String banner() {
        return "visor monitor: 'help' lists commands, Ctrl-A c returns to the console\n";
    }

    /** Runs one command line. */
    public void execute(String line) {
        commands.execute(line, out);
    }

    private MonitorTarget target() {
        return machine.monitor(core);
    }

    private void help() {
        out.accept(commands.help() + SerialPassThrough.ESCAPE_HELP);
    }

    private void cpu(List<String> args) {
        if (!args.isEmpty()) {
            int n;
            try {
                n = Integer.parseInt(args.get(0));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n >= cores) {
                throw new IllegalArgumentException("no core " + args.get(0) + " (the machine has " + cores + ": 0-"
                        + (cores - 1) + ")");
            }
            core = n;
        }
        out.accept("core " + core + "\n");
    }

    private void screendump(List<String> args) {
        if (args.size() != 1) {
            throw new UsageException();
        }
        Path file = Path.of(args.get(0));
        try {
            Screenshot.write(machine.screen(), file);
        } catch (IOException e) {
            throw new IllegalArgumentException("screendump " + file + ": " + e.getMessage());
        }
        out.accept("saved the screen to " + file + "\n");
    }
}
