package visor.mmu;

/**
 * Address translation of one core (VMSAv8-64): stage 1 of the EL1&0, EL2 and EL3 regimes, stage 2 for the
 * EL1&0 regime when HCR_EL2.VM is set, and the TLB that caches both. The owning CPU writes the
 * translation registers below and calls {@link #translate}; a failed translation returns
 * {@link #FAULT} and describes itself in {@link #fault}.
 *
 * <p>Register writes never invalidate the TLB implicitly: as on hardware, software must issue the
 * TLBI that the ARM ARM requires (the CPU calls the {@code invalidate*} methods from its TLBI
 * handlers).
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

    /** Implemented physical address size (ID_AA64MMFR0_EL1.PARange of the Cortex-A53: 40 bits). */
    public static final int PA_BITS = AddressSize.PA_MAX;

    public final PhysicalMemory memory;
    public final Fault fault = new Fault();

    public long sctlrEl1, tcrEl1, ttbr0El1, ttbr1El1, mairEl1;
    public long sctlrEl2, tcrEl2, ttbr0El2, mairEl2;
    public long sctlrEl3, tcrEl3, ttbr0El3, mairEl3;
    /**
     * EL1&0 runs in Secure state (SCR_EL3.NS = 0 on a core with EL3): its TLB entries are tagged apart.
     * There is one physical address space (the BCM2837 has no TrustZone address space controller), so
     * descriptors' NS bits are ignored.
     */
    public boolean secure;
    public long hcrEl2, vtcrEl2, vttbrEl2;

    /** Memory attributes of the last successful translation: true if Device memory. */
    public boolean lastDevice;
    /** MAIR attribute byte of the last successful translation (for PAR_EL1). */
    public int lastAttr;

    private static final long SCTLR_M = 1L;
    private static final long SCTLR_I = 1L << 12;

    private final Tlb tlb = new Tlb();
    private final Stage2Walker stage2;
    private final Stage1Walker stage1;
    private final TlbRecord record = new TlbRecord();

    public Mmu(PhysicalMemory memory) {
        this.memory = memory;
        this.stage2 = new Stage2Walker(this);
        this.stage1 = new Stage1Walker(this, stage2);
    }

    /**
     * Translates {@code va} for an access of kind READ/WRITE/FETCH made at exception level {@code el}.
     * {@code unprivileged} is set for LDTR/STTR at EL1 (EL0 permissions apply). The TLB is looked up
     * first; a miss walks the tables and caches the result, even when the access then fails its
     * permission check (only Translation, Access flag and Address size faults are never cached).
     * Alignment checks, including the one Device memory needs, are the caller's: see {@link #lastDevice}.
     *
     * @return the physical address, or {@link #FAULT} with {@link #fault} filled in
     */
    public long translate(long va, int access, int el, boolean unprivileged) {
        long context;
        int asid;
        int permBase;
        boolean tbi;
        if (el >= 2) {
            if ((sctlr(el) & SCTLR_M) == 0) {
                return untranslated(va, access, el);
            }
            context = Tlb.context(TranslationRegime.of(el), true, false, 0);
            asid = 0;
            permBase = AccessPermissions.PRIV;
            tbi = (tcr(el) & (1L << 20)) != 0;
        } else {
            long hcr = hcrEl2;
            boolean s1 = (sctlrEl1 & SCTLR_M) != 0 && (hcr & (HCR_TGE | HCR_DC)) == 0;
            boolean s2 = (hcr & (HCR_VM | HCR_DC)) != 0;
            if (!s1 && !s2) {
                return untranslated(va, access, 1);
            }
            context = Tlb.context(TranslationRegime.EL10, s1, s2, currentVmid()) | (secure ? Tlb.CTX_SECURE : 0);
            asid = s1 ? currentAsid() : 0;
            permBase = el == 0 || unprivileged ? AccessPermissions.EL0 : AccessPermissions.PRIV;
            tbi = (tcrEl1 & (1L << (37 + (int) ((va >>> 55) & 1)))) != 0;
        }
        // The TLB key is VA[55:12]; without TBI the top byte must repeat bit 55 or no entry applies
        // (the walk then reports the fault).
        long top = va >> 55;
        int i = -1;
        if (tbi || top == 0 || top == -1) {
            i = tlb.lookup(Tlb.vpnOf(va), context, asid);
        }
        if (i < 0) {
            i = fill(va, access, el, permBase, context, asid);
            if (i < 0) {
                return FAULT;
            }
        }
        int p = tlb.perms(i);
        if ((p & (1 << (permBase + access))) == 0) {
            fault.set(Fault.Kind.PERMISSION, (p >>> 9) & 3, false, false, 0);
            return FAULT;
        }
        if ((p & (1 << (AccessPermissions.S2 + access))) == 0) {
            fault.set(Fault.Kind.PERMISSION, (p >>> 11) & 3, true, false, tlb.ipa(i) | (va & 0xFFF));
            return FAULT;
        }
        int a = tlb.attrs(i);
        int attr = access == FETCH ? a >>> 8 : a & 0xFF;
        lastAttr = attr;
        lastDevice = (attr & 0xF0) == 0;
        return tlb.pa(i) | (va & 0xFFF);
    }

    /** TLB miss: walk and cache the translation. Returns the entry index, or -1 with {@link #fault} set. */
    private int fill(long va, int access, int el, int permBase, long context, int asid) {
        boolean s1 = (context & Tlb.CTX_S1) != 0;
        boolean s2 = (context & Tlb.CTX_S2) != 0;
        if (!resolve(va, access, permBase, Math.max(el, 1), s1, s2, s2)) {
            return -1;
        }
        return tlb.insert(va, context, asid, record);
    }

    /**
     * A full translation without the TLB into {@link #record} (AArch64.FullTranslate): stage 1 (walked
     * through stage 2 when {@code s2Walk}), then stage 2 of the output when {@code s2Final}. A stage 1
     * Permission fault is reported before anything stage 2 says about the output address, so it is
     * checked here; the stage 2 permission check is left to the caller. {@code regime} is 1 (EL1&0), 2 or 3.
     */
    private boolean resolve(long va, int access, int permBase, int regime, boolean s1, boolean s2Walk,
            boolean s2Final) {
        TlbRecord r = record;
        if (s1) {
            if (!stage1.walk(va, regime, s2Walk, r)) {
                return false;
            }
            if ((r.perms & (1 << (permBase + access))) == 0) {
                fault.set(Fault.Kind.PERMISSION, r.s1Level, false, false, 0);
                return false;
            }
        } else if (!stage1Off(va, regime, r)) {
            return false;
        }
        if (s2Final) {
            if (!stage2.walk(r.ipa, false)) {
                return false;
            }
            r.pa = stage2.outputAddress;
            r.s2Level = stage2.level;
            r.perms |= stage2.perms;
            r.attrData = MemoryAttributes.combine(r.attrData, stage2.attr);
            r.attrFetch = MemoryAttributes.combine(r.attrFetch, stage2.attr);
            r.sh = MemoryAttributes.combineShareability(r.sh, stage2.sh);
        } else {
            r.pa = r.ipa;
            r.s2Level = 0;
            r.perms |= AccessPermissions.STAGE2_ALL;
        }
        r.attrFetch = MemoryAttributes.forFetch(r.attrFetch);
        return true;
    }

    /**
     * Stage 1 disabled (AArch64.TranslateAddressS1Off): a flat map of VA[47:0] after checking that no
     * bit from AddrTop down to PAMax is set (else a level 0 Address size fault). Data accesses are
     * Device-nGnRnE and instruction fetches Normal (Write-Through if SCTLR.I, else Non-cacheable),
     * except that HCR_EL2.DC makes every EL1&0 access Normal Write-Back Non-shareable.
     */
    private boolean stage1Off(long va, int regime, TlbRecord r) {
        boolean el2 = regime >= 2;
        boolean tbi = el2 ? (tcr(regime) & (1L << 20)) != 0 : (tcrEl1 & (1L << (37 + (int) ((va >>> 55) & 1)))) != 0;
        long addr = tbi ? va & 0x00FF_FFFF_FFFF_FFFFL : va;
        if ((addr >>> PA_BITS) != 0) {
            fault.set(Fault.Kind.ADDRESS_SIZE, 0, false, false, 0);
            return false;
        }
        r.ipa = addr;
        r.s1Level = 0;
        r.blockShift = 12;
        r.perms = AccessPermissions.STAGE1_ALL;
        r.global = true;
        if (!el2 && (hcrEl2 & HCR_DC) != 0) {
            r.attrData = MemoryAttributes.NORMAL_WB;
            r.attrFetch = MemoryAttributes.NORMAL_WB;
            r.sh = MemoryAttributes.SH_NON;
        } else {
            long sctlr = sctlr(regime);
            r.attrData = MemoryAttributes.DEVICE_NGNRNE;
            r.attrFetch = (sctlr & SCTLR_I) != 0 ? MemoryAttributes.NORMAL_WT : MemoryAttributes.NORMAL_NC;
            r.sh = MemoryAttributes.SH_OUTER;
        }
        return true;
    }

    /** No translation stage enabled at all: the flat map is not worth caching. */
    private long untranslated(long va, int access, int regime) {
        if (!stage1Off(va, regime, record)) {
            return FAULT;
        }
        int attr = access == FETCH ? record.attrFetch : record.attrData;
        lastAttr = attr;
        lastDevice = MemoryAttributes.isDevice(attr);
        return record.ipa;
    }

    /** SCTLR_ELx of the regime owned by {@code regime} (1, 2 or 3). */
    private long sctlr(int regime) {
        return regime == 3 ? sctlrEl3 : regime == 2 ? sctlrEl2 : sctlrEl1;
    }

    /** TCR_EL2 or TCR_EL3 (the same layout: one TTBR, no ASID). */
    private long tcr(int regime) {
        return regime == 3 ? tcrEl3 : tcrEl2;
    }

    /**
     * Address translation instruction (AT, ARM ARM C5.5): returns the PAR_EL1 value. {@code el} names
     * the regime and permissions: 0 for S1E0/S12E0, 1 for S1E1/S12E1, 2 for S1E2, 3 for S1E3. {@code stage1Only}
     * selects S1E0/S1E1 (output is the IPA, attributes of stage 1 only; the stage 1 walk itself still
     * goes through stage 2). {@code access} is READ or WRITE.
     *
     * <p>AT always walks the tables: it neither looks up nor fills the TLB (both are permitted; a fresh
     * walk keeps PAR independent of TLB contents). {@link #fault} describes a failure; the CPU must
     * check it because a stage 2 fault on the stage 1 walk of an AT executed at EL1 is taken as a Data
     * Abort to EL2 rather than reported in PAR (ARM ARM D5.2.x, "Synchronous faults generated by
     * address translation instructions").
     */
    public long at(long va, int access, int el, boolean unprivileged, boolean stage1Only) {
        boolean s1;
        boolean s2;
        if (el >= 2) {
            s1 = (sctlr(el) & SCTLR_M) != 0;
            s2 = false;
        } else {
            s1 = (sctlrEl1 & SCTLR_M) != 0 && (hcrEl2 & (HCR_TGE | HCR_DC)) == 0;
            s2 = (hcrEl2 & (HCR_VM | HCR_DC)) != 0;
        }
        int permBase = el == 0 || (el == 1 && unprivileged) ? AccessPermissions.EL0 : AccessPermissions.PRIV;
        TlbRecord r = record;
        if (!resolve(va, access, permBase, Math.max(el, 1), s1, s2 && s1, s2 && !stage1Only)) {
            return parFault();
        }
        if ((r.perms & (1 << (AccessPermissions.S2 + access))) == 0) {
            fault.set(Fault.Kind.PERMISSION, r.s2Level, true, false, r.ipa);
            return parFault();
        }
        int sh = MemoryAttributes.reportedShareability(r.attrData, r.sh);
        return (long) r.attrData << 56 | (r.pa & AddressSize.mask(47, 12)) | 1L << 11 | 1L << 9 | (long) sh << 7;
    }

    /** PAR_EL1 with F = 1 (D13.2.x): FST [6:1], PTW [8], S [9], bit 11 RES1. */
    private long parFault() {
        return 1L | (long) fault.statusCode() << 1 | (fault.s1ptw ? 1L << 8 : 0) | (fault.stage2 ? 1L << 9 : 0)
                | 1L << 11;
    }

    /**
     * Translates an IPA through the current VM's stage 2 tables (VTTBR_EL2/VTCR_EL2), as EL2 software
     * walking them would: whatever HCR_EL2.VM says, without the TLB. Checks S2AP/XN for {@code access}.
     *
     * @return the PA, or {@link #FAULT} with a stage 2 {@link #fault}
     */
    public long translateStage2(long ipa, int access) {
        if (!stage2.walk(ipa, false)) {
            return FAULT;
        }
        if ((stage2.perms & (1 << (AccessPermissions.S2 + access))) == 0) {
            fault.set(Fault.Kind.PERMISSION, stage2.level, true, false, ipa);
            return FAULT;
        }
        return stage2.outputAddress;
    }

    /** VMID of the EL1&0 regime: VTTBR_EL2[55:48] (8-bit VMIDs; VTCR_EL2.VS is ARMv8.1). */
    public int currentVmid() {
        return (int) (vttbrEl2 >>> 48) & 0xFF;
    }

    /**
     * Current ASID of the EL1&0 regime: from TTBR1_EL1 if TCR_EL1.A1 else TTBR0_EL1, 16 bits if
     * TCR_EL1.AS else the low 8 (D5.9.x). It does not depend on which TTBR translates a VA.
     */
    public int currentAsid() {
        long ttbr = (tcrEl1 & (1L << 22)) != 0 ? ttbr1El1 : ttbr0El1;
        int asid = (int) (ttbr >>> 48) & 0xFFFF;
        return (tcrEl1 & (1L << 36)) != 0 ? asid : asid & 0xFF;
    }

    /** The ASID that tags translations of {@code va}; the same for both halves of the VA space (TCR_EL1.A1). */
    public int currentAsid(long va) {
        return currentAsid();
    }

    /** Number of valid TLB entries (for tests and statistics). */
    public int tlbSize() {
        return tlb.size();
    }

    /** Invalidates every cached translation of every regime. */
    public void invalidateAll() {
        tlb.invalidateAll();
    }

    /** TLBI ALLE1: every EL1&0 entry of every VMID. */
    public void invalidateEl1All() {
        tlb.invalidateEl10();
    }

    /** TLBI ALLE2: every EL2 entry. */
    public void invalidateEl2All() {
        tlb.invalidateEl2();
    }

    /** TLBI VAE2/VALE2: EL2 entries translating {@code va} (VA[55:12] significant). */
    public void invalidateEl2Va(long va) {
        tlb.invalidateEl2Va(va);
    }

    /** TLBI ALLE3: every EL3 entry. */
    public void invalidateEl3All() {
        tlb.invalidateEl3();
    }

    /** TLBI VAE3/VALE3: EL3 entries translating {@code va} (VA[55:12] significant). */
    public void invalidateEl3Va(long va) {
        tlb.invalidateEl3Va(va);
    }

    /** Every EL1&0 entry (stage 1 and combined) of {@code vmid}. */
    public void invalidateVmidAll(int vmid) {
        tlb.invalidateVmid(vmid);
    }

    /**
     * TLBI VMALLE1: stage 1 information of {@code vmid}. Every entry of the VMID carries stage 1
     * information (combined entries do too), so all of them go.
     */
    public void invalidateVmidStage1(int vmid) {
        tlb.invalidateVmid(vmid);
    }

    /** TLBI VMALLS12E1: stage 1 and stage 2 information of {@code vmid}. */
    public void invalidateVmidStage12(int vmid) {
        tlb.invalidateVmid(vmid);
    }

    /**
     * TLBI VAE1/VALE1: EL1&0 entries of {@code vmid} translating {@code va} whose ASID is {@code asid}
     * or that are global. Only leaf (whole-translation) entries are cached and no walk cache exists,
     * so the last-level-only form invalidates exactly what the full form does.
     */
    public void invalidateVa(long va, int asid, int vmid, boolean lastLevelOnly) {
        tlb.invalidateVa(va, asid, vmid);
    }

    /** TLBI VAAE1/VAALE1: EL1&0 entries of {@code vmid} translating {@code va}, any ASID. */
    public void invalidateVaAllAsid(long va, int vmid) {
        tlb.invalidateVaAnyAsid(va, vmid);
    }

    /** TLBI ASIDE1: non-global EL1&0 entries of {@code vmid} tagged {@code asid}; global entries stay. */
    public void invalidateAsid(int asid, int vmid) {
        tlb.invalidateAsid(asid, vmid);
    }

    /**
     * TLBI IPAS2E1/IPAS2LE1: stage 2 information for {@code ipa}. Entries cache combined stage 1+2
     * translations, and a TLBI by IPA is only required to remove stage 2 information, so it is
     * architecturally allowed and simplest to drop every combined entry of the VMID (software follows
     * it with VMALLE1 anyway, D5.10.x).
     */
    public void invalidateIpa(long ipa, int vmid) {
        tlb.invalidateVmidStage2(vmid);
    }
}
