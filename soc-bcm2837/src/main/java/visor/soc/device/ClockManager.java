package visor.soc.device;

import java.util.Arrays;

/**
 * The BCM2835 clock manager (CPRMAN, at 0x7E101000 bus / 0x3F101000 ARM): five PLLs (A, B, C, D, H)
 * multiplying the 19.2 MHz crystal, their channels (A2W_PLLx_&lt;channel&gt; dividers) and the clock
 * generators (CM_xxxCTL/CM_xxxDIV) that pick a source and divide it for one peripheral. Undocumented in
 * the ARM Peripherals manual except for the general-purpose clocks (6.3); the layout here is the one
 * Linux's drivers/clk/bcm/clk-bcm2835.c and QEMU's bcm2835_cprman use.
 *
 * <p>As in QEMU the block is a register file: a write carrying the password 0x5A in bits 31:24 stores its
 * low 24 bits, any other write is ignored. Nothing here produces a clock the emulated devices run on;
 * what matters is what the guest reads back: CM_LOCK, whose FLOCKx bits say a PLL is locked when it is
 * powered (A2W_PLLx_CTRL.PWRDN clear), out of analog reset (CM_PLLx.ANARST clear) and has a usable
 * multiplier and divider (NDIV, PDIV non-zero), and the clock generators' BUSY bit, which follows
 * ENABLE: the generator runs while enabled and stops as soon as it is disabled (real hardware finishes
 * the divider's current cycle first, which Linux waits for in bcm2835_clock_wait_busy).
 */
public final class ClockManager extends RegisterDevice {
    public static final int SIZE = 0x2000;

    public static final int PASSWORD = 0x5A00_0000;
    public static final int PASSWORD_MASK = 0xFF00_0000;

    /** Clock generators: CM_xxxCTL, with CM_xxxDIV at +4. */
    public static final int CM_VPUCTL = 0x008, CM_EMMCCTL = 0x1C0, CM_UARTCTL = 0x0F0;
    public static final int CM_CTL_SRC_MASK = 0xF, CM_CTL_ENABLE = 1 << 4, CM_CTL_KILL = 1 << 5;
    public static final int CM_CTL_GATE = 1 << 6, CM_CTL_BUSY = 1 << 7;

    /** PLL control in the CM block: channel load/hold bits and ANARST. */
    public static final int CM_PLLA = 0x104, CM_PLLC = 0x108, CM_PLLD = 0x10C, CM_PLLH = 0x110, CM_PLLB = 0x170;
    public static final int CM_PLL_ANARST = 1 << 8;
    public static final int CM_LOCK = 0x114;

    /** A2W_PLLx_CTRL: NDIV 9:0, PDIV 14:12, PWRDN 16, PRST_DISABLE 17. */
    public static final int A2W_CTRL_NDIV_MASK = 0x3FF, A2W_CTRL_PDIV_SHIFT = 12, A2W_CTRL_PDIV_MASK = 0x7;
    public static final int A2W_CTRL_PWRDN = 1 << 16, A2W_CTRL_PRST_DISABLE = 1 << 17;
    /** A2W_PLLx_FRAC: the 20-bit fraction of the multiplier. */
    public static final int A2W_FRAC_BITS = 20;
    /** A2W PLL channel: DIV 7:0 (0 means 256), DISABLE 8. */
    public static final int A2W_CHANNEL_DIV_MASK = 0xFF, A2W_CHANNEL_DISABLE = 1 << 8;

    /** The crystal every PLL and the "xosc" clock source run from. */
    public static final long XOSC_HZ = 19_200_000;

    /** A PLL's registers and its CM_LOCK bit. */
    public enum Pll {
        A(CM_PLLA, 0x1100, 0x1010, 0x1200, 8, 14),
        B(CM_PLLB, 0x11E0, 0x10F0, 0x12E0, 9, 14),
        C(CM_PLLC, 0x1120, 0x1030, 0x1220, 10, 14),
        D(CM_PLLD, 0x1140, 0x1050, 0x1240, 11, 14),
        H(CM_PLLH, 0x1160, 0x1070, 0x1260, 12, 11);

        public final int cm, a2wCtrl, a2wAna0, a2wFrac;
        /** The FLOCKx bit in CM_LOCK. */
        public final int lockBit;
        /** A2W_PLLx_ANA1 bit that doubles the reference (the feedback prescaler; bit 11 on PLLH). */
        public final int ana1Prediv;

        Pll(int cm, int a2wCtrl, int a2wAna0, int a2wFrac, int lockBit, int ana1PredivBit) {
            this.cm = cm;
            this.a2wCtrl = a2wCtrl;
            this.a2wAna0 = a2wAna0;
            this.a2wFrac = a2wFrac;
            this.lockBit = 1 << lockBit;
            this.ana1Prediv = 1 << ana1PredivBit;
        }
    }

    private final int[] regs = new int[SIZE / 4];

    public ClockManager() {
        reset();
    }

    /** Power-on state: everything 0, no PLL locked, every generator stopped (the firmware sets it up). */
    public void reset() {
        Arrays.fill(regs, 0);
    }

    /** True when the PLL is powered, out of reset and configured with a multiplier and a divider. */
    public boolean locked(Pll pll) {
        int ctrl = regs[pll.a2wCtrl / 4];
        int pdiv = (ctrl >>> A2W_CTRL_PDIV_SHIFT) & A2W_CTRL_PDIV_MASK;
        return (ctrl & A2W_CTRL_PWRDN) == 0 && (regs[pll.cm / 4] & CM_PLL_ANARST) == 0
                && (ctrl & A2W_CTRL_NDIV_MASK) != 0 && pdiv != 0;
    }

    /** The clock generators' control registers: pairs from CM_GNRICCTL to CM_VECCTL, then the later ones. */
    static boolean isGeneratorControl(int offset) {
        if (offset < 0x100) {
            return (offset & 7) == 0;
        }
        return switch (offset) {
            case 0x190, 0x1A8, 0x1B0, 0x1B8, 0x1C0, 0x1D0 -> true; // PULSE, SDC, ARM, AVEO, EMMC, EMMC2
            default -> false;
        };
    }

    @Override
    protected int readRegister(int offset) {
        if (offset < 0 || offset >= SIZE) {
            return unimplementedRead(offset);
        }
        if (offset == CM_LOCK) {
            int lock = 0;
            for (Pll pll : Pll.values()) {
                lock |= locked(pll) ? pll.lockBit : 0;
            }
            return lock;
        }
        return regs[offset / 4];
    }

    @Override
    protected void writeRegister(int offset, int value) {
        if ((value & PASSWORD_MASK) != PASSWORD || offset < 0 || offset >= SIZE || offset == CM_LOCK) {
            return; // the hardware ignores writes without the password; CM_LOCK is status
        }
        value &= ~PASSWORD_MASK;
        if (isGeneratorControl(offset)) {
            value = (value & ~CM_CTL_BUSY) | ((value & CM_CTL_ENABLE) != 0 ? CM_CTL_BUSY : 0);
        }
        regs[offset / 4] = value;
    }
}
