package visor.cli.gdb;

import java.util.function.IntConsumer;
import java.util.function.Supplier;
import visor.cpu.Cpu;
import visor.cpu.debug.Debugger;

/**
 * What the gdb stub debugs: the bare machine (threads = its cores, all stopped together as QEMU's
 * all-stop gdbstub does) or one VM's vCPU (one thread; the other VMs run on). Threads are numbered from 0
 * here and from 1 on the wire.
 *
 * <p>Everything but {@link #onTarget} must be called inside {@link #onTarget}, where the target's state
 * is stable (its machine thread, between two slices).
 */
public interface GdbTarget {
    /** What the stub's messages call the target ("the machine", "VM 1 'echo'"). */
    String name();

    int threads();

    /** Thread {@code t}'s CPU. */
    Cpu cpu(int t);

    /** True for a VM's vCPU: memory is guest virtual at EL1 and IPA, registers are EL1's. */
    boolean guest();

    /** Runs {@code action} where the target's state is stable and returns its result. Any thread. */
    <T> T onTarget(Supplier<T> action);

    /** Thread {@code t}'s debugger, attached on first use. */
    Debugger debugger(int t);

    /** Calls {@code listener} (on the machine thread) with the thread whose debugger stopped the target. */
    void onStop(IntConsumer listener);

    /** Stops every thread where it is and freezes the target's time; idempotent. */
    void halt();

    boolean halted();

    /** Lets every thread run until a breakpoint, watchpoint or {@link #halt()}. */
    void resume();

    /** Runs thread {@code t} for one instruction (the others stay stopped), then stops. */
    void step(int t);

    /** QEMU's qThreadExtraInfo word: "halted" for a core asleep in WFI/WFE or parked, else "running". */
    String threadState(int t);

    /** gdb detached or went away: debuggers removed, the target runs on. */
    void detach();

    /** gdb's kill: the bare machine's run ends; a VM is stopped. */
    void kill();

    /**
     * gdb's {@code monitor COMMAND} (qRcmd): the command's output, or null if this target has no monitor.
     * Called outside {@link #onTarget}.
     */
    default String monitor(String command) {
        return null;
    }

    /** The server is gone: stop listening to the machine. */
    default void close() {
    }
}
