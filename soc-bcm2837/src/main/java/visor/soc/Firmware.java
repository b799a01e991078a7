package visor.soc;

import visor.soc.device.Gpio;
import visor.soc.device.MiniUart;
import visor.soc.device.Pl011;

/**
 * What the Raspberry Pi firmware (start.elf with {@code enable_uart=1}, the Pi 3 default for a serial
 * console) leaves behind before it enters the kernel: the mini-UART enabled at 115200 8N1 on GPIO 14/15
 * (ALT5), and the SD card on the SDHOST controller it loaded the kernel through (GPIO 48-53 in ALT0).
 * Bare-metal programs and U-Boot (whose driver skips initialisation and only checks the pin functions)
 * rely on the first; programs that drive the Arasan EMMC switch pins 48-53 to ALT3 themselves.
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
        gpio.write(0x04, 4, GPFSEL1_UART);
        miniUart.write(MiniUart.AUX_ENABLES, 4, MiniUart.ENABLE_MINI_UART);
        miniUart.write(MiniUart.MU_CNTL, 4, 0);
        miniUart.write(MiniUart.MU_LCR, 4, 3);
        miniUart.write(MiniUart.MU_IER, 4, 0);
        miniUart.write(MiniUart.MU_BAUD, 4, BAUD_115200);
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
}
