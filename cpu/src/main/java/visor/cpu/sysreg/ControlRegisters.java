package visor.cpu.sysreg;

import static visor.cpu.sysreg.SystemRegisters.HCR_RW;
import static visor.cpu.sysreg.SystemRegisters.HCR_TACR;
import static visor.cpu.sysreg.SystemRegisters.HCR_TRVM;
import static visor.cpu.sysreg.SystemRegisters.HCR_TVM;
import static visor.cpu.sysreg.SystemRegisters.HCR_WRITABLE;
import static visor.cpu.sysreg.SystemRegisters.SCTLR_UMA;
import static visor.cpu.sysreg.SystemRegisters.def;

import visor.cpu.Cpu;

/**
 * Special-purpose registers (PSTATE fields, SP_ELx, ELR/SPSR, FPCR/FPSR) and the EL1/EL2/EL3 control,
 * translation, fault and thread-ID registers (ARM ARM C5.2, D13.2). The EL3 registers need EL3 (minimum
 * EL 3), so a core without EL3 finds them UNDEFINED at every EL.
 */
final class ControlRegisters {
    private ControlRegisters() {
    }

    /** SCTLR_EL1 bits that are RES1 in ARMv8.0. */
    static final long SCTLR_EL1_RES1 = 0x30D0_0800L;
    /** Writable SCTLR_EL1 fields: M A C SA SA0 CP15BEN ITD SED UMA I DZE UCT nTWI nTWE WXN UCI (EE/E0E RES0: no big-endian). */
    static final long SCTLR_EL1_WRITABLE = 0x040D_D3BFL;
    static final long SCTLR_EL2_RES1 = 0x30C5_0830L;
    /** M A C SA I WXN. */
    static final long SCTLR_EL2_WRITABLE = 0x0008_100FL;
    /** TCR_EL1 bits 38:0 except RES0 bits 6 and 35. */
    static final long TCR_EL1_WRITABLE = 0x77_FFFF_FFBFL;
    static final long TCR_EL2_RES1 = 0x8080_0000L;
    static final long TCR_EL2_WRITABLE = 0x17_FF3FL;
    static final long VTCR_EL2_RES1 = 0x8000_0000L;
    static final long VTCR_EL2_WRITABLE = 0x7_FFFFL;
    /** SPSR_ELx in AArch64 format: NZCV, SS, IL, DAIF, M[4:0]. */
    static final long SPSR_WRITABLE = 0xF030_03DFL;
    /** FPCR: AHP DN FZ RMode (no trapped FP exceptions, no AArch32 Len/Stride). */
    static final int FPCR_WRITABLE = 0x07C0_0000;
    /** FPSR: QC and the cumulative exception flags (NZCV are AArch32-only). */
    static final int FPSR_WRITABLE = 0x0800_009F;
    static final long CPTR_EL2_RES1 = 0x33FFL;
    static final long CPTR_EL2_WRITABLE = (1L << 31) | (1L << 20) | (1L << 10);
    static final long CPACR_WRITABLE = (1L << 28) | (3L << 20);
    /** SCR_EL3: NS IRQ FIQ EA SMD HCE SIF RW ST TWI TWE (bits 5:4 RES1 are added by {@link Cpu#scrEl3}). */
    static final long SCR_EL3_WRITABLE = 0x3F8FL;
    /** SCTLR_EL3 has the layout of SCTLR_EL2 (ARM ARM D13.2.114). */
    static final long SCTLR_EL3_RES1 = SCTLR_EL2_RES1;
    static final long SCTLR_EL3_WRITABLE = SCTLR_EL2_WRITABLE;
    /** CPTR_EL3: TCPAC [31], TTA [20], TFP [10]; no RES1 bits. */
    static final long CPTR_EL3_WRITABLE = (1L << 31) | (1L << 20) | (1L << 10);
    /** MDCR_EL3: TPM [6], TDA [9], TDOSA [10], SDD [16], SPD32 [15:14], EPMAD [21], EDAD [20]. */
    static final long MDCR_EL3_WRITABLE = 0x31_C640L;

