package visor.cpu.sysreg;

import static visor.cpu.sysreg.SystemRegisters.HCR_FB;
import static visor.cpu.sysreg.SystemRegisters.HCR_TDZ;
import static visor.cpu.sysreg.SystemRegisters.HCR_TPC;
import static visor.cpu.sysreg.SystemRegisters.HCR_TPU;
import static visor.cpu.sysreg.SystemRegisters.HCR_TSW;
import static visor.cpu.sysreg.SystemRegisters.HCR_TTLB;
import static visor.cpu.sysreg.SystemRegisters.SCTLR_DZE;
import static visor.cpu.sysreg.SystemRegisters.SCTLR_UCI;
import static visor.cpu.sysreg.SystemRegisters.def;

import visor.cpu.Cpu;
import visor.cpu.ExceptionClass;
import visor.mmu.Fault;
import visor.mmu.Mmu;
import visor.mmu.PhysicalMemory;

/**
 * The ARMv8.0 System instructions (SYS, op0 = 1; ARM ARM C5.3): data and instruction cache maintenance,
 * address translation (AT) and TLB maintenance (TLBI). Each is a write-only entry whose value is Xt.
 * Caches are not modelled: maintenance by VA only checks the translation; IC invalidation drops decoded
 * blocks. TLB maintenance calls the {@link Mmu} of every core in scope and flushes their micro-TLBs.
 */
final class SystemOperations {
    private SystemOperations() {
    }

    // TLBI scopes (see tlbi).
    private static final int VMALLE1 = 0, VAE1 = 1, ASIDE1 = 2, VAAE1 = 3, VALE1 = 4, VAALE1 = 5;
    private static final int ALLE2 = 6, VAE2 = 7, VALE2 = 8, ALLE1 = 9, VMALLS12E1 = 10, IPAS2E1 = 11,
            IPAS2LE1 = 12, ALLE3 = 13, VAE3 = 14, VALE3 = 15;

    static void define() {
        dataCache();
        instructionCache();
        addressTranslation();
        tlbMaintenance();
    }

    private static void dataCache() {
        def("DC IVAC", 1, 0, 7, 6, 1, 1).hcr(0, HCR_TPC)
                .wo((cpu, va) -> translateForMaintenance(cpu, va, Mmu.WRITE));
        def("DC ISW", 1, 0, 7, 6, 2, 1).hcr(0, HCR_TSW).wo((cpu, v) -> { });
        def("DC CSW", 1, 0, 7, 10, 2, 1).hcr(0, HCR_TSW).wo((cpu, v) -> { });
        def("DC CISW", 1, 0, 7, 14, 2, 1).hcr(0, HCR_TSW).wo((cpu, v) -> { });
        def("DC ZVA", 1, 3, 7, 4, 1, 0).el0((cpu, r) -> (cpu.mmu.sctlrEl1 & SCTLR_DZE) != 0).hcr(0, HCR_TDZ)
                .wo(SystemOperations::dcZva);
        def("DC CVAC", 1, 3, 7, 10, 1, 0).el0(SystemOperations::uci).hcr(0, HCR_TPC)
                .wo((cpu, va) -> translateForMaintenance(cpu, va, Mmu.READ));
        def("DC CVAU", 1, 3, 7, 11, 1, 0).el0(SystemOperations::uci).hcr(0, HCR_TPU)
                .wo((cpu, va) -> translateForMaintenance(cpu, va, Mmu.READ));
        def("DC CIVAC", 1, 3, 7, 14, 1, 0).el0(SystemOperations::uci).hcr(0, HCR_TPC)
                .wo((cpu, va) -> translateForMaintenance(cpu, va, Mmu.READ));
    }

    private static void instructionCache() {
        def("IC IALLUIS", 1, 0, 7, 1, 0, 1).hcr(0, HCR_TPU).wo((cpu, v) -> cpu.codeCache.invalidateAll());
        def("IC IALLU", 1, 0, 7, 5, 0, 1).hcr(0, HCR_TPU).wo((cpu, v) -> cpu.codeCache.invalidateAll());
        def("IC IVAU", 1, 3, 7, 5, 1, 0).el0(SystemOperations::uci).hcr(0, HCR_TPU).wo((cpu, va) -> {
            long pa = translateForMaintenance(cpu, va, Mmu.READ);
            if (cpu.memory.isRam(pa)) {
                cpu.codeCache.invalidatePage((int) (pa >>> PhysicalMemory.PAGE_SHIFT));
            }
        });
    }

    private static boolean uci(Cpu cpu, boolean read) {
        return (cpu.mmu.sctlrEl1 & SCTLR_UCI) != 0;
    }

