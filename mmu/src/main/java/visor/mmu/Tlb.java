package visor.mmu;

/**
 * A unified TLB caching whole translations (stage 1, or stage 1 and 2 combined), 4-way set
 * associative with round-robin replacement. Entries hold one 4 KiB fragment of a leaf (a block or a
 * larger page is filled fragment by fragment as it is used) but remember the stage 1 leaf size, so a
 * TLBI by VA anywhere in a block removes every fragment of it.
 *
 * <p>Entries are tagged with the regime, whether stages 1 and 2 were enabled, the VMID (EL1&amp;0) and
 * the ASID (non-global EL1&amp;0 entries), so a different context never hits another's entry. Nothing
 * is invalidated implicitly: register writes leave stale entries in place until a TLBI, as on
 * hardware (ARM ARM D5.10, "TLB maintenance requirements"). State is in parallel primitive arrays so
 * the hit path does not allocate.
 */
final class Tlb {
    static final int WAYS = 4;
    static final int SETS = 1024;
    static final int SIZE = SETS * WAYS;
    /** ASID tag of a global entry (nG = 0). */
    static final int GLOBAL = -1;

    static final long CTX_VALID = 1;
    static final long CTX_EL2 = 2;
    static final long CTX_S1 = 4;
    static final long CTX_S2 = 8;
    private static final int CTX_VMID_SHIFT = 16;

    private final long[] vpn = new long[SIZE];
    private final long[] ctx = new long[SIZE];
    private final int[] asid = new int[SIZE];
    private final byte[] shift = new byte[SIZE];
    private final byte[] victim = new byte[SETS];
    /** Entries whose stage 1 leaf is larger than 4 KiB: TLBI by VA must then search every set. */
    private int largeEntries;
    private int validEntries;

    /** PA and IPA of the 4 KiB fragment. */
    final long[] pa = new long[SIZE];
    final long[] ipa = new long[SIZE];
    /** {@link AccessPermissions} bits | stage 1 leaf level &lt;&lt; 9 | stage 2 leaf level &lt;&lt; 11. */
    final int[] perms = new int[SIZE];
    /** attrData | attrFetch &lt;&lt; 8. */
    final int[] attrs = new int[SIZE];

    /** The lookup key of a VA: bits [55:12]; the caller has already checked bits [63:56] (TBI). */
    static long vpnOf(long va) {
        return (va << 8) >>> 20;
    }

    static long context(TranslationRegime regime, boolean s1, boolean s2, int vmid) {
        if (regime == TranslationRegime.EL2) {
            return CTX_VALID | CTX_EL2 | CTX_S1;
        }
        return CTX_VALID | (s1 ? CTX_S1 : 0) | (s2 ? CTX_S2 : 0) | (long) vmid << CTX_VMID_SHIFT;
    }

    private static int setOf(long vpn) {
        return (int) (vpn ^ (vpn >>> 10) ^ (vpn >>> 20) ^ (vpn >>> 30)) & (SETS - 1);
    }

