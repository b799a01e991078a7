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
}
