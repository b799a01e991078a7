package visor.soc.device;

import visor.cpu.Clock;

/**
 * The BCM2836/7 ARM-local peripherals at 0x40000000 (QA7 "ARM Quad A7 core" document rev 3.4, ch. 4):
 * per-core interrupt routing of the four generic-timer outputs, the four per-core mailboxes, the GPU
 * (legacy controller) IRQ/FIQ, the PMU and the local timer, plus the per-core IRQ and FIQ source
 * registers that tell a core why its line is up.
 */
public final class LocalPeripherals extends RegisterDevice {
    public static final int CONTROL = 0x00;
    public static final int CORE_TIMER_PRESCALER = 0x08;
    public static final int GPU_INTERRUPT_ROUTING = 0x0C;
    public static final int PMU_ROUTING_SET = 0x10;
    public static final int PMU_ROUTING_CLEAR = 0x14;
    public static final int CORE_TIMER_LS = 0x1C;
    public static final int CORE_TIMER_MS = 0x20;
    public static final int LOCAL_INTERRUPT_ROUTING = 0x24;
    public static final int AXI_OUTSTANDING_COUNTERS = 0x2C;
    public static final int AXI_OUTSTANDING_IRQ = 0x30;
    public static final int LOCAL_TIMER_CONTROL = 0x34;
    public static final int LOCAL_TIMER_CLEAR_RELOAD = 0x38;
    public static final int CORE0_TIMER_INTERRUPT_CONTROL = 0x40;
    public static final int CORE0_MAILBOX_INTERRUPT_CONTROL = 0x50;
    public static final int CORE0_IRQ_SOURCE = 0x60;
    public static final int CORE0_FIQ_SOURCE = 0x70;
    public static final int CORE0_MAILBOX0_SET = 0x80;
    public static final int CORE0_MAILBOX0_CLEAR = 0xC0;
    public static final int SIZE = 0x100;

    /** Source register bits (QA7 4.10). Bits 0-3 are CNTPS, CNTPNS, CNTHP, CNTV in GenericTimer.OUT_* order. */
    public static final int SRC_TIMERS = 0xF;
    public static final int SRC_MAILBOX0 = 1 << 4;
    public static final int SRC_GPU = 1 << 8;
    public static final int SRC_PMU = 1 << 9;
    public static final int SRC_AXI = 1 << 10;
    public static final int SRC_LOCAL_TIMER = 1 << 11;

    public static final int LT_RELOAD_MASK = 0x0FFF_FFFF;
    public static final int LT_ENABLE = 1 << 28;
    public static final int LT_INTERRUPT_ENABLE = 1 << 29;
    public static final int LT_INTERRUPT_FLAG = 1 << 31;
    public static final int LT_CLEAR = 1 << 31;
    public static final int LT_RELOAD = 1 << 30;
    /** The local timer counts the 38.4 MHz crystal (QA7 4.11; QEMU bcm2836_control LOCALTIMER_FREQ). */
    public static final long LOCAL_TIMER_HZ = 38_400_000;

    /** Receives each core's IRQ and FIQ line levels whenever one changes. */
    @FunctionalInterface
    public interface CoreLines {
        void set(int core, boolean irq, boolean fiq);
    }

    private final int cores = 4;
    private final Clock clock;
    private CoreLines lines = (c, i, f) -> { };

    private int control, prescaler, gpuRouting, pmuRouting, localRouting, axiCounters, axiIrq;
    private final int[] timerControl = new int[4];
    private final int[] mailboxControl = new int[4];
    private final int[][] mailbox = new int[4][4];
    private final int[] timerOutputs = new int[4];
    private boolean gpuIrq, gpuFiq;
    private int coreTimerHigh;

    private int localTimerControl;
    private boolean localTimerFlag;
    private long localTimerExpiry = Long.MAX_VALUE;

    private final boolean[] irqOut = new boolean[4], fiqOut = new boolean[4];

    public LocalPeripherals(Clock clock) {
        this.clock = clock;
    }

    public void setCoreLines(CoreLines lines) {
        this.lines = lines;
    }

    public void reset() {
        control = prescaler = gpuRouting = pmuRouting = localRouting = axiCounters = axiIrq = 0;
        java.util.Arrays.fill(timerControl, 0);
        java.util.Arrays.fill(mailboxControl, 0);
        for (int[] m : mailbox) {
            java.util.Arrays.fill(m, 0);
        }
        localTimerControl = 0;
        localTimerFlag = false;
        localTimerExpiry = Long.MAX_VALUE;
        route();
    }

