package visor.cpu;

/**
 * The core's generic timer (ARM ARM D11): the physical and virtual counters derived from the machine
 * {@link Clock}, and the EL1 physical, virtual and EL2 physical timers whose outputs the SoC routes.
 */
public final class GenericTimer {
    public static final int OUT_CNTPNS = 1 << 1;
    public static final int OUT_CNTHP = 1 << 2;
    public static final int OUT_CNTV = 1 << 3;

    private final Cpu cpu;

    GenericTimer(Cpu cpu) {
        this.cpu = cpu;
    }

    void reset() {
    }

    /** Asserted timer outputs, as OUT_* bits. */
    public int outputs() {
        throw new UnsupportedOperationException("generic timer not implemented yet");
    }

    /** Guest nanoseconds at which the next enabled, unmasked timer fires, or Long.MAX_VALUE. */
    public long nextDeadlineNanos() {
        throw new UnsupportedOperationException("generic timer not implemented yet");
    }
}
