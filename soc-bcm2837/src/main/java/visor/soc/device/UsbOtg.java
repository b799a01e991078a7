package visor.soc.device;

/**
 * The Synopsys DesignWare USB 2.0 OTG core ("DWC2", bus address 0x7E980000, GPU IRQ 9) in host mode with
 * nothing plugged into its port: the Pi 3's LAN9514 hub/Ethernet chip is not modelled, so a driver finds
 * a working controller whose root port never reports a connection (U-Boot's dwc2: "1 USB Device(s)
 * found", the root hub; QEMU's raspi3b without -usb devices answers the same way).
 *
 * <p>Modelled: identification and hardware configuration as the BCM2837's core reports them (release
 * 2.80a, 8 host channels, internal DMA, dynamic FIFO sizing), self-clearing soft reset and FIFO flushes
 * with the AHB master idle, host mode in GINTSTS.CurMod, the host port register HPRT0 (power, reset,
 * write-1-to-clear change bits; no connection) and the host channels, which halt at once when disabled
 * and end any transfer with a transaction error since no device answers. The device-mode registers and
 * the FIFO windows read as zero.
 */
public final class UsbOtg extends RegisterDevice {
    public static final int GOTGCTL = 0x000, GOTGINT = 0x004, GAHBCFG = 0x008, GUSBCFG = 0x00C;
    public static final int GRSTCTL = 0x010, GINTSTS = 0x014, GINTMSK = 0x018, GRXSTSR = 0x01C, GRXSTSP = 0x020;
    public static final int GRXFSIZ = 0x024, GNPTXFSIZ = 0x028, GNPTXSTS = 0x02C, GI2CCTL = 0x030;
    public static final int GPVNDCTL = 0x034, GGPIO = 0x038, GUID = 0x03C, GSNPSID = 0x040;
    public static final int GHWCFG1 = 0x044, GHWCFG2 = 0x048, GHWCFG3 = 0x04C, GHWCFG4 = 0x050;
    public static final int HPTXFSIZ = 0x100;
    public static final int HCFG = 0x400, HFIR = 0x404, HFNUM = 0x408, HPTXSTS = 0x410, HAINT = 0x414;
    public static final int HAINTMSK = 0x418, HPRT0 = 0x440;
    public static final int HC_BASE = 0x500, HC_STRIDE = 0x20, CHANNELS = 8;
    public static final int HCCHAR = 0x0, HCSPLT = 0x4, HCINT = 0x8, HCINTMSK = 0xC, HCTSIZ = 0x10, HCDMA = 0x14;
    public static final int PCGCCTL = 0xE00;
    public static final int SIZE = 0x1_0000;

    /** Core release 2.80a, as the Pi's dwc_otg driver reports it. */
    public static final int SNPSID = 0x4F54_280A;
    /** Pi 3 hardware configuration words (Linux dwc_otg's register dump on a Pi). */
    public static final int HWCFG1 = 0, HWCFG2 = 0x228D_DD50, HWCFG3 = 0x0FF0_00E8, HWCFG4 = 0x1FF0_0020;

    public static final int GRSTCTL_CSFTRST = 1, GRSTCTL_RXFFLSH = 1 << 4, GRSTCTL_TXFFLSH = 1 << 5;
    public static final int GRSTCTL_AHBIDLE = 1 << 31;
    public static final int GINTSTS_CURMOD_HOST = 1, GINTSTS_NPTXFEMP = 1 << 5, GINTSTS_PTXFEMP = 1 << 26;
    public static final int GINTSTS_CONIDSTSCHNG = 1 << 28;
    public static final int GAHBCFG_GLBLINTRMSK = 1;
    public static final int HPRT0_CONNDET = 1 << 1, HPRT0_ENA = 1 << 2, HPRT0_ENCHNG = 1 << 3;
    public static final int HPRT0_OVRCURRCHNG = 1 << 5, HPRT0_RES = 1 << 6, HPRT0_SUSP = 1 << 7;
    public static final int HPRT0_RST = 1 << 8, HPRT0_PWR = 1 << 12, HPRT0_TSTCTL = 0xF << 13;
    public static final int HCCHAR_CHDIS = 1 << 30, HCCHAR_CHEN = 1 << 31;
    public static final int HCINT_CHHLTD = 1 << 1, HCINT_XACTERR = 1 << 7;

