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
    static final long CTX_VALID = 1;
    static final long CTX_EL2 = 2;
    static final long CTX_S1 = 4;
    static final long CTX_S2 = 8;
    static final long CTX_EL3 = 16;
    /** Secure EL1&amp;0 (SCR_EL3.NS = 0): its entries never hit for Non-secure EL1&amp;0, nor the reverse. */
    static final long CTX_SECURE = 32;
    private static final int CTX_VMID_SHIFT = 16;

    /**
     * Entry i occupies e[4i .. 4i+3], so a hit touches one cache line: VA[55:12] key, context tag
     * (0 = invalid), PA of the 4 KiB fragment, and meta: {@link AccessPermissions} bits with the
     * stage 1 and stage 2 leaf levels in [12:0], attrData [23:16], attrFetch [31:24], ASID [47:32],
     * global [48], log2 of the stage 1 leaf size [61:56].
     */
    private final long[] e = new long[SIZE * 4];
    /** IPA of each entry's fragment, only needed to report a stage 2 Permission fault. */
    private final long[] ipa = new long[SIZE];
    private final byte[] victim = new byte[SETS];
    /** Entries whose stage 1 leaf is larger than 4 KiB: TLBI by VA must then search every set. */
    private int largeEntries;
    private int validEntries;

    private static final long META_GLOBAL = 1L << 48;

    /** The lookup key of a VA: bits [55:12]; the caller has already checked bits [63:56] (TBI). */
    static long vpnOf(long va) {
        return (va << 8) >>> 20;
    }

    static long context(TranslationRegime regime, boolean s1, boolean s2, int vmid) {
        if (regime == TranslationRegime.EL2) {
            return CTX_VALID | CTX_EL2 | CTX_S1;
        }
        if (regime == TranslationRegime.EL3) {
            return CTX_VALID | CTX_EL3 | CTX_S1;
        }
        return CTX_VALID | (s1 ? CTX_S1 : 0) | (s2 ? CTX_S2 : 0) | (long) vmid << CTX_VMID_SHIFT;
    }

    private static int setOf(long vpn) {
        return (int) (vpn ^ (vpn >>> 10) ^ (vpn >>> 20) ^ (vpn >>> 30)) & (SETS - 1);
    }

    /** Index of the entry translating {@code vpn} in {@code context} for {@code asid}, or -1. */
    int lookup(long vpn, long context, int asid) {
        int first = setOf(vpn) * WAYS;
        for (int i = first; i < first + WAYS; i++) {
            int b = i << 2;
            if (e[b] == vpn && e[b + 1] == context) {
                long meta = e[b + 3];
                if ((meta & META_GLOBAL) != 0 || (int) (meta >>> 32 & 0xFFFF) == asid) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** {@link AccessPermissions} bits | s1Level &lt;&lt; 9 | s2Level &lt;&lt; 11 of entry {@code i}. */
    int perms(int i) {
        return (int) e[(i << 2) + 3] & 0x1FFF;
    }

    /** attrData | attrFetch &lt;&lt; 8 of entry {@code i}. */
    int attrs(int i) {
        return (int) (e[(i << 2) + 3] >>> 16) & 0xFFFF;
    }

    long pa(int i) {
        return e[(i << 2) + 2];
    }

    long ipa(int i) {
        return ipa[i];
    }

    private int shift(int i) {
        return (int) (e[(i << 2) + 3] >>> 56) & 0x3F;
    }

    private boolean global(int i) {
        return (e[(i << 2) + 3] & META_GLOBAL) != 0;
    }

    private int asid(int i) {
        return (int) (e[(i << 2) + 3] >>> 32) & 0xFFFF;
    }

    /** Caches the 4 KiB fragment of {@code r} containing {@code va}; returns its index. */
    int insert(long va, long context, int asid, TlbRecord r) {
        long key = vpnOf(va);
        int set = setOf(key);
        int first = set * WAYS;
        int slot = -1;
        for (int i = first; i < first + WAYS; i++) {
            if (e[(i << 2) + 1] == 0) {
                slot = i;
                break;
            }
        }
        if (slot < 0) {
            int way = victim[set];
            victim[set] = (byte) ((way + 1) & (WAYS - 1));
            slot = first + way;
            drop(slot);
        }
        int b = slot << 2;
        e[b] = key;
        e[b + 1] = context;
        e[b + 2] = r.pa & ~0xFFFL;
        e[b + 3] = (r.perms | r.s1Level << 9 | r.s2Level << 11) | (long) (r.attrData | r.attrFetch << 8) << 16
                | (long) (asid & 0xFFFF) << 32 | (r.global ? META_GLOBAL : 0) | (long) r.blockShift << 56;
        ipa[slot] = r.ipa & ~0xFFFL;
        validEntries++;
        if (r.blockShift > 12) {
            largeEntries++;
        }
        return slot;
    }

    private void drop(int i) {
        int b = i << 2;
        if (e[b + 1] != 0) {
            e[b + 1] = 0;
            validEntries--;
            if (shift(i) > 12) {
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
    private static final int EL3_ALL = 9;
    private static final int EL3_VA = 10;

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

    void invalidateEl3() {
        invalidate(EL3_ALL, 0, 0, 0);
    }

    void invalidateEl3Va(long va) {
        invalidate(EL3_VA, vpnOf(va), 0, 0);
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
        boolean byVa = mode == EL2_VA || mode == EL3_VA || mode == VA_ASID || mode == VA_ANY_ASID;
        int from = 0;
        int to = SIZE;
        if (byVa && largeEntries == 0) {
            // Only 4 KiB leaves are cached: the single set the VA hashes to holds every candidate.
            from = setOf(vpnQ) * WAYS;
            to = from + WAYS;
        }
        for (int i = from; i < to; i++) {
            long c = e[(i << 2) + 1];
            if (c != 0 && matches(mode, i, c, vpnQ, asidQ, vmidQ)) {
                drop(i);
            }
        }
    }

    private boolean matches(int mode, int i, long c, long vpnQ, int asidQ, int vmidQ) {
        boolean el2 = (c & CTX_EL2) != 0;
        boolean el3 = (c & CTX_EL3) != 0;
        boolean vmidMatch = !el2 && !el3 && (int) (c >>> CTX_VMID_SHIFT) == vmidQ;
        return switch (mode) {
            case ALL -> true;
            case EL10 -> !el2 && !el3;
            case EL2_ALL -> el2;
            case EL2_VA -> el2 && vaMatch(i, vpnQ);
            case EL3_ALL -> el3;
            case EL3_VA -> el3 && vaMatch(i, vpnQ);
            case VMID -> vmidMatch;
            case VMID_S2 -> vmidMatch && (c & CTX_S2) != 0;
            case VA_ASID -> vmidMatch && vaMatch(i, vpnQ) && (global(i) || asid(i) == asidQ);
            case VA_ANY_ASID -> vmidMatch && vaMatch(i, vpnQ);
            case ASID -> vmidMatch && !global(i) && asid(i) == asidQ;
            default -> false;
        };
    }

    /** True if the entry's stage 1 leaf (block or page) covers the VA page {@code vpnQ}. */
    private boolean vaMatch(int i, long vpnQ) {
        return ((e[i << 2] ^ vpnQ) >>> (shift(i) - 12)) == 0;
    }
}