    static void define() {
        specialPurpose();
        el1();
        el2();
        el3();
    }

    private static void specialPurpose() {
        def("NZCV", 3, 3, 4, 2, 0, 0).rw(Cpu::nzcv, Cpu::setNzcv);
        def("DAIF", 3, 3, 4, 2, 1, 0).el0((cpu, read) -> (cpu.mmu.sctlrEl1 & SCTLR_UMA) != 0)
                .rw(cpu -> cpu.daif, (cpu, v) -> {
                    cpu.daif = (int) v & (0xF << 6);
                    cpu.stateChanged();
                });
        def("CurrentEL", 3, 0, 4, 2, 2, 1).ro(cpu -> (long) cpu.el << 2);
        def("SPSel", 3, 0, 4, 2, 0, 1).rw(cpu -> cpu.spSel ? 1 : 0,
                (cpu, v) -> cpu.setElAndSpSel(cpu.el, (v & 1) != 0));
        // SP_EL0 is UNDEFINED while it is the current stack pointer (PSTATE.SP = 0).
        def("SP_EL0", 3, 0, 4, 1, 0, 1).undefinedIf((cpu, read) -> !cpu.spSel)
                .rw(cpu -> cpu.spEl(0), (cpu, v) -> cpu.setSpEl(0, v));
        def("SP_EL1", 3, 4, 4, 1, 0, 2).rw(cpu -> cpu.spEl(1), (cpu, v) -> cpu.setSpEl(1, v));
        def("SP_EL2", 3, 6, 4, 1, 0, 3).rw(cpu -> cpu.spEl(2), (cpu, v) -> cpu.setSpEl(2, v));
        def("SPSR_EL1", 3, 0, 4, 0, 0, 1).rw(cpu -> cpu.spsr[1], (cpu, v) -> cpu.spsr[1] = v & SPSR_WRITABLE);
        def("ELR_EL1", 3, 0, 4, 0, 1, 1).rw(cpu -> cpu.elr[1], (cpu, v) -> cpu.elr[1] = v);
        def("SPSR_EL2", 3, 4, 4, 0, 0, 2).rw(cpu -> cpu.spsr[2], (cpu, v) -> cpu.spsr[2] = v & SPSR_WRITABLE);
        def("ELR_EL2", 3, 4, 4, 0, 1, 2).rw(cpu -> cpu.elr[2], (cpu, v) -> cpu.elr[2] = v);
        def("SPSR_EL3", 3, 6, 4, 0, 0, 3).rw(cpu -> cpu.spsr[3], (cpu, v) -> cpu.spsr[3] = v & SPSR_WRITABLE);
        def("ELR_EL3", 3, 6, 4, 0, 1, 3).rw(cpu -> cpu.elr[3], (cpu, v) -> cpu.elr[3] = v);
        def("FPCR", 3, 3, 4, 4, 0, 0).check(ControlRegisters::fpAccess)
                .rw(cpu -> cpu.fpcr, (cpu, v) -> cpu.fpcr = (int) v & FPCR_WRITABLE);
        def("FPSR", 3, 3, 4, 4, 1, 0).check(ControlRegisters::fpAccess)
                .rw(cpu -> cpu.fpsr, (cpu, v) -> cpu.fpsr = (int) v & FPSR_WRITABLE);
    }

    /** FPCR/FPSR accesses are SIMD&FP accesses: CPACR_EL1.FPEN and CPTR_EL2.TFP trap them (EC 0x07). */
    private static int fpAccess(Cpu cpu, boolean read) {
        cpu.checkFpAccess();
        return SysReg.ALLOW;
    }

