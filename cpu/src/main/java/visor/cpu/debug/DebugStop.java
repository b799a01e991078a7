package visor.cpu.debug;

/**
 * Why a core with a debugger stopped: {@link visor.cpu.Cpu#run} returned {@link visor.cpu.ExitReason#DEBUG}.
 *
 * @param kind what stopped it
 * @param pc the address of the next instruction to execute (for a breakpoint: the breakpoint's address,
 *     not yet executed; for a watchpoint: the instruction after the one that made the access)
 * @param dataAddress for {@link Kind#WATCHPOINT}: the address the access touched inside the watched range
 * @param watch for {@link Kind#WATCHPOINT}: the watchpoint that triggered, else null
 */
public record DebugStop(Kind kind, long pc, long dataAddress, Watchpoint watch) {
    public enum Kind {
        /** The PC reached a breakpoint (checked before the instruction executes). */
        BREAKPOINT,
        /** A data access touched a watched range; the accessing instruction completed. */
        WATCHPOINT,
        /** The one instruction asked for by {@link Debugger#step()} has executed (or its exception was taken). */
        STEP,
        /** {@link Debugger#requestHalt()} was honoured. */
        HALT
    }
}
