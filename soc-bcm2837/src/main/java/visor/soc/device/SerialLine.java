package visor.soc.device;

import visor.cpu.Clock;
import visor.soc.console.ConsoleChannel;

/**
 * The receive wire of a UART: host input queued on the console crosses it one character per character
 * time, in guest time, as a serial line at the guest's baud rate delivers it. Characters follow each other
 * back to back while input is queued; the first one after a quiet line starts when the receiver looks.
 * A receiver that looks late (a host that woke after the arrival time in real-time mode) gets one
 * character, and the next starts then: the sender is as if it paused, so host latency never bunches
 * characters into an overrun; a guest that does not read still overruns, one character per arrival.
 * With exact looks (virtual time ends every slice at {@link #nextArrival}) character n arrives at
 * t0 + n * character time.
 */
final class SerialLine {
    /** No character on the wire. */
    static final long NONE = Long.MAX_VALUE;

    private final ConsoleChannel console;
    private final Clock clock;
    /** Guest time at which the character now on the wire has its stop bit in, or {@link #NONE}. */
    private long arrival = NONE;

    SerialLine(ConsoleChannel console, Clock clock) {
        this.console = console;
        this.clock = clock;
    }

    /** The character received by now, or -1 (at most one per call); {@code charNanos} is one character time. */
    int receive(long charNanos) {
        long now = clock.nanos();
        if (arrival == NONE) {
            if (!console.hasInput()) {
                return -1;
            }
            arrival = now + charNanos;
        }
        if (now < arrival) {
            return -1;
        }
        int b = console.pollInput();
        arrival = console.hasInput() ? now + charNanos : NONE;
        return b;
    }

    /** The receiver is off: what was on the wire is lost to it, queued input waits. */
    void stop() {
        arrival = NONE;
    }

    /** Guest time of the next character's arrival (now when input waits for the receiver to look). */
    long nextArrival() {
        if (arrival != NONE) {
            return arrival;
        }
        return console.hasInput() ? clock.nanos() : NONE;
    }

    /** One character time: {@code bits} bit times of {@code numerator} / {@code denominator} seconds each. */
    static long characterNanos(long bits, long numerator, long denominator) {
        return Math.max(1, bits * numerator * 1_000_000_000L / denominator);
    }
}