    private static void el1() {
        def("SCTLR_EL1", 3, 0, 1, 0, 0, 1).hcr(HCR_TRVM, HCR_TVM).rw(cpu -> cpu.mmu.sctlrEl1, (cpu, v) -> {
            long value = (v & SCTLR_EL1_WRITABLE) | SCTLR_EL1_RES1;
            stageOneSwitch(cpu, 1, cpu.mmu.sctlrEl1, value);
            cpu.mmu.sctlrEl1 = value;
            cpu.flushMicroTlb();
        });
        def("ACTLR_EL1", 3, 0, 1, 0, 1, 1).hcr(HCR_TACR)
                .rw(cpu -> cpu.sys.actlrEl1, (cpu, v) -> cpu.sys.actlrEl1 = v);
        def("CPACR_EL1", 3, 0, 1, 0, 2, 1).el2((cpu, read) -> (cpu.cptrEl2 & (1L << 31)) != 0).el3(ControlRegisters::tcpac)
                .rw(cpu -> cpu.cpacrEl1, (cpu, v) -> {
                    cpu.cpacrEl1 = v & CPACR_WRITABLE;
                    cpu.updateFpAccess();
                });
        def("TTBR0_EL1", 3, 0, 2, 0, 0, 1).hcr(HCR_TRVM, HCR_TVM).rw(cpu -> cpu.mmu.ttbr0El1, (cpu, v) -> {
            cpu.mmu.ttbr0El1 = v & ~1L;
            cpu.flushMicroTlb();
        });
        def("TTBR1_EL1", 3, 0, 2, 0, 1, 1).hcr(HCR_TRVM, HCR_TVM).rw(cpu -> cpu.mmu.ttbr1El1, (cpu, v) -> {
            cpu.mmu.ttbr1El1 = v & ~1L;
            cpu.flushMicroTlb();
        });
        def("TCR_EL1", 3, 0, 2, 0, 2, 1).hcr(HCR_TRVM, HCR_TVM).rw(cpu -> cpu.mmu.tcrEl1, (cpu, v) -> {
            cpu.mmu.tcrEl1 = v & TCR_EL1_WRITABLE;
            cpu.flushMicroTlb();
        });
        def("AFSR0_EL1", 3, 0, 5, 1, 0, 1).hcr(HCR_TRVM, HCR_TVM)
                .rw(cpu -> cpu.sys.afsr0El1, (cpu, v) -> cpu.sys.afsr0El1 = v & 0xFFFF_FFFFL);
        def("AFSR1_EL1", 3, 0, 5, 1, 1, 1).hcr(HCR_TRVM, HCR_TVM)
                .rw(cpu -> cpu.sys.afsr1El1, (cpu, v) -> cpu.sys.afsr1El1 = v & 0xFFFF_FFFFL);
        def("ESR_EL1", 3, 0, 5, 2, 0, 1).hcr(HCR_TRVM, HCR_TVM)
                .rw(cpu -> cpu.esr[1], (cpu, v) -> cpu.esr[1] = v & 0xFFFF_FFFFL);
        def("FAR_EL1", 3, 0, 6, 0, 0, 1).hcr(HCR_TRVM, HCR_TVM)
                .rw(cpu -> cpu.far[1], (cpu, v) -> cpu.far[1] = v);
        def("PAR_EL1", 3, 0, 7, 4, 0, 1).rw(cpu -> cpu.sys.parEl1, (cpu, v) -> cpu.sys.parEl1 = v);
        def("MAIR_EL1", 3, 0, 10, 2, 0, 1).hcr(HCR_TRVM, HCR_TVM).rw(cpu -> cpu.mmu.mairEl1, (cpu, v) -> {
            cpu.mmu.mairEl1 = v;
            cpu.flushMicroTlb();
        });
        def("AMAIR_EL1", 3, 0, 10, 3, 0, 1).hcr(HCR_TRVM, HCR_TVM)
                .rw(cpu -> cpu.sys.amairEl1, (cpu, v) -> cpu.sys.amairEl1 = v);
        def("VBAR_EL1", 3, 0, 12, 0, 0, 1).rw(cpu -> cpu.vbar[1], (cpu, v) -> cpu.vbar[1] = v & ~0x7FFL);
        def("ISR_EL1", 3, 0, 12, 1, 0, 1).ro(ControlRegisters::isr);
        def("CONTEXTIDR_EL1", 3, 0, 13, 0, 1, 1).hcr(HCR_TRVM, HCR_TVM)
                .rw(cpu -> cpu.sys.contextidrEl1, (cpu, v) -> cpu.sys.contextidrEl1 = v & 0xFFFF_FFFFL);
        def("TPIDR_EL1", 3, 0, 13, 0, 4, 1).rw(cpu -> cpu.sys.tpidrEl1, (cpu, v) -> cpu.sys.tpidrEl1 = v);
        def("TPIDR_EL0", 3, 3, 13, 0, 2, 0).rw(cpu -> cpu.sys.tpidrEl0, (cpu, v) -> cpu.sys.tpidrEl0 = v);
        def("TPIDRRO_EL0", 3, 3, 13, 0, 3, 0).undefinedIf((cpu, read) -> cpu.el == 0 && !read)
                .rw(cpu -> cpu.sys.tpidrroEl0, (cpu, v) -> cpu.sys.tpidrroEl0 = v);
    }