    /** AT: the result goes to PAR_EL1 (ARM ARM C5.5). */
    private static void addressTranslation() {
        at("AT S1E1R", 0, 0, Mmu.READ, 1, false, true);
        at("AT S1E1W", 0, 1, Mmu.WRITE, 1, false, true);
        at("AT S1E0R", 0, 2, Mmu.READ, 1, true, true);
        at("AT S1E0W", 0, 3, Mmu.WRITE, 1, true, true);
        at("AT S1E2R", 4, 0, Mmu.READ, 2, false, true);
        at("AT S1E2W", 4, 1, Mmu.WRITE, 2, false, true);
        at("AT S12E1R", 4, 4, Mmu.READ, 1, false, false);
        at("AT S12E1W", 4, 5, Mmu.WRITE, 1, false, false);
        at("AT S12E0R", 4, 6, Mmu.READ, 1, true, false);
        at("AT S12E0W", 4, 7, Mmu.WRITE, 1, true, false);
        at("AT S1E3R", 6, 0, Mmu.READ, 3, false, true);
        at("AT S1E3W", 6, 1, Mmu.WRITE, 3, false, true);
    }

    private static void at(String name, int op1, int op2, int access, int regimeEl, boolean unprivileged,
            boolean stage1Only) {
        def(name, 1, op1, 7, 8, op2, op1 == 6 ? 3 : op1 == 4 ? 2 : 1).wo((cpu, va) -> {
            long par = cpu.mmu.at(va, access, regimeEl, unprivileged, stage1Only);
            if ((par & 1) != 0 && cpu.el < 2 && cpu.mmu.fault.stage2 && cpu.mmu.fault.s1ptw) {
                // A stage 2 fault on the stage 1 walk of an AT executed at EL1 is taken as a Data Abort
                // to EL2 rather than reported in PAR_EL1 (ARM ARM D5.2.11).
                maintenanceAbort(cpu, va, cpu.mmu.fault);
            }
            cpu.sys.parEl1 = par;
        });
    }

    private static void tlbMaintenance() {
        tlbiEl1("TLBI VMALLE1IS", 3, 0, VMALLE1, true);
        tlbiEl1("TLBI VAE1IS", 3, 1, VAE1, true);
        tlbiEl1("TLBI ASIDE1IS", 3, 2, ASIDE1, true);
        tlbiEl1("TLBI VAAE1IS", 3, 3, VAAE1, true);
        tlbiEl1("TLBI VALE1IS", 3, 5, VALE1, true);
        tlbiEl1("TLBI VAALE1IS", 3, 7, VAALE1, true);
        tlbiEl1("TLBI VMALLE1", 7, 0, VMALLE1, false);
        tlbiEl1("TLBI VAE1", 7, 1, VAE1, false);
        tlbiEl1("TLBI ASIDE1", 7, 2, ASIDE1, false);
        tlbiEl1("TLBI VAAE1", 7, 3, VAAE1, false);
        tlbiEl1("TLBI VALE1", 7, 5, VALE1, false);
        tlbiEl1("TLBI VAALE1", 7, 7, VAALE1, false);
        tlbiEl2("TLBI IPAS2E1IS", 0, 1, IPAS2E1, true);
        tlbiEl2("TLBI IPAS2LE1IS", 0, 5, IPAS2LE1, true);
        tlbiEl2("TLBI ALLE2IS", 3, 0, ALLE2, true);
        tlbiEl2("TLBI VAE2IS", 3, 1, VAE2, true);
        tlbiEl2("TLBI ALLE1IS", 3, 4, ALLE1, true);
        tlbiEl2("TLBI VALE2IS", 3, 5, VALE2, true);
        tlbiEl2("TLBI VMALLS12E1IS", 3, 6, VMALLS12E1, true);
        tlbiEl2("TLBI IPAS2E1", 4, 1, IPAS2E1, false);
        tlbiEl2("TLBI IPAS2LE1", 4, 5, IPAS2LE1, false);
        tlbiEl2("TLBI ALLE2", 7, 0, ALLE2, false);
        tlbiEl2("TLBI VAE2", 7, 1, VAE2, false);
        tlbiEl2("TLBI ALLE1", 7, 4, ALLE1, false);
        tlbiEl2("TLBI VALE2", 7, 5, VALE2, false);
        tlbiEl2("TLBI VMALLS12E1", 7, 6, VMALLS12E1, false);
        tlbiEl3("TLBI ALLE3IS", 3, 0, ALLE3, true);
        tlbiEl3("TLBI VAE3IS", 3, 1, VAE3, true);
        tlbiEl3("TLBI VALE3IS", 3, 5, VALE3, true);
        tlbiEl3("TLBI ALLE3", 7, 0, ALLE3, false);
        tlbiEl3("TLBI VAE3", 7, 1, VAE3, false);
        tlbiEl3("TLBI VALE3", 7, 5, VALE3, false);
    }

