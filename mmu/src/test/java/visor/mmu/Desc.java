package visor.mmu;

/** Hand encodings of VMSAv8-64 descriptors and registers for tests, written from the ARM ARM field tables. */
final class Desc {
    private Desc() {
    }

    // Descriptor bits (D5.3): [1:0] 11 table/page, 01 block.
    static final long AF = 1L << 10;
    static final long AP_EL0 = 1L << 6;   // AP[1]
    static final long AP_RO = 1L << 7;    // AP[2]
    static final long SH_INNER = 3L << 8;
    static final long SH_OUTER = 2L << 8;
    static final long NG = 1L << 11;
    static final long PXN = 1L << 53;
    static final long UXN = 1L << 54;
    static final long XN = 1L << 54;
    static final long PXN_TABLE = 1L << 59;
    static final long UXN_TABLE = 1L << 60;
    static final long AP_TABLE_NO_EL0 = 1L << 61;
    static final long AP_TABLE_RO = 1L << 62;

    // Stage 2 leaf: S2AP [7:6] (bit 6 read, bit 7 write), MemAttr [5:2].
    static final long S2_R = 1L << 6;
    static final long S2_W = 1L << 7;
    static final long S2_RW = S2_R | S2_W;
    static final long S2_NORMAL_WB = 0xFL << 2;
    static final long S2_NORMAL_NC = 0x5L << 2;
    static final long S2_DEVICE_NGNRE = 0x1L << 2;

    static long attrIndx(int n) {
        return (long) n << 2;
    }

    static long table(long addr) {
        return addr | 3;
    }

    static long page(long oa, long attrs) {
        return oa | attrs | AF | 3;
    }

    static long block(long oa, long attrs) {
        return oa | attrs | AF | 1;
    }

    static long leaf(int level, long oa, long attrs) {
        return level == 3 ? page(oa, attrs) : block(oa, attrs);
    }

    // TCR_EL1 (D13.2.x): T0SZ [5:0], EPD0 [7], TG0 [15:14], T1SZ [21:16], A1 [22], EPD1 [23], TG1 [31:30],
    // IPS [34:32], AS [36], TBI0 [37], TBI1 [38].
    static final int TG0_4K = 0, TG0_64K = 1, TG0_16K = 2;
    static final int TG1_16K = 1, TG1_4K = 2, TG1_64K = 3;
    static final long EPD0 = 1L << 7;
    static final long EPD1 = 1L << 23;
    static final long A1 = 1L << 22;
    static final long AS16 = 1L << 36;
    static final long TBI0 = 1L << 37;
    static final long TBI1 = 1L << 38;
    static final int IPS_32 = 0, IPS_36 = 1, IPS_40 = 2, IPS_48 = 5;

    static long tcrEl1(int t0sz, int tg0, int t1sz, int tg1, int ips) {
        return t0sz | (long) tg0 << 14 | (long) t1sz << 16 | (long) tg1 << 30 | (long) ips << 32;
    }

    /** TCR_EL2 (E2H=0): T0SZ [5:0], TG0 [15:14], PS [18:16], TBI [20]. */
    static long tcrEl2(int t0sz, int tg0, int ps) {
        return t0sz | (long) tg0 << 14 | (long) ps << 16;
    }

    /** VTCR_EL2: T0SZ [5:0], SL0 [7:6], TG0 [15:14], PS [18:16]. */
    static long vtcr(int t0sz, int sl0, int tg0, int ps) {
        return t0sz | (long) sl0 << 6 | (long) tg0 << 14 | (long) ps << 16;
    }

    static long ttbr(long base, int asid) {
        return base | (long) asid << 48;
    }

    /** MAIR with Attr0 Normal WB, Attr1 Device-nGnRnE, Attr2 Normal NC, Attr3 Device-nGnRE, Attr4 WT. */
    static final long MAIR = 0xFFL | 0x00L << 8 | 0x44L << 16 | 0x04L << 24 | 0xAAL << 32;
    static final int NORMAL = 0, DEVICE = 1, NC = 2, DEVICE_NGNRE = 3, WT = 4;

    static final long SCTLR_M = 1;
    static final long SCTLR_I = 1L << 12;
    static final long SCTLR_WXN = 1L << 19;
}