    private static void el2() {
        def("SCTLR_EL2", 3, 4, 1, 0, 0, 2).rw(cpu -> cpu.mmu.sctlrEl2, (cpu, v) -> {
            long value = (v & SCTLR_EL2_WRITABLE) | SCTLR_EL2_RES1;
            stageOneSwitch(cpu, 2, cpu.mmu.sctlrEl2, value);
            cpu.mmu.sctlrEl2 = value;
            cpu.flushMicroTlb();
        });
        def("ACTLR_EL2", 3, 4, 1, 0, 1, 2).rw(cpu -> cpu.sys.actlrEl2, (cpu, v) -> cpu.sys.actlrEl2 = v & 0x73);
        def("HCR_EL2", 3, 4, 1, 1, 0, 2).rw(cpu -> cpu.hcrEl2() | HCR_RW, (cpu, v) -> {
            cpu.setHcrEl2((v & HCR_WRITABLE) | HCR_RW);
            cpu.flushMicroTlb();
            cpu.stateChanged();
            cpu.updateFpAccess();
        });
        def("MDCR_EL2", 3, 4, 1, 1, 1, 2).rw(cpu -> cpu.sys.mdcrEl2, (cpu, v) -> {
            PmuRegisters.sync(cpu);
            cpu.sys.mdcrEl2 = v & 0xFFF;
        });
        def("CPTR_EL2", 3, 4, 1, 1, 2, 2).el3(ControlRegisters::tcpac).rw(cpu -> cpu.cptrEl2, (cpu, v) -> {
            cpu.cptrEl2 = (v & CPTR_EL2_WRITABLE) | CPTR_EL2_RES1;
            cpu.updateFpAccess();
        });
        def("HSTR_EL2", 3, 4, 1, 1, 3, 2).rw(cpu -> cpu.sys.hstrEl2, (cpu, v) -> cpu.sys.hstrEl2 = v & 0xBFEFL);
        def("HACR_EL2", 3, 4, 1, 1, 7, 2).rw(cpu -> cpu.sys.hacrEl2, (cpu, v) -> cpu.sys.hacrEl2 = v);
        def("TTBR0_EL2", 3, 4, 2, 0, 0, 2).rw(cpu -> cpu.mmu.ttbr0El2, (cpu, v) -> {
            cpu.mmu.ttbr0El2 = v & 0x0000_FFFF_FFFF_FFFEL;
            cpu.flushMicroTlb();
        });
        def("TCR_EL2", 3, 4, 2, 0, 2, 2).rw(cpu -> cpu.mmu.tcrEl2, (cpu, v) -> {
            cpu.mmu.tcrEl2 = (v & TCR_EL2_WRITABLE) | TCR_EL2_RES1;
            cpu.flushMicroTlb();
        });
        def("VTTBR_EL2", 3, 4, 2, 1, 0, 2).rw(cpu -> cpu.mmu.vttbrEl2, (cpu, v) -> {
            cpu.mmu.vttbrEl2 = v & 0x00FF_FFFF_FFFF_FFFEL;
            cpu.flushMicroTlb();
        });
        def("VTCR_EL2", 3, 4, 2, 1, 2, 2).rw(cpu -> cpu.mmu.vtcrEl2, (cpu, v) -> {
            cpu.mmu.vtcrEl2 = (v & VTCR_EL2_WRITABLE) | VTCR_EL2_RES1;
            cpu.flushMicroTlb();
        });
        def("AFSR0_EL2", 3, 4, 5, 1, 0, 2)
                .rw(cpu -> cpu.sys.afsr0El2, (cpu, v) -> cpu.sys.afsr0El2 = v & 0xFFFF_FFFFL);
        def("AFSR1_EL2", 3, 4, 5, 1, 1, 2)
                .rw(cpu -> cpu.sys.afsr1El2, (cpu, v) -> cpu.sys.afsr1El2 = v & 0xFFFF_FFFFL);
        def("ESR_EL2", 3, 4, 5, 2, 0, 2).rw(cpu -> cpu.esr[2], (cpu, v) -> cpu.esr[2] = v & 0xFFFF_FFFFL);
        def("FAR_EL2", 3, 4, 6, 0, 0, 2).rw(cpu -> cpu.far[2], (cpu, v) -> cpu.far[2] = v);
        def("HPFAR_EL2", 3, 4, 6, 0, 4, 2).rw(cpu -> cpu.hpfarEl2, (cpu, v) -> cpu.hpfarEl2 = v & 0xF_FFFF_FFF0L);
        def("MAIR_EL2", 3, 4, 10, 2, 0, 2).rw(cpu -> cpu.mmu.mairEl2, (cpu, v) -> {
            cpu.mmu.mairEl2 = v;
            cpu.flushMicroTlb();
        });
        def("AMAIR_EL2", 3, 4, 10, 3, 0, 2).rw(cpu -> cpu.sys.amairEl2, (cpu, v) -> cpu.sys.amairEl2 = v);
        def("VBAR_EL2", 3, 4, 12, 0, 0, 2).rw(cpu -> cpu.vbar[2], (cpu, v) -> cpu.vbar[2] = v & ~0x7FFL);
        // Only the highest implemented EL has an RVBAR (ARM ARM D13.2.111).
        def("RVBAR_EL2", 3, 4, 12, 0, 1, 2).undefinedIf((cpu, read) -> cpu.hasEl3).ro(cpu -> cpu.sys.rvbar);
        def("TPIDR_EL2", 3, 4, 13, 0, 2, 2).rw(cpu -> cpu.sys.tpidrEl2, (cpu, v) -> cpu.sys.tpidrEl2 = v);
    }

