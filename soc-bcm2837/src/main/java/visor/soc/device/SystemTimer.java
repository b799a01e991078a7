package visor.soc.device;

import visor.cpu.Clock;

/**
 * The BCM2835 system timer (ARM Peripherals manual ch. 12): a free-running 64-bit 1 MHz counter and
 * four 32-bit compare registers. A channel matches when the low 32 bits of the counter become equal to
 * its compare value; the match sets CS.Mn (write 1 to clear) and holds GPU IRQ n. The counter is
 * derived from the machine clock, so matches are found by asking which compare values the counter
 * crossed since the last look.
 */
public final class SystemTimer extends RegisterDevice {
    public static final int CS = 0x00;
    public static final int CLO = 0x04;
    public static final int CHI = 0x08;
    public static final int C0 = 0x0C;
    public static final int SIZE = 0x1C;
    public static final int CHANNELS = 4;

    private final Clock clock;
    private final IrqLine[] lines;
    private final int[] compare = new int[CHANNELS];
    private int cs;
    private long lastCount;

    /** {@code lines[n]} carries match n (GPU IRQs 0-3). */
    public SystemTimer(Clock clock, IrqLine[] lines) {
        this.clock = clock;
        this.lines = lines.clone();
        this.lastCount = count(clock.nanos());
    }

    private static long count(long nanos) {
        return Math.max(0, nanos) / 1000;
    }

    public void reset() {
        java.util.Arrays.fill(compare, 0);
        cs = 0;
        lastCount = count(clock.nanos());
        drive();
    }

    /** Brings match bits up to the clock's present value. */
    public void update() {
        long now = count(clock.nanos());
        if (now <= lastCount) {
            return;
        }
        long elapsed = now - lastCount;
        int matched = 0;
        for (int ch = 0; ch < CHANNELS; ch++) {
            // The first count after lastCount whose low word equals the compare value.
            long ticksToMatch = ((compare[ch] - (int) lastCount - 1) & 0xFFFF_FFFFL) + 1;
            if (ticksToMatch <= elapsed) {
                matched |= 1 << ch;
            }
        }
        lastCount = now;
        if ((matched & ~cs) != 0) {
            cs |= matched;
            drive();
        }
    }

    /** Guest nanoseconds of the next match of a channel whose match bit is clear, or Long.MAX_VALUE. */
    public long nextDeadlineNanos() {
        long now = count(clock.nanos());
        long best = Long.MAX_VALUE;
        for (int ch = 0; ch < CHANNELS; ch++) {
            if ((cs & (1 << ch)) == 0) {
                long ticks = (compare[ch] - (int) now) & 0xFFFF_FFFFL;
                if (ticks == 0) {
                    ticks = 1L << 32;
                }
                best = Math.min(best, (now + ticks) * 1000);
            }
        }
        return best;
    }

    private void drive() {
        for (int ch = 0; ch < CHANNELS; ch++) {
            lines[ch].set((cs & (1 << ch)) != 0);
        }
    }

    @Override
    protected int readRegister(int offset) {
        update();
        return switch (offset) {
            case CS -> cs;
            case CLO -> (int) lastCount;
            case CHI -> (int) (lastCount >>> 32);
            case C0, C0 + 4, C0 + 8, C0 + 12 -> compare[(offset - C0) / 4];
            default -> unimplementedRead(offset);
        };
    }

    @Override
    protected void writeRegister(int offset, int value) {
        update();
        switch (offset) {
            case CS -> {
                cs &= ~(value & 0xF);
                drive();
            }
            case C0, C0 + 4, C0 + 8, C0 + 12 -> compare[(offset - C0) / 4] = value;
            case CLO, CHI -> { }
            default -> unimplementedWrite(offset, value);
        }
    }
}
