package visor.cpu.sysreg;

/**
 * Per-core storage of the System registers that have no other home (the translation registers live in
 * {@link visor.mmu.Mmu}, the exception registers, CPACR/CPTR and PSTATE in {@link visor.cpu.Cpu}, the
 * timer in {@link visor.cpu.GenericTimer}).
 */
public final class SysRegState {
    /** Cortex-A53 r0p4 (the BCM2837's core). */
    public static final long MIDR = 0x410F_D034L;
    public static final int BREAKPOINTS = 6;
    public static final int WATCHPOINTS = 4;
    public static final int PMU_COUNTERS = 6;

    public long midr, mpidr, revidr;
    public long vpidrEl2, vmpidrEl2;
    /** The reset vector, set by the machine (RO to software): RVBAR_EL2, or RVBAR_EL3 with EL3. */
    public long rvbar;
    public long csselrEl1;
    public long actlrEl1, actlrEl2, actlrEl3;
    public long amairEl1, amairEl2, amairEl3;
    public long parEl1;
    public long contextidrEl1;
    public long tpidrEl0, tpidrroEl0, tpidrEl1, tpidrEl2, tpidrEl3;
    public long afsr0El1, afsr1El1, afsr0El2, afsr1El2, afsr0El3, afsr1El3;
    public long hstrEl2, hacrEl2, mdcrEl2, mdcrEl3;

    // Debug (no debug events are generated: the values are stored for software that saves/restores them).
    public long mdscrEl1, mdccintEl1, osdlrEl1, oseccrEl1, osdtrrxEl1, osdtrtxEl1, dbgprcrEl1, dbgclaim;
    public boolean osLock;
    public final long[] dbgbvr = new long[BREAKPOINTS], dbgbcr = new long[BREAKPOINTS];
    public final long[] dbgwvr = new long[WATCHPOINTS], dbgwcr = new long[WATCHPOINTS];

    // Performance Monitors: PMCCNTR counts retired instructions, event counters count events 0x08/0x11.
    public long pmcr, pmcnten, pmovs, pminten, pmselr, pmuserenr, pmccfiltr, pmccntr;
    public final long[] pmevcntr = new long[PMU_COUNTERS], pmevtyper = new long[PMU_COUNTERS];
    public long pmuLastInstret;

    // Cortex-A53 IMPLEMENTATION DEFINED registers (TRM 4.3).
    public long cpuactlrEl1, cpuectlrEl1, cpumerrsrEl1, l2ctlrEl1, l2ectlrEl1, l2actlrEl1, l2merrsrEl1;

    public void reset(int coreId) {
        midr = MIDR;
        mpidr = 0x8000_0000L | coreId;
        revidr = 0;
        vpidrEl2 = midr;
        vmpidrEl2 = mpidr;
        csselrEl1 = 0;
        actlrEl1 = actlrEl2 = actlrEl3 = 0;
        amairEl1 = amairEl2 = amairEl3 = 0;
        parEl1 = 0;
        contextidrEl1 = 0;
        tpidrEl0 = tpidrroEl0 = tpidrEl1 = tpidrEl2 = tpidrEl3 = 0;
        afsr0El1 = afsr1El1 = afsr0El2 = afsr1El2 = afsr0El3 = afsr1El3 = 0;
        hstrEl2 = hacrEl2 = 0;
        mdcrEl3 = 0;
        mdcrEl2 = PMU_COUNTERS;
        mdscrEl1 = mdccintEl1 = osdlrEl1 = oseccrEl1 = osdtrrxEl1 = osdtrtxEl1 = dbgprcrEl1 = dbgclaim = 0;
        // The OS Lock is set by a cold reset (ARM ARM H9.2 OSLSR_EL1.OSLK).
        osLock = true;
        java.util.Arrays.fill(dbgbvr, 0);
        java.util.Arrays.fill(dbgbcr, 0);
        java.util.Arrays.fill(dbgwvr, 0);
        java.util.Arrays.fill(dbgwcr, 0);
        pmcr = pmcnten = pmovs = pminten = pmselr = pmuserenr = pmccfiltr = pmccntr = 0;
        java.util.Arrays.fill(pmevcntr, 0);
        java.util.Arrays.fill(pmevtyper, 0);
        pmuLastInstret = 0;
        cpuactlrEl1 = 0x0000_0000_090C_A000L;
        cpuectlrEl1 = 0;
        cpumerrsrEl1 = l2merrsrEl1 = 0;
        l2ctlrEl1 = 0;
        l2ectlrEl1 = 0;
        l2actlrEl1 = 0;
    }
}