    /** Legacy interrupt controller outputs. */
    public void setGpu(boolean irq, boolean fiq) {
        gpuIrq = irq;
        gpuFiq = fiq;
        route();
    }

    /** The core's generic timer outputs as GenericTimer.OUT_* bits. */
    public void setTimerOutputs(int core, int outputs) {
        if (timerOutputs[core] != (outputs & SRC_TIMERS)) {
            timerOutputs[core] = outputs & SRC_TIMERS;
            route();
        }
    }

    /** True while the core's IRQ or FIQ line is held up by one of its generic timers. */
    public boolean timerDriven(int core) {
        return ((irqSource(core) | fiqSource(core)) & SRC_TIMERS) != 0;
    }

    public int irqSource(int core) {
        return source(core, false);
    }

    public int fiqSource(int core) {
        return source(core, true);
    }

    private int source(int core, boolean fiq) {
        int bits = 0;
        int tc = timerControl[core];
        for (int t = 0; t < 4; t++) {
            // The FIQ enable overrides the IRQ enable for the same source (QA7 4.6).
            boolean toFiq = (tc & (1 << (t + 4))) != 0;
            boolean toIrq = !toFiq && (tc & (1 << t)) != 0;
            if ((timerOutputs[core] & (1 << t)) != 0 && (fiq ? toFiq : toIrq)) {
                bits |= 1 << t;
            }
        }
        int mc = mailboxControl[core];
        for (int m = 0; m < 4; m++) {
            boolean toFiq = (mc & (1 << (m + 4))) != 0;
            boolean toIrq = !toFiq && (mc & (1 << m)) != 0;
            if (mailbox[core][m] != 0 && (fiq ? toFiq : toIrq)) {
                bits |= SRC_MAILBOX0 << m;
            }
        }
        if (fiq ? gpuFiq && ((gpuRouting >>> 2) & 3) == core : gpuIrq && (gpuRouting & 3) == core) {
            bits |= SRC_GPU;
        }
        if (localTimerFlag && (localTimerControl & LT_INTERRUPT_ENABLE) != 0) {
            int r = localRouting & 7;
            if ((r & 3) == core && (r >= 4) == fiq) {
                bits |= SRC_LOCAL_TIMER;
            }
        }
        return bits;
    }

    /** Recomputes every core's lines and reports changes. */
    public void route() {
        for (int c = 0; c < cores; c++) {
            boolean irq = irqSource(c) != 0;
            boolean fiq = fiqSource(c) != 0;
            if (irq != irqOut[c] || fiq != fiqOut[c]) {
                irqOut[c] = irq;
                fiqOut[c] = fiq;
                lines.set(c, irq, fiq);
            }
        }
    }

    public boolean irq(int core) {
        return irqOut[core];
    }

    public boolean fiq(int core) {
        return fiqOut[core];
    }

    private static long ticksToNanos(long ticks) {
        return (ticks * 1_000_000_000L + LOCAL_TIMER_HZ - 1) / LOCAL_TIMER_HZ;
    }

    private long periodNanos() {
        return ticksToNanos(Math.max(1, localTimerControl & LT_RELOAD_MASK));
    }

    /** Advances the local timer to the present; sets its flag when it has counted down to zero. */
    public void update() {
        long now = clock.nanos();
        if ((localTimerControl & LT_ENABLE) == 0 || now < localTimerExpiry) {
            return;
        }
        long period = periodNanos();
        long periods = (now - localTimerExpiry) / period + 1;
        localTimerExpiry += periods * period;
        if (!localTimerFlag) {
            localTimerFlag = true;
            route();
        }
    }

    /** Guest nanoseconds when the local timer next reaches zero, or Long.MAX_VALUE. */
    public long nextDeadlineNanos() {
        return (localTimerControl & LT_ENABLE) != 0 ? localTimerExpiry : Long.MAX_VALUE;
    }

