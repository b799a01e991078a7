package visor.cli.boot;

import visor.cli.trace.TraceLog;
import visor.soc.console.ConsoleChannel;
import visor.soc.device.Framebuffer;

/** The Raspberry Pi 3 without a hypervisor, as {@code boot} drives it. */
public interface BareMachine {
    ConsoleChannel miniUart();

    ConsoleChannel pl011();

    /** Runs the machine on the calling thread until {@link #stop()}. */
    void run() throws Exception;

    /** Thread-safe: makes {@link #run()} return. */
    void stop();

    long instructions();

    /** One line of JIT counters (blocks compiled, class bytes, compile ms, compiled share), or null. */
    default String jitCounters() {
        return null;
    }

    /** Puts the cores and the bus under {@code trace} from the first instruction; called before {@link #run()}. */
    default void trace(TraceLog trace) {
        throw new UnsupportedOperationException("this machine cannot trace");
    }

    /** Why run() returned by itself (the guest powered off), or null. */
    default String halted() {
        return null;
    }

    /** The framebuffer's picture now, or null while none is allocated. */
    default Framebuffer.Snapshot screen() {
        return null;
    }

    /** The machine for the gdb stub and the monitor's break/step. */
    default visor.cli.gdb.GdbTarget debugTarget() {
        throw new UnsupportedOperationException("this machine has no debugger");
    }

    /** Holds the cores before their first instruction (QEMU's -S) until a debugger or the monitor continues. */
    default void haltAtStart() {
        throw new UnsupportedOperationException("this machine cannot start halted");
    }

    /** The monitor's view of core {@code i} (registers, memory, TLB, devices). */
    default visor.cli.monitor.MonitorTarget monitor(int i) {
        throw new UnsupportedOperationException("this machine has no monitor");
    }

    /** Hears each breakpoint or watchpoint stop: the core and what stopped it ("breakpoint at 0x800e4 &lt;tick&gt;"). */
    default void onDebugStop(java.util.function.BiConsumer<Integer, String> listener) {
    }

    /** Resets the board as the watchdog does (the monitor's system_reset). */
    default void reset() {
        throw new UnsupportedOperationException("this machine cannot reset");
    }

    /** Releases files (the SD card image); called after run() returned. */
    default void close() throws java.io.IOException {
    }
}
