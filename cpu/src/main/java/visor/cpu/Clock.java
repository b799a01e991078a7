package visor.cpu;

/**
 * Guest time in nanoseconds since power-on. The generic timer (CNTFRQ 19.2 MHz) and the SoC's devices
 * derive their counters from one clock, so guest time is either host time or a function of executed
 * instructions (reproducible runs).
 */
public interface Clock {
    long nanos();

    /** Generic-timer count at 19.2 MHz for {@code nanos}. */
    static long counterTicks(long nanos) {
        return nanos / 1250 * 24 + (nanos % 1250) * 24 / 1250;
    }

    /** Nanoseconds at which the 19.2 MHz counter reaches {@code ticks} (rounded up). */
    static long nanosForTicks(long ticks) {
        return ticks / 24 * 1250 + ((ticks % 24) * 1250 + 23) / 24;
    }
}