    @Override
    protected int readRegister(int offset) {
        update();
        if (offset >= CORE0_TIMER_INTERRUPT_CONTROL && offset < CORE0_TIMER_INTERRUPT_CONTROL + 16) {
            return timerControl[(offset - CORE0_TIMER_INTERRUPT_CONTROL) >> 2];
        }
        if (offset >= CORE0_MAILBOX_INTERRUPT_CONTROL && offset < CORE0_MAILBOX_INTERRUPT_CONTROL + 16) {
            return mailboxControl[(offset - CORE0_MAILBOX_INTERRUPT_CONTROL) >> 2];
        }
        if (offset >= CORE0_IRQ_SOURCE && offset < CORE0_IRQ_SOURCE + 16) {
            return irqSource((offset - CORE0_IRQ_SOURCE) >> 2);
        }
        if (offset >= CORE0_FIQ_SOURCE && offset < CORE0_FIQ_SOURCE + 16) {
            return fiqSource((offset - CORE0_FIQ_SOURCE) >> 2);
        }
        if (offset >= CORE0_MAILBOX0_SET && offset < CORE0_MAILBOX0_CLEAR) {
            return 0; // write-only (QA7 4.8)
        }
        if (offset >= CORE0_MAILBOX0_CLEAR && offset < SIZE) {
            int i = (offset - CORE0_MAILBOX0_CLEAR) >> 2;
            return mailbox[i >> 2][i & 3];
        }
        return switch (offset) {
            case CONTROL -> control;
            case CORE_TIMER_PRESCALER -> prescaler;
            case GPU_INTERRUPT_ROUTING -> gpuRouting;
            case PMU_ROUTING_SET, PMU_ROUTING_CLEAR -> pmuRouting;
            case CORE_TIMER_LS -> {
                // Reading the low word latches the high word for a consistent 64-bit read (QA7 4.3).
                long t = Clock.counterTicks(clock.nanos());
                coreTimerHigh = (int) (t >>> 32);
                yield (int) t;
            }
            case CORE_TIMER_MS -> coreTimerHigh;
            case LOCAL_INTERRUPT_ROUTING -> localRouting;
            case AXI_OUTSTANDING_COUNTERS -> axiCounters;
            case AXI_OUTSTANDING_IRQ -> axiIrq;
            case LOCAL_TIMER_CONTROL -> localTimerControl | (localTimerFlag ? LT_INTERRUPT_FLAG : 0);
            default -> unimplementedRead(offset);
        };
    }

    @Override
    protected void writeRegister(int offset, int value) {
        update();
        if (offset >= CORE0_TIMER_INTERRUPT_CONTROL && offset < CORE0_TIMER_INTERRUPT_CONTROL + 16) {
            timerControl[(offset - CORE0_TIMER_INTERRUPT_CONTROL) >> 2] = value & 0xFF;
        } else if (offset >= CORE0_MAILBOX_INTERRUPT_CONTROL && offset < CORE0_MAILBOX_INTERRUPT_CONTROL + 16) {
            mailboxControl[(offset - CORE0_MAILBOX_INTERRUPT_CONTROL) >> 2] = value & 0xFF;
        } else if (offset >= CORE0_MAILBOX0_SET && offset < CORE0_MAILBOX0_CLEAR) {
            int i = (offset - CORE0_MAILBOX0_SET) >> 2;
            mailbox[i >> 2][i & 3] |= value;
        } else if (offset >= CORE0_MAILBOX0_CLEAR && offset < SIZE) {
            int i = (offset - CORE0_MAILBOX0_CLEAR) >> 2;
            mailbox[i >> 2][i & 3] &= ~value;
        } else {
            switch (offset) {
                case CONTROL -> control = value & 0x300;
                case CORE_TIMER_PRESCALER -> prescaler = value;
                case GPU_INTERRUPT_ROUTING -> gpuRouting = value & 0xF;
                case PMU_ROUTING_SET -> pmuRouting |= value & 0xFF;
                case PMU_ROUTING_CLEAR -> pmuRouting &= ~value;
                case LOCAL_INTERRUPT_ROUTING -> localRouting = value & 7;
                case AXI_OUTSTANDING_COUNTERS -> axiCounters = value;
                case AXI_OUTSTANDING_IRQ -> axiIrq = value;
                case LOCAL_TIMER_CONTROL -> writeLocalTimerControl(value);
                case LOCAL_TIMER_CLEAR_RELOAD -> {
                    if ((value & LT_CLEAR) != 0) {
                        localTimerFlag = false;
                    }
                    if ((value & LT_RELOAD) != 0 && (localTimerControl & LT_ENABLE) != 0) {
                        localTimerExpiry = clock.nanos() + periodNanos();
                    }
                }
                case CORE_TIMER_LS, CORE_TIMER_MS -> { }
                default -> unimplementedWrite(offset, value);
            }
        }
        route();
    }

    private void writeLocalTimerControl(int value) {
        boolean wasEnabled = (localTimerControl & LT_ENABLE) != 0;
        localTimerControl = value & (LT_RELOAD_MASK | LT_ENABLE | LT_INTERRUPT_ENABLE);
        if ((value & LT_ENABLE) == 0) {
            localTimerExpiry = Long.MAX_VALUE;
        } else if (!wasEnabled) {
            // Enabling loads the reload value and starts counting down from it.
            localTimerExpiry = clock.nanos() + periodNanos();
        }
    }
}
