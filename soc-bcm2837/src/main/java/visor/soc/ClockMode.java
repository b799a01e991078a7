package visor.soc;

/** How guest time relates to host time. */
public enum ClockMode {
    /** Guest nanoseconds are host monotonic nanoseconds since the machine was built. */
    REALTIME,
    /**
     * Guest time is retired instructions (all cores) x {@link MachineClock#NANOS_PER_INSTRUCTION}, plus
     * the idle periods the machine skips when every core waits: runs are reproducible byte for byte.
     */
    VIRTUAL
}