    private static void el3() {
        def("SCTLR_EL3", 3, 6, 1, 0, 0, 3).rw(cpu -> cpu.mmu.sctlrEl3, (cpu, v) -> {
            long value = (v & SCTLR_EL3_WRITABLE) | SCTLR_EL3_RES1;
            stageOneSwitch(cpu, 3, cpu.mmu.sctlrEl3, value);
            cpu.mmu.sctlrEl3 = value;
            cpu.flushMicroTlb();
        });
        def("ACTLR_EL3", 3, 6, 1, 0, 1, 3).rw(cpu -> cpu.sys.actlrEl3, (cpu, v) -> cpu.sys.actlrEl3 = v & 0x73);
        def("SCR_EL3", 3, 6, 1, 1, 0, 3).rw(Cpu::scrEl3, (cpu, v) -> cpu.setScrEl3(v & SCR_EL3_WRITABLE));
        def("CPTR_EL3", 3, 6, 1, 1, 2, 3).rw(cpu -> cpu.cptrEl3, (cpu, v) -> {
            cpu.cptrEl3 = v & CPTR_EL3_WRITABLE;
            cpu.updateFpAccess();
        });
        def("MDCR_EL3", 3, 6, 1, 3, 1, 3).rw(cpu -> cpu.sys.mdcrEl3, (cpu, v) -> cpu.sys.mdcrEl3 = v & MDCR_EL3_WRITABLE);
        def("TTBR0_EL3", 3, 6, 2, 0, 0, 3).rw(cpu -> cpu.mmu.ttbr0El3, (cpu, v) -> {
            cpu.mmu.ttbr0El3 = v & 0x0000_FFFF_FFFF_FFFEL;
            cpu.flushMicroTlb();
        });
        // TCR_EL3 has the layout of TCR_EL2 (E2H = 0).
        def("TCR_EL3", 3, 6, 2, 0, 2, 3).rw(cpu -> cpu.mmu.tcrEl3, (cpu, v) -> {
            cpu.mmu.tcrEl3 = (v & TCR_EL2_WRITABLE) | TCR_EL2_RES1;
            cpu.flushMicroTlb();
        });
        def("AFSR0_EL3", 3, 6, 5, 1, 0, 3)
                .rw(cpu -> cpu.sys.afsr0El3, (cpu, v) -> cpu.sys.afsr0El3 = v & 0xFFFF_FFFFL);
        def("AFSR1_EL3", 3, 6, 5, 1, 1, 3)
                .rw(cpu -> cpu.sys.afsr1El3, (cpu, v) -> cpu.sys.afsr1El3 = v & 0xFFFF_FFFFL);
        def("ESR_EL3", 3, 6, 5, 2, 0, 3).rw(cpu -> cpu.esr[3], (cpu, v) -> cpu.esr[3] = v & 0xFFFF_FFFFL);
        def("FAR_EL3", 3, 6, 6, 0, 0, 3).rw(cpu -> cpu.far[3], (cpu, v) -> cpu.far[3] = v);
        def("MAIR_EL3", 3, 6, 10, 2, 0, 3).rw(cpu -> cpu.mmu.mairEl3, (cpu, v) -> {
            cpu.mmu.mairEl3 = v;
            cpu.flushMicroTlb();
        });
        def("AMAIR_EL3", 3, 6, 10, 3, 0, 3).rw(cpu -> cpu.sys.amairEl3, (cpu, v) -> cpu.sys.amairEl3 = v);
        def("VBAR_EL3", 3, 6, 12, 0, 0, 3).rw(cpu -> cpu.vbar[3], (cpu, v) -> cpu.vbar[3] = v & ~0x7FFL);
        def("RVBAR_EL3", 3, 6, 12, 0, 1, 3).ro(cpu -> cpu.sys.rvbar);
        def("TPIDR_EL3", 3, 6, 13, 0, 2, 3).rw(cpu -> cpu.sys.tpidrEl3, (cpu, v) -> cpu.sys.tpidrEl3 = v);
    }

