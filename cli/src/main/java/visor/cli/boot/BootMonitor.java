package visor.cli.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import visor.cli.console.CommandTable;
import visor.cli.console.CommandTable.UsageException;
import visor.cli.display.Screenshot;
import visor.cli.monitor.BreakpointCommands;
import visor.cli.monitor.MemoryView;
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
        command("regs", "regs", "show the core's registers", a -> out.accept(target().registers()));
        command("x", "x/Nf ADDR", "examine N units at virtual ADDR (the core's translation); f: b h w g (1, 2, 4, 8 bytes)",
                a -> examine(a, false));
        command("xp", "xp/Nf ADDR", "examine N units at physical ADDR", a -> examine(a, true));
        command("disas", "disas ADDR [N]", "disassemble N (default 10) instructions at virtual ADDR", this::disas);
        command("break", "break [ADDR]", "stop the machine before the core executes virtual ADDR (a number or a symbol of "
                + "the ELF image); without ADDR: list the core's breakpoints", this::breakpoint);
        command("delete", "delete [N]", "remove breakpoint N (as 'break' numbers them); without N: all of them",
                a -> out.accept(BreakpointCommands.delete(target(), a.isEmpty() ? null : a.get(0))));
        command("step", "step", "run one instruction of the core (the others stay stopped) and show the next one",
                a -> out.accept(BreakpointCommands.step(target())));
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
        command("info", "info mmio|tlb", "mmio: the devices with access counts; tlb: the core's translation registers and TLB",
                this::info);
        command("screendump", "screendump FILE.png", "save the framebuffer as a PNG", this::screendump);
        command("quit", "quit", "end the run (also 'q', or Ctrl-A x)", a -> quit.run());
        commands.alias("c", "cont");
        commands.alias("q", "quit");
        commands.alias("exit", "quit");
    }

    private void command(String name, String usage, String help, CommandTable.Handler handler) {
        commands.add(name, usage, help, handler);
    }

    /** Command names, as help lists them. */
    public static List<String> commandNames() {
        return List.of("help", "cpu", "regs", "x", "xp", "disas", "break", "delete", "step", "stop", "cont", "system_reset",
                "info", "screendump", "quit");
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

    private void examine(List<String> args, boolean physical) {
        if (args.isEmpty()) {
            throw new UsageException();
        }
        MemoryView.Format format = MemoryView.Format.parse(commands.unitSpec());
        MonitorTarget t = target();
        out.accept(MemoryView.dump(t, BreakpointCommands.address(t, args.get(0)), format, physical));
    }

    private void disas(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException();
        }
        MonitorTarget t = target();
        long address = BreakpointCommands.address(t, args.get(0));
        int count = args.size() > 1 ? Integer.parseInt(args.get(1)) : 10;
        out.accept(MemoryView.disassemble(t, address, count));
    }

    private void breakpoint(List<String> args) {
        out.accept(args.isEmpty() ? BreakpointCommands.list(target()) : BreakpointCommands.add(target(), args.get(0)));
    }

    private void info(List<String> args) {
        if (args.size() != 1 || !(args.get(0).equals("mmio") || args.get(0).equals("tlb"))) {
            throw new UsageException();
        }
        MonitorTarget t = target();
        out.accept(args.get(0).equals("mmio") ? MemoryView.mmio(t.mmio()) : t.tlb());
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
