package visor.hv.mem;

import visor.mmu.PhysicalMemory;

/**
 * One VM's stage-2 translation tables, kept in emulated physical memory as EL2 software keeps them and
 * walked by the MMU: 4 KiB granule, 32-bit IPA space (VTCR_EL2.T0SZ = 32) starting at level 1
 * (SL0 = 1), so a 4-entry level-1 table, 2 MiB level-2 tables and 4 KiB level-3 pages.
 */
public final class Stage2Tables {
    /** VTCR_EL2: T0SZ=32, SL0=1 (level 1), IRGN0=ORGN0=WB RA WA (01), SH0=inner (11), TG0=4K, PS=32-bit. */
    public static final long VTCR = 32 | (1L << 6) | (1L << 8) | (1L << 10) | (3L << 12) | (1L << 31);

    private static final long VALID_TABLE = 0b11;
    private static final long ADDRESS = 0x0000_FFFF_FFFF_F000L;
    /** Page descriptor: AF, inner shareable, S2AP read/write, MemAttr Normal WB (0b1111), page. */
    private static final long NORMAL_PAGE = (1L << 10) | (3L << 8) | (3L << 6) | (0xFL << 2) | 0b11;

    /** IPA bit where each level's index starts: level 1, 2, 3. */
    private static final int[] LEVEL_SHIFT = {30, 21, 12};

    private final PhysicalMemory memory;
    private final PagePool pool;
    private final long root;
    private final int vmid;

    public Stage2Tables(PhysicalMemory memory, PagePool pool, int vmid) {
        this.memory = memory;
        this.pool = pool;
        this.vmid = vmid;
        this.root = pool.allocate();
        if (root < 0) {
            throw new IllegalStateException("no host memory left for a stage-2 table");
        }
    }

    /** VTTBR_EL2 for this VM: table base and VMID in bits [55:48]. */
    public long vttbr() {
        return root | ((long) vmid << 48);
    }

    public int vmid() {
        return vmid;
    }

    /** Maps the 4 KiB IPA page {@code ipa} to host page {@code pa} as Normal read/write memory. */
    public boolean map(long ipa, long pa) {
        long l2 = nextTable(root, (int) (ipa >>> 30) & 3);
        if (l2 < 0) {
            return false;
        }
        long l3 = nextTable(l2, (int) (ipa >>> 21) & 511);
        if (l3 < 0) {
            return false;
        }
        memory.write(l3 + 8L * ((ipa >>> 12) & 511), 8, (pa & ADDRESS) | NORMAL_PAGE);
        return true;
    }

    /** The host page mapped at {@code ipa}, or -1. */
    public long lookup(long ipa) {
        long table = root;
        for (int level = 0; level < 3; level++) {
            int bits = level == 0 ? 3 : 511;
            long desc = memory.read(table + 8L * ((ipa >>> LEVEL_SHIFT[level]) & bits), 8);
            if ((desc & 0b11) != 0b11) {
                return -1;
            }
            table = desc & ADDRESS;
        }
        return table;
    }

    /** Calls {@code visitor} with (ipa, pa) of every mapped page, and frees the tables. */
    public void destroy(java.util.function.LongBinaryOperator visitor) {
        walkAndFree(root, 0, 0, visitor);
    }

    private void walkAndFree(long table, int level, long ipaBase, java.util.function.LongBinaryOperator visitor) {
        int entries = level == 0 ? 4 : 512;
        int shift = level == 0 ? 30 : level == 1 ? 21 : 12;
        for (int i = 0; i < entries; i++) {
            long desc = memory.read(table + 8L * i, 8);
            if ((desc & 0b11) != 0b11) {
                continue;
            }
            long ipa = ipaBase | ((long) i << shift);
            if (level == 2) {
                visitor.applyAsLong(ipa, desc & ADDRESS);
            } else {
                walkAndFree(desc & ADDRESS, level + 1, ipa, visitor);
            }
        }
        pool.release(table);
    }

    private long nextTable(long table, int index) {
        long slot = table + 8L * index;
        long desc = memory.read(slot, 8);
        if ((desc & 0b11) == VALID_TABLE) {
            return desc & ADDRESS;
        }
        long page = pool.allocate();
        if (page < 0) {
            return -1;
        }
        memory.write(slot, 8, page | VALID_TABLE);
        return page;
    }
}
