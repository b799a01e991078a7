package visor.soc.device;

import visor.cpu.Clock;
import visor.soc.console.ConsoleChannel;

/**
 * The receive wire of a UART: host input queued on the console crosses it one character per character
 * time, as a serial line at the guest's baud rate delivers it. Characters follow each other back to back
 * while input is queued; the first one after a quiet line starts when the receiver looks.
 *
 * <p>A character time is counted in the guest's work time (retired instructions plus time spent waiting,
 * {@code visor.soc.MachineClock#workNanos}), which is guest time under the virtual clock: a guest always
 * has as many instructions between two characters as a 1.2 GHz core at that baud rate, also when a
 * loaded host runs it slower than real time, so an interrupt handler that clears its FIFO after each
 * character loses nothing. A receiver that polls an empty FIFO is waiting for input: it gets the next
 * character as soon as its character time has passed in guest time, so a polling guest reads at line rate
 * in real time too. A receiver that looks late gets one character, and the next starts then: host latency
 * never bunches characters into an overrun; a guest that does not read still overruns, one character per
 * arrival. A character stays in the console's queue until its stop bit is in, so whoever waits for the
 * guest to take all input ({@code ConsoleChannel#hasInput}) also waits for the wire. With exact looks (virtual time ends every slice at {@link #nextArrival}) character n arrives
 * at t0 + n * character time.
 */
final class SerialLine {
    /** No character on the wire. */
    static final long NONE = Long.MAX_VALUE;

    private final ConsoleChannel console;
    private final Clock work;
    private final Clock time;
    /** Work time at which the character now on the wire has its stop bit in, or {@link #NONE}. */
    private long arrival = NONE;
    /** The same in guest time: a receiver polling an empty FIFO takes the character from then on. */
    private long arrivalTime = NONE;

    /**
     * @param work the guest's work time, which paces characters
     * @param time guest time, from which a polling receiver takes them
     */
    SerialLine(ConsoleChannel console, Clock work, Clock time) {
        this.console = console;
        this.work = work;
        this.time = time;
    }

    /**
     * The character received by now, or -1 (at most one per call); {@code charNanos} is one character
     * time, {@code polling} says the guest is reading an empty receiver's status.
     */
    int receive(long charNanos, boolean polling) {
        long now = work.nanos();
        if (arrival == NONE) {
            if (!console.hasInput()) {
                return -1;
            }
            start(now, charNanos);
        }
        if (now < arrival && !(polling && time.nanos() >= arrivalTime)) {
            return -1;
        }
        int b = console.pollInput();
        if (console.hasInput()) {
            start(now, charNanos);
        } else {
            arrival = arrivalTime = NONE;
        }
        return b;
    }

    private void start(long now, long charNanos) {
        arrival = now + charNanos;
        arrivalTime = time.nanos() + charNanos;
    }

    /** The receiver is off: what was on the wire is lost to it, queued input waits. */
    void stop() {
        arrival = arrivalTime = NONE;
    }

    /** Work time of the next character's arrival (now when input waits for the receiver to look). */
    long nextArrival() {
        if (arrival != NONE) {
            return arrival;
        }
        return console.hasInput() ? work.nanos() : NONE;
    }

    /** One character time: {@code bits} bit times of {@code numerator} / {@code denominator} seconds each. */
    static long characterNanos(long bits, long numerator, long denominator) {
        return Math.max(1, bits * numerator * 1_000_000_000L / denominator);
    }
}