    private final IrqLine irq;
    private int gotgctl, gotgint, gahbcfg, gusbcfg, grstctlFifo, gintsts, gintmsk, grxfsiz, gnptxfsiz;
    private int gi2cctl, gpvndctl, ggpio, guid, hptxfsiz, hcfg, hfir, haintmsk, hprt0, pcgcctl;
    private final int[][] channel = new int[CHANNELS][6];
    private boolean irqOut;

    public UsbOtg(IrqLine irq) {
        this.irq = irq;
        reset();
    }

    public void reset() {
        gusbcfg = 5 << 10; // USB turnaround time 5 (the core's reset value)
        hprt0 = 0;
        pcgcctl = 0;
        softReset();
    }

    /** GRSTCTL.CSftRst: the core's state machines and most registers restart; PHY settings survive. */
    private void softReset() {
        gotgctl = (1 << 19) | (1 << 18) | (1 << 16); // B/A session valid, connector ID B
        gotgint = gahbcfg = grstctlFifo = gintmsk = 0;
        gintsts = GINTSTS_CURMOD_HOST | GINTSTS_NPTXFEMP | GINTSTS_PTXFEMP | GINTSTS_CONIDSTSCHNG;
        grxfsiz = 4096;
        gnptxfsiz = (4096 << 16) | 4096;
        gi2cctl = gpvndctl = ggpio = guid = 0;
        hptxfsiz = (4096 << 16) | 8192;
        hcfg = hfir = haintmsk = 0;
        for (int[] c : channel) {
            java.util.Arrays.fill(c, 0);
        }
        update();
    }

    private int haint() {
        int v = 0;
        for (int i = 0; i < CHANNELS; i++) {
            if ((channel[i][HCINT / 4] & channel[i][HCINTMSK / 4]) != 0) {
                v |= 1 << i;
            }
        }
        return v;
    }

    private int gintstsValue() {
        // Bit 25 (HChInt) summarises HAINT; bit 24 (PrtInt) the port's change bits, none of which set.
        return gintsts | ((haint() & haintmsk) != 0 ? 1 << 25 : 0);
    }

    private void update() {
        boolean level = (gahbcfg & GAHBCFG_GLBLINTRMSK) != 0 && (gintstsValue() & gintmsk) != 0;
        if (level != irqOut) {
            irqOut = level;
            irq.set(level);
        }
    }

    @Override
    protected int readRegister(int offset) {
        if (offset >= HC_BASE && offset < HC_BASE + CHANNELS * HC_STRIDE) {
            int reg = (offset - HC_BASE) % HC_STRIDE;
            return reg <= HCDMA ? channel[(offset - HC_BASE) / HC_STRIDE][reg / 4] : unimplementedRead(offset);
        }
        return switch (offset) {
            case GOTGCTL -> gotgctl;
            case GOTGINT -> gotgint;
            case GAHBCFG -> gahbcfg;
            case GUSBCFG -> gusbcfg;
            case GRSTCTL -> GRSTCTL_AHBIDLE | grstctlFifo; // resets and flushes are over at once
            case GINTSTS -> gintstsValue();
            case GINTMSK -> gintmsk;
            case GRXSTSR, GRXSTSP -> 0;
            case GRXFSIZ -> grxfsiz;
            case GNPTXFSIZ -> gnptxfsiz;
            case GNPTXSTS -> (8 << 16) | 4096; // request queue and FIFO empty
            case GI2CCTL -> gi2cctl;
            case GPVNDCTL -> gpvndctl;
            case GGPIO -> ggpio;
            case GUID -> guid;
            case GSNPSID -> SNPSID;
            case GHWCFG1 -> HWCFG1;
            case GHWCFG2 -> HWCFG2;
            case GHWCFG3 -> HWCFG3;
            case GHWCFG4 -> HWCFG4;
            case HPTXFSIZ -> hptxfsiz;
            case HCFG -> hcfg;
            case HFIR -> hfir;
            case HFNUM -> 0;
            case HPTXSTS -> (8 << 16) | 4096;
            case HAINT -> haint();
            case HAINTMSK -> haintmsk;
            case HPRT0 -> hprt0;
            case PCGCCTL -> pcgcctl;
            default -> unimplementedRead(offset);
        };
    }

