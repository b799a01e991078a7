package visor.mmu;

/**
 * Address translation of one core (VMSAv8-64): stage 1 of the EL1&0 and EL2 regimes, stage 2 for the
 * EL1&0 regime when HCR_EL2.VM is set, and the TLB that caches both. The owning CPU writes the
 * translation registers below and calls {@link #translate}; a failed translation returns
 * {@link #FAULT} and describes itself in {@link #fault}.
 */
public final class Mmu {
    public static final int READ = 0;
    public static final int WRITE = 1;
    public static final int FETCH = 2;
    /** Returned by {@link #translate} when {@link #fault} holds the reason. */
    public static final long FAULT = -1L;

    public static final long HCR_VM = 1L << 0;
    public static final long HCR_PTW = 1L << 2;
    public static final long HCR_DC = 1L << 12;
    public static final long HCR_TGE = 1L << 27;

    public final PhysicalMemory memory;
    public final Fault fault = new Fault();

    public long sctlrEl1, tcrEl1, ttbr0El1, ttbr1El1, mairEl1;
    public long sctlrEl2, tcrEl2, ttbr0El2, mairEl2;
    public long hcrEl2, vtcrEl2, vttbrEl2;

    /** Memory attributes of the last successful translation: true if Device memory. */
    public boolean lastDevice;
    /** MAIR attribute byte of the last successful translation (for PAR_EL1). */
    public int lastAttr;

    public Mmu(PhysicalMemory memory) {
        this.memory = memory;
    }

    /**
     * Translates {@code va} for an access of kind READ/WRITE/FETCH made at exception level {@code el}.
     * {@code unprivileged} is set for LDTR/STTR at EL1 (EL0 permissions apply).
     *
     * @return the physical address, or {@link #FAULT} with {@link #fault} filled in
     */
    public long translate(long va, int access, int el, boolean unprivileged) {
        boolean stage1On = el == 2 ? (sctlrEl2 & 1) != 0 : (sctlrEl1 & 1) != 0 && (hcrEl2 & HCR_TGE) == 0;
        boolean stage2On = el < 2 && (hcrEl2 & HCR_VM) != 0;
        if (stage1On || stage2On) {
            throw new IllegalStateException("translation table walks are not implemented yet");
        }
        lastDevice = access == FETCH ? false : (el == 2 || (hcrEl2 & HCR_DC) == 0);
        lastAttr = lastDevice ? 0x00 : 0xFF;
        if ((va >>> 48) != 0) {
            fault.set(Fault.Kind.ADDRESS_SIZE, 0, false, false, 0);
            return FAULT;
        }
        return va;
    }

    /** Invalidates every cached translation (TLBI ALLE1, ALLE2, VMALLS12E1 ...). */
    public void invalidateAll() {
    }

    // TLB maintenance by scope. Conservative placeholders (each invalidates everything) until the TLB
    // distinguishes regimes, VMIDs and ASIDs.

    /** TLBI ALLE1: every EL1&0 entry of every VMID. */
    public void invalidateEl1All() {
        invalidateAll();
    }

    /** TLBI ALLE2: every EL2 entry. */
    public void invalidateEl2All() {
        invalidateAll();
    }

    /** TLBI VAE2 / VALE2. */
    public void invalidateEl2Va(long va) {
        invalidateAll();
    }

    /** TLBI VMALLE1: stage 1 EL1&0 entries of {@code vmid}. */
    public void invalidateVmidStage1(int vmid) {
        invalidateAll();
    }

    /** TLBI VMALLS12E1: stage 1 and stage 2 EL1&0 entries of {@code vmid}. */
    public void invalidateVmidStage12(int vmid) {
        invalidateAll();
    }

    /** TLBI VAE1 / VALE1: entries for {@code va} with {@code asid} (or global) in {@code vmid}. */
    public void invalidateVa(long va, int asid, int vmid, boolean lastLevelOnly) {
        invalidateAll();
    }

    /** TLBI VAAE1 / VAALE1: entries for {@code va} with any ASID in {@code vmid}. */
    public void invalidateVaAllAsid(long va, int vmid) {
        invalidateAll();
    }

    /** TLBI ASIDE1: non-global entries of {@code asid} in {@code vmid}. */
    public void invalidateAsid(int asid, int vmid) {
        invalidateAll();
    }

    /** TLBI IPAS2E1 / IPAS2LE1: stage 2 entries for {@code ipa} in {@code vmid}. */
    public void invalidateIpa(long ipa, int vmid) {
        invalidateAll();
    }

    /** VTTBR_EL2.VMID (8-bit VMIDs, ID_AA64MMFR1_EL1.VMIDBits = 0). */
    public int currentVmid() {
        return (int) (vttbrEl2 >>> 48) & 0xFF;
    }

    /** The ASID that tags EL1&0 translations of {@code va}: TTBR0/1 per TCR_EL1.A1, 8 or 16 bits per TCR_EL1.AS. */
    public int currentAsid(long va) {
        long ttbr = (tcrEl1 & (1L << 22)) != 0 ? ttbr1El1 : ttbr0El1;
        int asid = (int) (ttbr >>> 48) & 0xFFFF;
        return (tcrEl1 & (1L << 36)) != 0 ? asid : asid & 0xFF;
    }

    /**
     * Address translation instruction (AT): translates {@code va} for {@code access} (READ/WRITE) in the
     * regime of {@code el} (1 or 2), with EL0 permissions if {@code unprivileged}, stage 1 only if
     * {@code stage1Only}; returns the PAR_EL1 value. Placeholder: MMU-off identity map.
     */
    public long at(long va, int access, int el, boolean unprivileged, boolean stage1Only) {
        long pa = translate(va, access, unprivileged ? 0 : el, false);
        if (pa == FAULT) {
            // PAR_EL1 fault format: F=1, FST, S (stage 2), PTW; bit 11 RES1.
            return 1L | ((long) fault.statusCode() << 1) | (fault.s1ptw ? 1L << 8 : 0)
                    | (fault.stage2 ? 1L << 9 : 0) | (1L << 11);
        }
        // Success: PA[47:12], SH = Outer Shareable for Device or non-cacheable, ATTR from MAIR encoding.
        return (pa & 0xFFFF_FFFF_F000L) | ((long) lastAttr << 56) | (0b10L << 7);
    }
}