    private static void tlbiEl3(String name, int crm, int op2, int scope, boolean broadcast) {
        def(name, 1, 6, 8, crm, op2, 3).wo((cpu, xt) -> tlbi(cpu, scope, xt, broadcast));
    }

    private static void tlbiEl1(String name, int crm, int op2, int scope, boolean broadcast) {
        // HCR_EL2.FB upgrades EL1 TLB maintenance to Inner Shareable (ARM ARM D13.2.46).
        def(name, 1, 0, 8, crm, op2, 1).hcr(0, HCR_TTLB).wo((cpu, xt) ->
                tlbi(cpu, scope, xt, broadcast || (cpu.el == 1 && (cpu.mmu.hcrEl2 & HCR_FB) != 0)));
    }

    private static void tlbiEl2(String name, int crm, int op2, int scope, boolean broadcast) {
        def(name, 1, 4, 8, crm, op2, 2).wo((cpu, xt) -> tlbi(cpu, scope, xt, broadcast));
    }

    /**
     * TLB maintenance with operand Xt: VA[55:12] in Xt[43:0] and ASID in Xt[63:48] (by-VA forms), or
     * IPA[47:12] in Xt[35:0] (IPAS2 forms). The VMID is the issuing core's VTTBR_EL2.VMID.
     */
    static void tlbi(Cpu cpu, int scope, long xt, boolean broadcast) {
        long va = (xt << 20) >> 8;
        int asid = (int) (xt >>> 48);
        long ipa = (xt & 0xF_FFFF_FFFFL) << 12;
        int vmid = cpu.mmu.currentVmid();
        if (!broadcast) {
            invalidate(cpu, scope, va, asid, ipa, vmid);
            return;
        }
        for (Cpu c : cpu.shareability) {
            invalidate(c, scope, va, asid, ipa, vmid);
        }
    }

    private static void invalidate(Cpu cpu, int scope, long va, int asid, long ipa, int vmid) {
        Mmu mmu = cpu.mmu;
        switch (scope) {
            case VMALLE1 -> mmu.invalidateVmidStage1(vmid);
            case VAE1 -> mmu.invalidateVa(va, asid, vmid, false);
            case VALE1 -> mmu.invalidateVa(va, asid, vmid, true);
            case ASIDE1 -> mmu.invalidateAsid(asid, vmid);
            case VAAE1, VAALE1 -> mmu.invalidateVaAllAsid(va, vmid);
            case ALLE2 -> mmu.invalidateEl2All();
            case VAE2, VALE2 -> mmu.invalidateEl2Va(va);
            case ALLE3 -> mmu.invalidateEl3All();
            case VAE3, VALE3 -> mmu.invalidateEl3Va(va);
            case ALLE1 -> mmu.invalidateEl1All();
            case VMALLS12E1 -> mmu.invalidateVmidStage12(vmid);
            case IPAS2E1, IPAS2LE1 -> mmu.invalidateIpa(ipa, vmid);
            default -> throw new IllegalArgumentException("TLBI scope " + scope);
        }
        cpu.flushMicroTlb();
    }

    /**
     * DC ZVA (ARM ARM C5.3, DC ZVA): zeroes the DCZID_EL0.BS-sized block containing Xt as a store would;
     * Device memory gives an Alignment fault.
     */
    static void dcZva(Cpu cpu, long xt) {
        long block = xt & -(4L << IdRegisters.DCZID_BS);
        cpu.translateData(xt, 1, true, false);
        if (cpu.mmu.lastDevice) {
            cpu.dataAbort(xt, true, cpu.mmu.fault.set(Fault.Kind.ALIGNMENT, 0, false, false, 0));
        }
        for (int i = 0; i < (4 << IdRegisters.DCZID_BS); i += 8) {
            cpu.write(block + i, 8, 0);
        }
    }

    /** Cache maintenance by VA: translates, taking a Data Abort with ISS.CM = 1 and WnR = 1 on a fault. */
    static long translateForMaintenance(Cpu cpu, long va, int access) {
        long pa = cpu.mmu.translate(va, access, cpu.el, false);
        if (pa == Mmu.FAULT) {
            maintenanceAbort(cpu, va, cpu.mmu.fault);
        }
        return pa;
    }

    static void maintenanceAbort(Cpu cpu, long va, Fault f) {
        int target = f.stage2 ? 2 : cpu.syncTargetEl();
        int iss = f.statusCode() | 1 << 8 | 1 << 6 | (f.s1ptw ? 1 << 7 : 0);
        cpu.far[target] = va;
        if (target == 2 && f.stage2) {
            cpu.hpfarEl2 = (f.ipa >>> 12) << 4;
        }
        int ec = target == cpu.el ? ExceptionClass.DATA_ABORT_SAME : ExceptionClass.DATA_ABORT_LOWER;
        cpu.exception(target, ec, iss, cpu.pc);
    }
}