    @Override
    protected void writeRegister(int offset, int value) {
        if (offset >= HC_BASE && offset < HC_BASE + CHANNELS * HC_STRIDE) {
            int reg = (offset - HC_BASE) % HC_STRIDE;
            if (reg <= HCDMA) {
                writeChannel((offset - HC_BASE) / HC_STRIDE, reg, value);
            } else {
                unimplementedWrite(offset, value);
            }
            update();
            return;
        }
        switch (offset) {
            case GOTGCTL -> gotgctl = (gotgctl & ~0xF0F) | (value & 0xF0F);
            case GOTGINT -> gotgint &= ~value;
            case GAHBCFG -> gahbcfg = value;
            case GUSBCFG -> gusbcfg = value;
            case GRSTCTL -> {
                if ((value & GRSTCTL_CSFTRST) != 0) {
                    softReset();
                }
                grstctlFifo = value & (0x1F << 6); // TxFNum is kept; the flush bits clear at once
            }
            case GINTSTS -> gintsts &= ~(value & ~(GINTSTS_CURMOD_HOST | GINTSTS_NPTXFEMP | GINTSTS_PTXFEMP));
            case GINTMSK -> gintmsk = value;
            case GRXFSIZ -> grxfsiz = value & 0xFFFF;
            case GNPTXFSIZ -> gnptxfsiz = value;
            case GI2CCTL -> gi2cctl = value;
            case GPVNDCTL -> gpvndctl = value;
            case GGPIO -> ggpio = value;
            case GUID -> guid = value;
            case HPTXFSIZ -> hptxfsiz = value;
            case HCFG -> hcfg = value;
            case HFIR -> hfir = value & 0xFFFF;
            case HAINTMSK -> haintmsk = value & 0xFF;
            case HPRT0 -> {
                // Nothing is connected: the port never enables, so PrtEna and the change bits stay clear.
                int rw = HPRT0_RES | HPRT0_SUSP | HPRT0_RST | HPRT0_PWR | HPRT0_TSTCTL;
                hprt0 = value & rw;
            }
            case PCGCCTL -> pcgcctl = value;
            case GSNPSID, GHWCFG1, GHWCFG2, GHWCFG3, GHWCFG4, GRXSTSR, GRXSTSP, GNPTXSTS, HFNUM, HPTXSTS, HAINT -> { }
            default -> unimplementedWrite(offset, value);
        }
        update();
    }

    private void writeChannel(int n, int reg, int value) {
        int[] c = channel[n];
        switch (reg) {
            case HCCHAR -> {
                c[HCCHAR / 4] = value;
                if ((value & HCCHAR_CHEN) != 0) {
                    // Disabling halts at once; a transfer finds no device to answer: transaction error.
                    c[HCCHAR / 4] &= ~(HCCHAR_CHEN | HCCHAR_CHDIS);
                    c[HCINT / 4] |= HCINT_CHHLTD | ((value & HCCHAR_CHDIS) == 0 ? HCINT_XACTERR : 0);
                }
            }
            case HCINT -> c[HCINT / 4] &= ~value;
            default -> c[reg / 4] = value;
        }
    }
}
