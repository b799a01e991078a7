package visor.soc;

import visor.cpu.Clock;
import visor.cpu.Cpu;

/**
 * The one guest clock of a machine. In {@link ClockMode#VIRTUAL} time is the instructions retired by
 * all cores times {@link #NANOS_PER_INSTRUCTION}, plus skipped idle time; it only moves forward, also
 * across cores, because every retired instruction advances it. In {@link ClockMode#REALTIME} it is
 * host monotonic time since construction.
 */
public final class MachineClock implements Clock {
    /** 1 ns per instruction: a 1.2 GHz Cortex-A53 retires roughly one instruction per cycle. */
    public static final long NANOS_PER_INSTRUCTION = 1;

    private final ClockMode mode;
    private final long origin = System.nanoTime();
    private Cpu[] cores = new Cpu[0];
    private long skipped;
    /** REALTIME: host time during which every core waited. */
    private long slept;
    /** {@link #workNanos} as a clock. */
    private final Clock work = this::workNanos;
    /** REALTIME: host time spent frozen (a debugger holding the machine), not seen by the guest. */
    private long frozenTotal;
    private volatile long frozenSince = -1;
    /** REALTIME: guest time stops here until a device acts on it (an armed watchdog's expiry). */
    private volatile long barrier = Long.MAX_VALUE;

    public MachineClock(ClockMode mode) {
        this.mode = mode;
    }

    public ClockMode mode() {
        return mode;
    }

    void attach(Cpu[] cores) {
        this.cores = cores.clone();
    }

    /** Counts {@code cpu}'s retired instructions too (a hypervisor's vCPUs run on physical core 0). */
    public void register(Cpu cpu) {
        Cpu[] more = java.util.Arrays.copyOf(cores, cores.length + 1);
        more[cores.length] = cpu;
        cores = more;
    }

    @Override
    public long nanos() {
        if (mode == ClockMode.REALTIME) {
            long since = frozenSince;
            return Math.min(barrier, (since >= 0 ? since : System.nanoTime()) - origin - frozenTotal);
        }
        return instructions() * NANOS_PER_INSTRUCTION + skipped;
    }

    private long instructions() {
        long instructions = 0;
        for (Cpu c : cores) {
            if (c != null) {
                instructions += c.instret;
            }
        }
        return instructions;
    }

    /**
     * The time the guest has had to work: retired instructions x {@link #NANOS_PER_INSTRUCTION} plus the
     * time every core waited. In VIRTUAL it is {@link #nanos}; in REALTIME it lags host time while the
     * emulator runs slower than {@link #NANOS_PER_INSTRUCTION}, so what is paced by it (serial input)
     * gives the guest as many instructions between two events as a 1.2 GHz core has, however loaded the host.
     */
    public long workNanos() {
        return instructions() * NANOS_PER_INSTRUCTION + (mode == ClockMode.REALTIME ? slept : skipped);
    }

    /** {@link #workNanos} as a {@link Clock}. */
    public Clock work() {
        return work;
    }

    /** REALTIME: every core waited for {@code nanos}; that counts as work time. */
    void slept(long nanos) {
        slept += nanos;
    }

    /**
     * Guest time (this clock) at which {@link #workNanos} reaches {@code workDeadline}, assuming the
     * guest from now on works at one instruction per {@link #NANOS_PER_INSTRUCTION} or waits: the
     * earliest that event can happen. {@link Long#MAX_VALUE} stays.
     */
    public long nanosForWork(long workDeadline) {
        if (workDeadline == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return mode == ClockMode.VIRTUAL ? workDeadline : nanos() + (workDeadline - workNanos());
    }

    /**
     * REALTIME: guest time does not pass {@code nanos} ({@link Long#MAX_VALUE}: no limit) until this is
     * called again. A host thread descheduled for milliseconds must not let the guest see time past an
     * armed watchdog's expiry before the watchdog reset the board: Linux's restart handler arms ~150 us
     * and reports "Reboot failed" once mdelay(1) has passed. A lifted barrier lets time jump to host time.
     */
    public void holdAt(long nanos) {
        barrier = nanos;
    }

    /** VIRTUAL: moves time forward to {@code target} (when every core waits for it). */
    public void advanceTo(long target) {
        long now = nanos();
        if (target > now) {
            skipped += target - now;
        }
    }

    /**
     * Stops guest time (a debugger halted every core; QEMU's vm_stop): timers neither fire nor advance
     * until {@link #thaw()}. VIRTUAL time stands still anyway while no instruction retires.
     */
    public void freeze() {
        if (frozenSince < 0) {
            frozenSince = System.nanoTime();
        }
    }

    public void thaw() {
        if (frozenSince >= 0) {
            frozenTotal += System.nanoTime() - frozenSince;
            frozenSince = -1;
        }
    }
}