    /** CPTR_EL3.TCPAC: accesses to CPACR_EL1 and CPTR_EL2 below EL3 trap to EL3. */
    private static boolean tcpac(Cpu cpu, boolean read) {
        return (cpu.cptrEl3 & (1L << 31)) != 0;
    }

    /** SCTLR_ELx.M of the regime the core executes in changes: the prefetched instructions keep the old translation. */
    private static void stageOneSwitch(Cpu cpu, int regime, long old, long value) {
        if (cpu.el == regime && ((old ^ value) & 1) != 0) {
            cpu.keepPrefetchedStream();
        }
    }

    /**
     * ISR_EL1: pending A, I, F. At EL0/EL1 an interrupt routed to EL2 (HCR_EL2.AMO/IMO/FMO) shows the
     * virtual interrupt instead (ARM ARM, ISR_EL1 description).
     */
    private static long isr(Cpu cpu) {
        long hcr = cpu.mmu.hcrEl2;
        boolean guest = cpu.el < 2;
        boolean i = guest && (hcr & Cpu.HCR_IMO) != 0 ? (hcr & Cpu.HCR_VI) != 0 : cpu.irqLine();
        boolean f = guest && (hcr & Cpu.HCR_FMO) != 0 ? (hcr & Cpu.HCR_VF) != 0 : cpu.fiqLine();
        boolean a = guest && (hcr & Cpu.HCR_AMO) != 0 && (hcr & Cpu.HCR_VSE) != 0;
        return (a ? 1L << 8 : 0) | (i ? 1L << 7 : 0) | (f ? 1L << 6 : 0);
    }
}
