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

    /** Releases files (the SD card image); called after run() returned. */
    default void close() throws java.io.IOException {
    }
}
