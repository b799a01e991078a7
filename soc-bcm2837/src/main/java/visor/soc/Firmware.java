package visor.soc;

import visor.soc.device.ClockManager;
import visor.soc.device.Gpio;
import visor.soc.device.MiniUart;
import visor.soc.device.Pl011;

/**
 * What the Raspberry Pi firmware (start.elf with {@code enable_uart=1}, the Pi 3 default for a serial
 * console) leaves behind before it enters the kernel: the mini-UART enabled at 115200 8N1 on GPIO 14/15
 * (ALT5), and the SD card on the SDHOST controller it loaded the kernel through (GPIO 48-53 in ALT0).
 * Bare-metal programs and U-Boot (whose driver skips initialisation and only checks the pin functions)
 * rely on the first; programs that drive the Arasan EMMC switch pins 48-53 to ALT3 themselves.
 * It also leaves the clock manager's PLLs locked and the peripheral clocks running (Linux's
 * clk-bcm2835 only reads and adjusts that setup).
 */
public final class Firmware {
    /** GPFSEL1 with pins 14 and 15 in ALT5 (0b010), the mini-UART's TXD1/RXD1. */
    static final long GPFSEL1_UART = (0b010L << 12) | (0b010L << 15);
    /** MU_BAUD for 115200 baud from the 250 MHz core clock: 250e6 / (8 * 115200) - 1. */
    static final long BAUD_115200 = 270;

    private Firmware() {
    }

    /** GPFSEL4: pins 48 and 49 (bits 26:24, 29:27) in ALT0 (0b100), SD0 CLK and CMD. */
    static final long GPFSEL4_SD0 = (0b100L << 24) | (0b100L << 27);
    /** GPFSEL5: pins 50-53 in ALT0, SD0 DAT0-3. */
    static final long GPFSEL5_SD0 = 0b100_100_100_100L;

    /** Routes the SD slot (GPIO 48-53) to the SDHOST controller, keeping the other pins' functions. */
    public static void initSdPins(Gpio gpio) {
        long sel4 = gpio.read(0x10, 4) & ~(0x3FL << 24);
        gpio.write(0x10, 4, sel4 | GPFSEL4_SD0);
        long sel5 = gpio.read(0x14, 4) & ~0xFFFL;
        gpio.write(0x14, 4, sel5 | GPFSEL5_SD0);
    }

    /** Programs the devices through their registers, as the firmware's own code does. */
    public static void initConsole(MiniUart miniUart, Gpio gpio) {
        initConsole(miniUart, gpio, BAUD_115200);
    }

    /** MU_BAUD for 115200 baud from a core clock of {@code coreHz} (BCM2835 ARM Peripherals 2.2.1). */
    public static long miniUartDivisor(long coreHz) {
        return coreHz / (8 * 115_200) - 1;
    }

    /** {@link #initConsole(MiniUart, Gpio)} with the divisor {@code baud} for MU_BAUD. */
    public static void initConsole(MiniUart miniUart, Gpio gpio, long baud) {
        gpio.write(0x04, 4, GPFSEL1_UART);
        miniUart.write(MiniUart.AUX_ENABLES, 4, MiniUart.ENABLE_MINI_UART);
        miniUart.write(MiniUart.MU_CNTL, 4, 0);
        miniUart.write(MiniUart.MU_LCR, 4, 3);
        miniUart.write(MiniUart.MU_IER, 4, 0);
        miniUart.write(MiniUart.MU_BAUD, 4, baud);
        miniUart.write(MiniUart.MU_CNTL, 4, MiniUart.CNTL_RX_ENABLE | MiniUart.CNTL_TX_ENABLE);
    }

    /** PL011 divisors for 115200 baud from the 48 MHz UART clock: 48e6 / (16 * 115200) = 26 + 2/64 (TRM 3.3.6). */
    static final int PL011_IBRD_115200 = 26, PL011_FBRD_115200 = 2;
    /** LCRH: 8 data bits (WLEN 0b11), FIFOs on. */
    static final int PL011_LCRH_8N1_FIFO = (0b11 << 5) | Pl011.LCRH_FEN;

    /**
     * Leaves the PL011 enabled at 115200 8N1, as a boot loader with UART0 as its console does. Linux's
     * pl011 earlycon (amba-pl011.c, pl011_early_console_setup) never programs the UART: it writes DR and
     * waits for FR.BUSY to clear, which a disabled UART never does.
     */
    public static void initPl011(Pl011 pl011) {
        pl011.write(Pl011.CR, 4, 0);
        pl011.write(Pl011.IBRD, 4, PL011_IBRD_115200);
        pl011.write(Pl011.FBRD, 4, PL011_FBRD_115200);
        pl011.write(Pl011.LCRH, 4, PL011_LCRH_8N1_FIFO);
        pl011.write(Pl011.CR, 4, Pl011.CR_UARTEN | Pl011.CR_TXE | Pl011.CR_RXE);
    }

