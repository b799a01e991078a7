package visor.soc.device;

import visor.cpu.Clock;

/**
 * The power manager's reset controller and watchdog (Linux drivers/watchdog/bcm2835_wdt.c; QEMU
 * bcm2835_powermgt). Every write needs the password 0x5A in bits 31:24. PM_WDOG loads a countdown in
 * 1/65536 s ticks; when it reaches zero with PM_RSTC.WRCFG = full reset the chip resets. Linux reboots
 * by loading 10 ticks and arming; it powers off the same way after writing partition 63 (0x555) into
 * PM_RSTS, which the firmware treats as "halt".
 */
public final class PowerManagement extends RegisterDevice {
    public static final int PM_RSTC = 0x1C;
    public static final int PM_RSTS = 0x20;
    public static final int PM_WDOG = 0x24;
    public static final int SIZE = 0x114;

    public static final int PASSWORD = 0x5A00_0000;
    public static final int PASSWORD_MASK = 0xFF00_0000;
    public static final int WDOG_TIME_MASK = 0x000F_FFFF;
    public static final int RSTC_WRCFG_MASK = 0x30;
    public static final int RSTC_WRCFG_FULL_RESET = 0x20;
    /** Partition 63 spread over the even bits of PM_RSTS: "halt, do not boot". */
    public static final int RSTS_PARTITION_HALT = 0x555;
    /** PM_RSTS.HADWRF: the last reset was a watchdog full reset. */
    public static final int RSTS_HADWRF = 1 << 5;
    /** PM_RSTS.HADPOR: power-on reset. */
    public static final int RSTS_HADPOR = 1 << 12;
    public static final long TICKS_PER_SECOND = 65536;

    /** What the machine does on a watchdog reset. */
    @FunctionalInterface
    public interface ResetHandler {
        void reset(boolean halt);
    }

    private final Clock clock;
    private ResetHandler handler = halt -> { };
    private java.util.function.LongConsumer deadlineListener = deadline -> { };
    private int rstc, rsts = RSTS_HADPOR;
    private long wdogTicks;
    private long wdogLoadedAt;
    private boolean fired;

    public PowerManagement(Clock clock) {
        this.clock = clock;
    }

    public void setResetHandler(ResetHandler handler) {
        this.handler = handler;
    }

    /**
     * Told the watchdog's next deadline ({@link Long#MAX_VALUE}: none) whenever it changes, so a real-time
     * clock can stop there until the reset happened: a guest never reads a time past an armed expiry.
     */
    public void setDeadlineListener(java.util.function.LongConsumer listener) {
        this.deadlineListener = listener;
    }

    /** Called by the machine after the reset it requested: PM_RSTS records a watchdog full reset. */
    public void afterWatchdogReset() {
        rstc = 0;
        wdogTicks = 0;
        fired = false;
        rsts = (rsts & RSTS_PARTITION_HALT) | RSTS_HADWRF;
        deadlineListener.accept(Long.MAX_VALUE);
    }

    private long expiryNanos() {
        return wdogLoadedAt + (wdogTicks * 1_000_000_000L + TICKS_PER_SECOND - 1) / TICKS_PER_SECOND;
    }

    private long remainingTicks() {
        long elapsed = Math.max(0, clock.nanos() - wdogLoadedAt);
        return Math.max(0, wdogTicks - elapsed * TICKS_PER_SECOND / 1_000_000_000L);
    }

    private boolean armed() {
        return (rstc & RSTC_WRCFG_MASK) == RSTC_WRCFG_FULL_RESET && !fired;
    }

    /** Fires the reset once the armed countdown has run out. */
    public void update() {
        if (armed() && clock.nanos() >= expiryNanos()) {
            fired = true;
            handler.reset((rsts & RSTS_PARTITION_HALT) == RSTS_PARTITION_HALT);
        }
    }

    public long nextDeadlineNanos() {
        return armed() ? expiryNanos() : Long.MAX_VALUE;
    }

    @Override
    protected int readRegister(int offset) {
        return switch (offset) {
            case PM_RSTC -> rstc;
            case PM_RSTS -> rsts;
            case PM_WDOG -> (int) remainingTicks();
            default -> unimplementedRead(offset);
        };
    }

    @Override
    protected void writeRegister(int offset, int value) {
        if ((value & PASSWORD_MASK) != PASSWORD) {
            return; // writes without the password are ignored by the hardware
        }
        switch (offset) {
            case PM_RSTC -> rstc = value & 0x00FF_FFFF;
            case PM_RSTS -> rsts = value & 0x00FF_FFFF;
            case PM_WDOG -> {
                wdogTicks = value & WDOG_TIME_MASK;
                wdogLoadedAt = clock.nanos();
                fired = false;
            }
            default -> unimplementedWrite(offset, value);
        }
        deadlineListener.accept(nextDeadlineNanos());
        update();
    }
}
