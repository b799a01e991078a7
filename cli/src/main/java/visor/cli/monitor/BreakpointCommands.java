package visor.cli.monitor;

import visor.cli.config.GuestMemory;
import visor.cpu.debug.SymbolTable;

/** The monitor's {@code break}, {@code delete} and {@code step}, as text, the same on {@code run} and {@code boot}. */
public final class BreakpointCommands {
    private BreakpointCommands() {
    }

    /** A number (0x hex or decimal) or a symbol of the target's image. */
    public static long address(MonitorTarget target, String text) {
        SymbolTable.Symbol s = target.symbols().lookup(text);
        if (s != null) {
            return s.address();
        }
        try {
            return GuestMemory.parseNumber(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an address nor a symbol of the image"
                    + (target.symbols().size() == 0 ? " (a raw image has no symbols)" : ""));
        }
    }

    /** {@code break}: the breakpoints, numbered from 1 in address order. */
    public static String list(MonitorTarget target) {
        long[] b = target.breakpoints();
        if (b.length == 0) {
            return "no breakpoints\n";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            sb.append(String.format("%d  %s%n", i + 1, where(target, b[i])));
        }
        return sb.toString();
    }

    /** {@code break ADDR}. */
    public static String add(MonitorTarget target, String text) {
        long va = address(target, text);
        if ((va & 3) != 0) {
            throw new IllegalArgumentException(GuestMemory.hex(va) + " is not 4-byte aligned: no A64 instruction starts there");
        }
        target.addBreakpoint(va);
        long[] b = target.breakpoints();
        int n = java.util.Arrays.binarySearch(b, va) + 1;
        return "breakpoint " + n + " at " + where(target, va) + "\n";
    }

    /** {@code delete N} (as {@link #list} numbers them), or {@code delete} for all. */
    public static String delete(MonitorTarget target, String number) {
        long[] b = target.breakpoints();
        if (number == null) {
            for (long va : b) {
                target.removeBreakpoint(va);
            }
            return "deleted " + b.length + (b.length == 1 ? " breakpoint" : " breakpoints") + "\n";
        }
        int n;
        try {
            n = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > b.length) {
            throw new IllegalArgumentException("no breakpoint " + number + " ('break' lists them)");
        }
        target.removeBreakpoint(b[n - 1]);
        return "deleted breakpoint " + n + " at " + where(target, b[n - 1]) + "\n";
    }

    /** {@code step}: one instruction, then the next one to run. */
    public static String step(MonitorTarget target) {
        target.step();
        return next(target);
    }

    /** The instruction at the PC, as {@code disas} shows it, with its symbol. */
    public static String next(MonitorTarget target) {
        long pc = target.pc();
        String name = target.symbols().describe(pc);
        String line = MemoryView.disassemble(target, pc, 1);
        return name == null ? line : line.replaceFirst(": ", " <" + name + ">: ");
    }

    /**
     * A breakpoint or watchpoint stop as the consoles announce it ("breakpoint at 0x800e4 &lt;tick&gt;"), or null
     * for a step or halt (the command that asked for those answers itself).
     */
    public static String describe(visor.cpu.debug.DebugStop stop, SymbolTable symbols) {
        if (stop == null || stop.kind() == visor.cpu.debug.DebugStop.Kind.STEP
                || stop.kind() == visor.cpu.debug.DebugStop.Kind.HALT) {
            return null;
        }
        String name = symbols.describe(stop.pc());
        String at = String.format("0x%x", stop.pc()) + (name == null ? "" : " <" + name + ">");
        return stop.kind() == visor.cpu.debug.DebugStop.Kind.BREAKPOINT ? "breakpoint at " + at
                : String.format("watchpoint on 0x%x at %s", stop.dataAddress(), at);
    }

    private static String where(MonitorTarget target, long va) {
        String name = target.symbols().describe(va);
        return GuestMemory.hex(va) + (name == null ? "" : " <" + name + ">");
    }
}
