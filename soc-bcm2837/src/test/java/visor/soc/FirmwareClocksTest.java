package visor.soc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import visor.mmu.PhysicalMemory;
import visor.soc.device.ClockManager;
import visor.soc.device.ClockManager.Pll;
import visor.soc.device.MiniUart;
import visor.soc.device.PropertyTags;

/**
 * The clock tree the firmware leaves, read back the way Linux's clk-bcm2835 computes rates
 * (bcm2835_pll_get_rate, the channel's clk_divider, bcm2835_clock_get_rate), from the registers only.
 */
class FirmwareClocksTest {
    private final ClockManager cm = new ClockManager();

    FirmwareClocksTest() {
        Firmware.initClocks(cm);
    }

    private long reg(int offset) {
        return cm.read(offset, 4);
    }

    /** bcm2835_pll_get_rate: 0 unless PRST_DISABLE; xosc * (NDIV + FRAC/2^20) [* 2 with the prescaler] / PDIV. */
    private long pllHz(Pll pll) {
        long ctrl = reg(pll.a2wCtrl);
        if ((ctrl & ClockManager.A2W_CTRL_PRST_DISABLE) == 0) {
            return 0;
        }
        long ndiv = ctrl & ClockManager.A2W_CTRL_NDIV_MASK;
        long pdiv = (ctrl >>> ClockManager.A2W_CTRL_PDIV_SHIFT) & ClockManager.A2W_CTRL_PDIV_MASK;
        long fdiv = reg(pll.a2wFrac) & ((1 << ClockManager.A2W_FRAC_BITS) - 1);
        long mul = (ndiv << ClockManager.A2W_FRAC_BITS) + fdiv;
        if ((reg(pll.a2wAna0 + 4) & pll.ana1Prediv) != 0) {
            mul *= 2;
        }
        return ((ClockManager.XOSC_HZ * mul) >> ClockManager.A2W_FRAC_BITS) / pdiv;
    }

    private long channelHz(Pll pll, int a2wChannel) {
        long v = reg(a2wChannel);
        assertEquals(0, v & ClockManager.A2W_CHANNEL_DISABLE, "channel enabled");
        long div = v & ClockManager.A2W_CHANNEL_DIV_MASK;
        return pllHz(pll) / (div == 0 ? 256 : div);
    }

    /** bcm2835_clock_get_rate: parent * 2^12 / CM_xxxDIV (integer in 23:12, fraction in 11:0). */
    private static long generatorHz(long parentHz, long div) {
        return parentHz * 4096 / div;
    }

    @Test
    void everyFirmwarePllIsLockedAndPllBIsOff() {
        long lock = reg(ClockManager.CM_LOCK);
        for (Pll pll : new Pll[] {Pll.A, Pll.C, Pll.D, Pll.H}) {
            assertTrue((lock & pll.lockBit) != 0, pll + " locked");
        }
        assertEquals(0, lock & Pll.B.lockBit, "the ARM's PLLB is the firmware's business, not set up here");
    }

    @Test
    void pllRatesAreTheFirmwares() {
        assertEquals(2_400_000_000L, pllHz(Pll.C), 1_000);
        assertEquals(2_000_000_000L, pllHz(Pll.D), 1_000);
        assertEquals(2_250_000_000L, pllHz(Pll.A), 1_000);
        assertEquals(864_000_000L, pllHz(Pll.H), 1_000);
    }

    @Test
    void peripheralClocksRunFromTheirPllChannels() {
        long plldPer = channelHz(Pll.D, 0x1540);
        assertEquals(500_000_000L, plldPer, 1_000);
        long uartCtl = reg(ClockManager.CM_UARTCTL);
        assertEquals(6, uartCtl & ClockManager.CM_CTL_SRC_MASK, "UART clock from PLLD_PER");
        assertTrue((uartCtl & ClockManager.CM_CTL_ENABLE) != 0);
        assertEquals(48_000_000L, generatorHz(plldPer, reg(ClockManager.CM_UARTCTL + 4)), 1_000);

        long vpuCtl = reg(ClockManager.CM_VPUCTL);
        assertEquals(6, vpuCtl & ClockManager.CM_CTL_SRC_MASK, "core clock from PLLD_PER");
        assertEquals(250_000_000L, generatorHz(plldPer, reg(ClockManager.CM_VPUCTL + 4)), 1_000);
        long emmcCtl = reg(ClockManager.CM_EMMCCTL);
        assertEquals(6, emmcCtl & ClockManager.CM_CTL_SRC_MASK, "EMMC clock from PLLD_PER");
        assertTrue((emmcCtl & ClockManager.CM_CTL_ENABLE) != 0);
        assertEquals(250_000_000L, generatorHz(plldPer, reg(ClockManager.CM_EMMCCTL + 4)), 1_000);
    }

    @Test
    void theMailboxAndTheMiniUartDivisorAgreeWithTheClockManager() {
        long plldPer = channelHz(Pll.D, 0x1540);
        long core = generatorHz(plldPer, reg(ClockManager.CM_VPUCTL + 4));
        assertEquals(core, MiniUart.CORE_CLOCK_HZ, 1_000);
        // The firmware's AUX_MU_BAUD gives 115200 baud (within the 0.1 % a divisor allows) from that clock.
        assertEquals(115_200, core / (8 * (Firmware.BAUD_115200 + 1)), 200);
        assertEquals(core, mailboxClockRate(PropertyTags.CLOCK_CORE), 1_000);
        assertEquals(generatorHz(plldPer, reg(ClockManager.CM_EMMCCTL + 4)), mailboxClockRate(PropertyTags.CLOCK_EMMC), 1_000);
        assertEquals(generatorHz(plldPer, reg(ClockManager.CM_UARTCTL + 4)), mailboxClockRate(PropertyTags.CLOCK_UART), 1_000);
    }

    /** GET_CLOCK_RATE through a property buffer, as a guest asks the firmware. */
    private static long mailboxClockRate(int clock) {
        PhysicalMemory ram = new PhysicalMemory(0x10_0000L);
        int[] buffer = {32, 0, PropertyTags.GET_CLOCK_RATE, 8, 0, clock, 0, 0};
        for (int i = 0; i < buffer.length; i++) {
            ram.write(0x1000 + 4L * i, 4, buffer[i]);
        }
        new PropertyTags(0x10_0000L, 1).process(ram, 0x1000);
        assertEquals(PropertyTags.RESPONSE_OK & 0xFFFF_FFFFL, ram.read(0x1004, 4));
        return ram.read(0x1018, 4);
    }
}