    /** Index of the entry translating {@code vpn} in {@code context} for {@code asid}, or -1. */
    int lookup(long vpn, long context, int asid) {
        int base = setOf(vpn) * WAYS;
        for (int i = base; i < base + WAYS; i++) {
            if (this.vpn[i] == vpn && ctx[i] == context) {
                int a = this.asid[i];
                if (a == GLOBAL || a == asid) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Caches the 4 KiB fragment of {@code r} containing {@code va}; returns its index. */
    int insert(long va, long context, int asid, TlbRecord r) {
        long key = vpnOf(va);
        int set = setOf(key);
        int base = set * WAYS;
        int slot = -1;
        for (int i = base; i < base + WAYS; i++) {
            if (ctx[i] == 0) {
                slot = i;
                break;
            }
        }
        if (slot < 0) {
            int way = victim[set];
            victim[set] = (byte) ((way + 1) & (WAYS - 1));
            slot = base + way;
            drop(slot);
        }
        vpn[slot] = key;
        ctx[slot] = context;
        this.asid[slot] = r.global ? GLOBAL : asid;
        shift[slot] = (byte) r.blockShift;
        pa[slot] = r.pa & ~0xFFFL;
        ipa[slot] = r.ipa & ~0xFFFL;
        perms[slot] = r.perms | r.s1Level << 9 | r.s2Level << 11;
        attrs[slot] = r.attrData | r.attrFetch << 8;
        validEntries++;
        if (r.blockShift > 12) {
            largeEntries++;
        }
        return slot;
    }

    private void drop(int i) {
        if (ctx[i] != 0) {
            ctx[i] = 0;
            validEntries--;
            if (shift[i] > 12) {
                largeEntries--;
            }
        }
    }

    int size() {
        return validEntries;
    }

    private static final int ALL = 0;
    private static final int EL10 = 1;
    private static final int EL2_ALL = 2;
    private static final int EL2_VA = 3;
    private static final int VMID = 4;
    private static final int VMID_S2 = 5;
    private static final int VA_ASID = 6;
    private static final int VA_ANY_ASID = 7;
    private static final int ASID = 8;

    void invalidateAll() {
        invalidate(ALL, 0, 0, 0);
    }

    void invalidateEl10() {
        invalidate(EL10, 0, 0, 0);
    }

    void invalidateEl2() {
        invalidate(EL2_ALL, 0, 0, 0);
    }

    void invalidateEl2Va(long va) {
        invalidate(EL2_VA, vpnOf(va), 0, 0);
    }

    void invalidateVmid(int vmid) {
        invalidate(VMID, 0, 0, vmid);
    }

    void invalidateVmidStage2(int vmid) {
        invalidate(VMID_S2, 0, 0, vmid);
    }

    void invalidateVa(long va, int asid, int vmid) {
        invalidate(VA_ASID, vpnOf(va), asid, vmid);
    }

    void invalidateVaAnyAsid(long va, int vmid) {
        invalidate(VA_ANY_ASID, vpnOf(va), 0, vmid);
    }

    void invalidateAsid(int asid, int vmid) {
        invalidate(ASID, 0, asid, vmid);
    }

    private void invalidate(int mode, long vpnQ, int asidQ, int vmidQ) {
        boolean byVa = mode == EL2_VA || mode == VA_ASID || mode == VA_ANY_ASID;
        int from = 0;
        int to = SIZE;
        if (byVa && largeEntries == 0) {
            // Only 4 KiB leaves are cached: the single set the VA hashes to holds every candidate.
            from = setOf(vpnQ) * WAYS;
            to = from + WAYS;
        }
        for (int i = from; i < to; i++) {
            long c = ctx[i];
            if (c != 0 && matches(mode, i, c, vpnQ, asidQ, vmidQ)) {
                drop(i);
            }
        }
    }

    private boolean matches(int mode, int i, long c, long vpnQ, int asidQ, int vmidQ) {
        boolean el2 = (c & CTX_EL2) != 0;
        boolean vmidMatch = !el2 && (int) (c >>> CTX_VMID_SHIFT) == vmidQ;
        return switch (mode) {
            case ALL -> true;
            case EL10 -> !el2;
            case EL2_ALL -> el2;
            case EL2_VA -> el2 && vaMatch(i, vpnQ);
            case VMID -> vmidMatch;
            case VMID_S2 -> vmidMatch && (c & CTX_S2) != 0;
            case VA_ASID -> vmidMatch && vaMatch(i, vpnQ) && (asid[i] == GLOBAL || asid[i] == asidQ);
            case VA_ANY_ASID -> vmidMatch && vaMatch(i, vpnQ);
            case ASID -> vmidMatch && asid[i] == asidQ;
            default -> false;
        };
    }

    /** True if the entry's stage 1 leaf (block or page) covers the VA page {@code vpnQ}. */
    private boolean vaMatch(int i, long vpnQ) {
        return ((vpn[i] ^ vpnQ) >>> (shift[i] - 12)) == 0;
    }
}
