package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.soc.device.ClockManager.A2W_CTRL_PRST_DISABLE;
import static visor.soc.device.ClockManager.A2W_CTRL_PWRDN;
import static visor.soc.device.ClockManager.CM_CTL_BUSY;
import static visor.soc.device.ClockManager.CM_CTL_ENABLE;
import static visor.soc.device.ClockManager.CM_CTL_GATE;
import static visor.soc.device.ClockManager.CM_LOCK;
import static visor.soc.device.ClockManager.CM_PLL_ANARST;
import static visor.soc.device.ClockManager.CM_UARTCTL;
import static visor.soc.device.ClockManager.PASSWORD;

import org.junit.jupiter.api.Test;
import visor.soc.device.ClockManager.Pll;

class ClockManagerTest {
    private final ClockManager cm = new ClockManager();

    private void write(int offset, int value) {
        cm.write(offset, 4, PASSWORD | value);
    }

    private int read(int offset) {
        return (int) cm.read(offset, 4);
    }

    @Test
    void writesNeedThePasswordAndKeepTheLow24Bits() {
        cm.write(ClockManager.CM_UARTCTL + 4, 4, 0xA6AB);
        assertEquals(0, read(CM_UARTCTL + 4), "no password: ignored");
        cm.write(ClockManager.CM_UARTCTL + 4, 4, 0x5B00_A6AB);
        assertEquals(0, read(CM_UARTCTL + 4), "wrong password: ignored");
        write(CM_UARTCTL + 4, 0xA6AB);
        assertEquals(0xA6AB, read(CM_UARTCTL + 4));
    }

    /** Linux's bcm2835_pll_on: clear PWRDN, clear ANARST, poll CM_LOCK, set PRST_DISABLE. */
    @Test
    void aPllLocksOncePoweredOutOfResetAndConfigured() {
        assertEquals(0, read(CM_LOCK), "nothing configured after reset");
        write(Pll.C.a2wCtrl, A2W_CTRL_PWRDN | (1 << 12) | 62);
        write(Pll.C.cm, CM_PLL_ANARST);
        assertEquals(0, read(CM_LOCK) & Pll.C.lockBit, "powered down, in reset");
        write(Pll.C.a2wCtrl, read(Pll.C.a2wCtrl) & ~A2W_CTRL_PWRDN);
        assertEquals(0, read(CM_LOCK) & Pll.C.lockBit, "still in analog reset");
        write(Pll.C.cm, read(Pll.C.cm) & ~CM_PLL_ANARST);
        assertEquals(Pll.C.lockBit, read(CM_LOCK), "FLOCKC (bit 10), only PLLC");
        write(Pll.C.a2wCtrl, read(Pll.C.a2wCtrl) | A2W_CTRL_PRST_DISABLE);
        assertTrue(cm.locked(Pll.C));
        write(Pll.C.a2wCtrl, A2W_CTRL_PRST_DISABLE | 62);
        assertFalse(cm.locked(Pll.C), "PDIV 0 cannot lock");
    }

    @Test
    void lockBitsFollowTheHardwareAssignment() {
        for (Pll pll : Pll.values()) {
            write(pll.a2wCtrl, (1 << 12) | 40);
        }
        assertEquals(0x1F00, read(CM_LOCK), "FLOCKA-FLOCKH: bits 8-12");
        write(CM_LOCK, 0);
        assertEquals(0x1F00, read(CM_LOCK), "CM_LOCK is status, not storage");
    }

    /** bcm2835_clock_off clears ENABLE and then waits for BUSY to fall. */
    @Test
    void busyFollowsEnable() {
        write(CM_UARTCTL, CM_CTL_ENABLE | CM_CTL_GATE | 6);
        assertEquals(CM_CTL_BUSY | CM_CTL_ENABLE | CM_CTL_GATE | 6, read(CM_UARTCTL));
        write(CM_UARTCTL, read(CM_UARTCTL) & ~CM_CTL_ENABLE);
        assertEquals(0, read(CM_UARTCTL) & CM_CTL_BUSY);
        write(ClockManager.CM_EMMCCTL, CM_CTL_BUSY | 5);
        assertEquals(5, read(ClockManager.CM_EMMCCTL), "BUSY is not writable");
        write(Pll.C.cm, CM_CTL_BUSY);
        assertEquals(CM_CTL_BUSY, read(Pll.C.cm), "bit 7 of CM_PLLx is HOLDPER, plain storage");
    }
}
