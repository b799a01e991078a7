package visor.cpu;

/**
 * The core's generic timer (ARM ARM D11): the physical and virtual counters derived from the machine
 * {@link Clock}, and the EL1 physical, virtual, EL2 physical and secure physical (CNTPS) timers whose
 * outputs the SoC routes.
 * Counts are computed from the clock on demand; nothing ticks.
 */
public final class GenericTimer {
    public static final int OUT_CNTPS = 1 << 0;
    public static final int OUT_CNTPNS = 1 << 1;
    public static final int OUT_CNTHP = 1 << 2;
    public static final int OUT_CNTV = 1 << 3;

    /** Timer indices: EL1 physical (CNTP_*), virtual (CNTV_*), EL2 physical (CNTHP_*), secure physical (CNTPS_*). */
    public static final int PHYS = 0, VIRT = 1, HYP = 2, SECURE_PHYS = 3;
    private static final int TIMERS = 4;

    public static final long CTL_ENABLE = 1, CTL_IMASK = 2, CTL_ISTATUS = 4;
    public static final long FREQUENCY = 19_200_000L;

    private static final int[] OUTPUT = {OUT_CNTPNS, OUT_CNTV, OUT_CNTHP, OUT_CNTPS};
    /** The largest count whose time in nanoseconds fits a long. */
    private static final long MAX_TICKS = Clock.counterTicks(Long.MAX_VALUE) - 1;

    private final Cpu cpu;

    public long cntfrq;
    public long cntvoff;
    /** CNTKCTL_EL1: EL0PCTEN(0) EL0VCTEN(1) EVNTEN(2) EVNTDIR(3) EVNTI(7:4) EL0VTEN(8) EL0PTEN(9). */
    public long cntkctl;
    /** CNTHCTL_EL2: EL1PCTEN(0) EL1PCEN(1) EVNTEN(2) EVNTDIR(3) EVNTI(7:4). */
    public long cnthctl;
    private final long[] ctl = new long[TIMERS];
    private final long[] cval = new long[TIMERS];

    /** Called after a timer's control, compare value or CNTVOFF_EL2 changes (the SoC re-samples outputs). */
    public Runnable changeHook = () -> { };

    GenericTimer(Cpu cpu) {
        this.cpu = cpu;
    }

    void reset() {
        cntfrq = FREQUENCY;
        cntvoff = 0;
        cntkctl = 0;
        // EL1PCTEN/EL1PCEN reset to 1 so that a guest started directly at EL1 can use the physical timer.
        cnthctl = 3;
        java.util.Arrays.fill(ctl, 0);
        java.util.Arrays.fill(cval, 0);
    }

    /** CNTPCT_EL0. */
    public long physicalCount() {
        return Clock.counterTicks(cpu.clock.nanos());
    }

    /** CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2. */
    public long virtualCount() {
        return physicalCount() - cntvoff;
    }

    private long count(int t) {
        return t == VIRT ? virtualCount() : physicalCount();
    }

    /** The timer condition: CompareValue <= Count, unsigned 64-bit (ARM ARM D11.2.4). */
    private boolean condition(int t) {
        return Long.compareUnsigned(count(t), cval[t]) >= 0;
    }

    /** CNTx_CTL: ISTATUS computed now (0 when disabled, where the ARM ARM makes it UNKNOWN). */
    public long ctl(int t) {
        long c = ctl[t];
        return (c & CTL_ENABLE) != 0 && condition(t) ? c | CTL_ISTATUS : c;
    }

    public void setCtl(int t, long value) {
        ctl[t] = value & (CTL_ENABLE | CTL_IMASK);
        changeHook.run();
    }

    public long cval(int t) {
        return cval[t];
    }

    public void setCval(int t, long value) {
        cval[t] = value;
        changeHook.run();
    }

    /** CNTx_TVAL: (CompareValue - Count)[31:0]; bits 63:32 RES0. */
    public long tval(int t) {
        return (cval[t] - count(t)) & 0xFFFF_FFFFL;
    }

    /** Writing TVAL sets CompareValue = Count + SignExtend(TVAL[31:0]). */
    public void setTval(int t, long value) {
        setCval(t, count(t) + (int) value);
    }

    public void setCntvoff(long value) {
        cntvoff = value;
        changeHook.run();
    }

    private boolean asserted(int t) {
        return (ctl[t] & (CTL_ENABLE | CTL_IMASK)) == CTL_ENABLE && condition(t);
    }

    /** Asserted timer outputs, as OUT_* bits. */
    public int outputs() {
        int out = 0;
        for (int t = 0; t < TIMERS; t++) {
            if (asserted(t)) {
                out |= OUTPUT[t];
            }
        }
        return out;
    }

    /** Guest nanoseconds at which the next enabled, unmasked timer fires (now if one already does), or Long.MAX_VALUE. */
    public long nextDeadlineNanos() {
        long now = cpu.clock.nanos();
        long physical = Clock.counterTicks(now);
        long deadline = Long.MAX_VALUE;
        for (int t = 0; t < TIMERS; t++) {
            if ((ctl[t] & (CTL_ENABLE | CTL_IMASK)) != CTL_ENABLE) {
                continue;
            }
            long count = t == VIRT ? physical - cntvoff : physical;
            if (Long.compareUnsigned(count, cval[t]) >= 0) {
                return now;
            }
            deadline = Math.min(deadline, nanosAfter(physical, cval[t] - count));
        }
        return deadline;
    }

    /** Nanoseconds at which the physical count reaches {@code physical + ticks} (unsigned), or Long.MAX_VALUE. */
    private static long nanosAfter(long physical, long ticks) {
        if (Long.compareUnsigned(ticks, MAX_TICKS - physical) > 0) {
            return Long.MAX_VALUE;
        }
        return Clock.nanosForTicks(physical + ticks);
    }

    /**
     * Guest nanoseconds of the next event-stream event (ARM ARM D11.2.3: a transition of the selected
     * counter bit, CNTKCTL_EL1 on the virtual count, CNTHCTL_EL2 on the physical count), or
     * Long.MAX_VALUE if both streams are disabled. The machine signals the core's event register then.
     */
    public long nextEventStreamNanos() {
        long next = Long.MAX_VALUE;
        long physical = physicalCount();
        if ((cntkctl & 4) != 0) {
            next = Math.min(next, nanosAfter(physical, ticksToEvent(physical - cntvoff, cntkctl)));
        }
        if ((cnthctl & 4) != 0) {
            next = Math.min(next, nanosAfter(physical, ticksToEvent(physical, cnthctl)));
        }
        return next;
    }

    /** Ticks after {@code count} until bit EVNTI goes 0 to 1 (EVNTDIR = 0) or 1 to 0 (EVNTDIR = 1). */
    private static long ticksToEvent(long count, long control) {
        int bit = (int) (control >>> 4) & 0xF;
        long period = 1L << (bit + 1);
        long base = count & -period;
        long at = (control & 8) == 0 ? base + (period >>> 1) : base + period;
        if (Long.compareUnsigned(at, count) <= 0) {
            at += period;
        }
        return at - count;
    }
}
