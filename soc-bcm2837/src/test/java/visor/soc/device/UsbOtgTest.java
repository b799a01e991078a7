package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.soc.device.UsbOtg.*;

import org.junit.jupiter.api.Test;

/** The DWC2 core as U-Boot's and Linux's dwc2 host drivers bring it up, with nothing on the port. */
class UsbOtgTest {
    private final boolean[] irq = new boolean[1];
    private final UsbOtg usb = new UsbOtg(level -> irq[0] = level);

    private long rd(int off) {
        return usb.read(off, 4) & 0xFFFF_FFFFL;
    }

    private void wr(int off, long v) {
        usb.write(off, 4, v);
    }

    @Test
    void identifiesAsADwc2CoreInHostMode() {
        assertEquals(0x4F54_2000L, rd(GSNPSID) & 0xFFFF_F000L); // "OT" + 2.xx, what dwc2 drivers check
        assertEquals(2, (rd(GHWCFG2) >>> 3) & 3);                // internal DMA
        assertEquals(8, ((rd(GHWCFG2) >>> 14) & 0xF) + 1);       // host channels
        assertEquals(GINTSTS_CURMOD_HOST, rd(GINTSTS) & GINTSTS_CURMOD_HOST);
    }

    @Test
    void softResetAndFlushesCompleteWithTheBusIdle() {
        wr(GINTMSK, 0x1234);
        wr(GRSTCTL, GRSTCTL_CSFTRST);
        assertEquals(GRSTCTL_AHBIDLE & 0xFFFF_FFFFL, rd(GRSTCTL));
        assertEquals(0, rd(GINTMSK));
        wr(GRSTCTL, GRSTCTL_TXFFLSH | (0x10 << 6));
        assertEquals(0, rd(GRSTCTL) & (GRSTCTL_TXFFLSH | GRSTCTL_RXFFLSH));
    }

    @Test
    void portPowersUpButNothingConnects() {
        wr(HPRT0, HPRT0_PWR);
        assertEquals(HPRT0_PWR, rd(HPRT0));
        wr(HPRT0, HPRT0_PWR | HPRT0_RST);
        wr(HPRT0, HPRT0_PWR);
        assertEquals(0, rd(HPRT0) & (1 | HPRT0_ENA | HPRT0_CONNDET)); // no connection, never enabled
    }

    @Test
    void channelsHaltAtOnceAndTransfersFindNoDevice() {
        int hc = HC_BASE + 3 * HC_STRIDE;
        wr(hc + HCCHAR, HCCHAR_CHEN | HCCHAR_CHDIS);
        assertEquals(0, rd(hc + HCCHAR) & HCCHAR_CHEN);
        assertEquals(HCINT_CHHLTD, rd(hc + HCINT));
        wr(hc + HCINT, 0x3FFF);
        wr(GAHBCFG, GAHBCFG_GLBLINTRMSK);
        wr(GINTMSK, 1 << 25);
        wr(HAINTMSK, 1 << 3);
        wr(hc + HCINTMSK, HCINT_CHHLTD);
        assertFalse(irq[0]);
        wr(hc + HCCHAR, HCCHAR_CHEN);
        assertEquals(HCINT_CHHLTD | HCINT_XACTERR, rd(hc + HCINT));
        assertEquals(1 << 3, rd(HAINT));
        assertTrue(irq[0], "channel interrupt through HAINT and GINTSTS.HChInt");
        wr(hc + HCINT, HCINT_CHHLTD | HCINT_XACTERR);
        assertFalse(irq[0]);
    }
}