    /**
     * The clock setup the firmware leaves, as QEMU's raspi3b resets its CPRMAN to (values read back from
     * a Raspberry Pi 3 Model B v1.2 through Linux's clk debugfs; hw/misc/bcm2835_cprman_internals.h).
     * Each PLL runs at 19.2 MHz x (NDIV + FRAC / 2^20), doubled by the ANA1 prescaler, / PDIV:
     * PLLA 19.2 x 58.59375 x 2 = 2.25 GHz, PLLC 19.2 x 62.5 x 2 = 2.4 GHz, PLLD 19.2 x 52.0833 x 2 = 2 GHz,
     * PLLH 19.2 x 45 = 864 MHz. Channels: PLLC_CORE0 / 2 = 1.2 GHz, PLLC_PER / 2 = 1.2 GHz, PLLD_CORE and
     * PLLD_PER / 4 = 500 MHz, PLLH_AUX / 4. Generators (source 5 = PLLC channel, 6 = PLLD_PER, 1 = xosc):
     * VPU (core) PLLD_PER / 2 = 250 MHz (core_freq 250, which enable_uart=1 forces so the mini-UART's
     * divisor holds), UART PLLD_PER / 10.4167 = 48 MHz, EMMC PLLD_PER / 2 = 250 MHz (what the mailbox's
     * clock tags report), TIMER xosc / 19.2 = 1 MHz.
     */
    static final int[][] CLOCK_SETUP = {
        // PLL: CM_PLLx (channel hold bits), A2W_PLLx_ANA0-3, A2W_PLLx_FRAC, then A2W_PLLx_CTRL.
        {0x104, 0x0000008A}, {0x1010, 0}, {0x1014, 0x00144000}, {0x1018, 0}, {0x101C, 0x100}, {0x1200, 0x00098000}, {0x1100, 0x0002103A},
        {0x108, 0x00000228}, {0x1030, 0}, {0x1034, 0x00144000}, {0x1038, 0}, {0x103C, 0x100}, {0x1220, 0x00080000}, {0x1120, 0x0002103E},
        {0x10C, 0x0000020A}, {0x1050, 0}, {0x1054, 0x00144000}, {0x1058, 0}, {0x105C, 0x100}, {0x1240, 0x00015556}, {0x1140, 0x00021034},
        {0x110, 0x00000000}, {0x1070, 0x00900000}, {0x1074, 0x0000000C}, {0x1078, 0}, {0x107C, 0}, {0x1260, 0}, {0x1160, 0x0002102D},
        // PLL channels (DIV, bit 8 DISABLE): PLLA DSI0/CORE/PER/CCP2, PLLC CORE2/CORE1/PER/CORE0,
        // PLLD DSI0/CORE/PER/DSI1, PLLH AUX/RCAL/PIX.
        {0x1300, 0x100}, {0x1400, 3}, {0x1500, 0}, {0x1600, 0x100},
        {0x1320, 0x100}, {0x1420, 0x100}, {0x1520, 2}, {0x1620, 2},
        {0x1340, 0x100}, {0x1440, 4}, {0x1540, 4}, {0x1640, 0x100},
        {0x1360, 4}, {0x1460, 0}, {0x1560, 0},
        // Clock generators: CM_xxxDIV, then CM_xxxCTL (VPU, H264, ISP, GP0-2, OTP, PCM, PWM, SLIM, TSENS,
        // TIMER, UART, VEC, SDC, EMMC).
        {0x00C, 0x2000}, {0x008, 0x246}, {0x02C, 0x3000}, {0x028, 0x244}, {0x034, 0x3000}, {0x030, 0x244},
        {0x074, 0}, {0x070, 0x200}, {0x07C, 0x14000}, {0x078, 0x96}, {0x084, 0x249F00}, {0x080, 0x291},
        {0x094, 0x4000}, {0x090, 0x91}, {0x09C, 0}, {0x098, 0x200}, {0x0A4, 0}, {0x0A0, 0x200},
        {0x0AC, 0}, {0x0A8, 0x200}, {0x0E4, 0xA000}, {0x0E0, 0x91}, {0x0EC, 0x13333}, {0x0E8, 0x291},
        {0x0F4, 0xA6AB}, {0x0F0, 0x296}, {0x0FC, 0x2000}, {0x0F8, 0x97}, {0x1AC, 0x3000}, {0x1A8, 0x4006},
        {0x1C4, 0x2000}, {0x1C0, 0x296},
    };

    /** Programs the clock manager through its registers (each write with the 0x5A password). */
    public static void initClocks(ClockManager cprman) {
        cprman.reset();
        for (int[] w : CLOCK_SETUP) {
            cprman.write(w[0], 4, ClockManager.PASSWORD | w[1]);
        }
    }
}
