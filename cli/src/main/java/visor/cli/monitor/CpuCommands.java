package visor.cli.monitor;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import visor.cli.console.CommandTable;
import visor.cli.console.CommandTable.UsageException;

/**
 * The monitor commands that look at one CPU and need nothing else: regs, x, xp, disas, break, delete,
 * step, info mmio|tlb. The {@code boot} monitor offers them on its selected core, gdb's {@code monitor}
 * on a VM's vCPU.
 */
public final class CpuCommands {
    private final Supplier<MonitorTarget> target;
    private final Consumer<String> out;
    private final CommandTable commands;

    private CpuCommands(CommandTable commands, Supplier<MonitorTarget> target, Consumer<String> out) {
        this.commands = commands;
        this.target = target;
        this.out = out;
    }

    /** Adds the commands to {@code table}; they act on {@code target.get()} and print to {@code out}. */
    public static void addTo(CommandTable table, Supplier<MonitorTarget> target, Consumer<String> out) {
        CpuCommands c = new CpuCommands(table, target, out);
        table.add("regs", "regs", "show the CPU's registers", a -> out.accept(target.get().registers()));
        table.add("x", "x/Nf ADDR", "examine N units at virtual ADDR (the CPU's translation); f: b h w g (1, 2, 4, 8 bytes)",
                a -> c.examine(a, false));
        table.add("xp", "xp/Nf ADDR", "examine N units at physical ADDR (a VM's: its IPA)", a -> c.examine(a, true));
        table.add("disas", "disas ADDR [N]", "disassemble N (default 10) instructions at virtual ADDR", c::disas);
        table.add("break", "break [ADDR]", "stop before the CPU executes virtual ADDR (a number or a symbol of the ELF "
                + "image); without ADDR: list the breakpoints", c::breakpoint);
        table.add("delete", "delete [N]", "remove breakpoint N (as 'break' numbers them); without N: all of them",
                a -> out.accept(BreakpointCommands.delete(target.get(), a.isEmpty() ? null : a.get(0))));
        table.add("step", "step", "run one instruction of the stopped CPU and show the next one",
                a -> out.accept(BreakpointCommands.step(target.get())));
        table.add("info", "info mmio|tlb", "mmio: the devices with access counts; tlb: the translation registers and TLB",
                c::info);
    }

    private void examine(List<String> args, boolean physical) {
        if (args.isEmpty()) {
            throw new UsageException();
        }
        MemoryView.Format format = MemoryView.Format.parse(commands.unitSpec());
        MonitorTarget t = target.get();
        out.accept(MemoryView.dump(t, BreakpointCommands.address(t, args.get(0)), format, physical));
    }

    private void disas(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException();
        }
        MonitorTarget t = target.get();
        long address = BreakpointCommands.address(t, args.get(0));
        int count = args.size() > 1 ? Integer.parseInt(args.get(1)) : 10;
        out.accept(MemoryView.disassemble(t, address, count));
    }

    private void breakpoint(List<String> args) {
        MonitorTarget t = target.get();
        out.accept(args.isEmpty() ? BreakpointCommands.list(t) : BreakpointCommands.add(t, args.get(0)));
    }

    private void info(List<String> args) {
        if (args.size() != 1 || !(args.get(0).equals("mmio") || args.get(0).equals("tlb"))) {
            throw new UsageException();
        }
        MonitorTarget t = target.get();
        out.accept(args.get(0).equals("mmio") ? MemoryView.mmio(t.mmio()) : t.tlb());
    }
}
