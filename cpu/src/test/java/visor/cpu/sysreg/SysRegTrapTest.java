package visor.cpu.sysreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.cpu.a64.SystemTestSupport.esr;
import static visor.cpu.a64.SystemTestSupport.sysIss;
import static visor.cpu.sysreg.SysRegTestSupport.exec;
import static visor.cpu.sysreg.SysRegTestSupport.mrs;
import static visor.cpu.sysreg.SysRegTestSupport.msr;
import static visor.cpu.sysreg.SystemRegisters.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import visor.cpu.Cpu;
import visor.cpu.TestMachine;

/**
 * Every trap control on System register and System instruction accesses: the access traps with EC 0x18
 * and the exact ISS to the right EL, and executes normally with the control clear.
 */
class SysRegTrapTest {
    private static final int RT = 3;

    /** One access: the register's fields, read (MRS/SYSL) or write (MSR/SYS), the EL it runs at. */
    private record Case(String what, int el, int op0, int op1, int crn, int crm, int op2, boolean read,
            Consumer<Cpu> trapOn, Consumer<Cpu> base, int expectedEl) {
        int word() {
            return read ? mrs(op0, op1, crn, crm, op2, RT) : msr(op0, op1, crn, crm, op2, RT);
        }

        long expectedEsr() {
            return esr(0x18, sysIss(op0, op1, crn, crm, op2, RT, read));
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    private static void hcrCase(String what, long bit, int el, int op0, int op1, int crn, int crm, int op2,
            boolean read, Consumer<Cpu> base) {
        CASES.add(new Case(what + (read ? " read" : " write") + " at EL" + el + " with HCR_EL2 bit "
                + Long.numberOfTrailingZeros(bit), el, op0, op1, crn, crm, op2, read,
                cpu -> cpu.mmu.hcrEl2 |= bit, base, 2));
    }

    private static void hcrCase(String what, long bit, int op0, int op1, int crn, int crm, int op2, boolean read) {
        hcrCase(what, bit, 1, op0, op1, crn, crm, op2, read, cpu -> { });
    }

    private static void el2Case(String what, int el, int op0, int op1, int crn, int crm, int op2, boolean read,
            Consumer<Cpu> trapOn, Consumer<Cpu> base) {
        CASES.add(new Case(what + " at EL" + el, el, op0, op1, crn, crm, op2, read, trapOn, base, 2));
    }

    private static void el0Case(String what, int op0, int op1, int crn, int crm, int op2, boolean read,
            Consumer<Cpu> trapOn, Consumer<Cpu> base) {
        CASES.add(new Case(what + " at EL0", 0, op0, op1, crn, crm, op2, read, trapOn, base, 1));
    }

    private static final Consumer<Cpu> NONE = cpu -> { };
    /** HCR_EL2.DC: EL1&0 data accesses are Normal memory with the MMU off, as DC ZVA needs. */
    private static final Consumer<Cpu> NORMAL_MEMORY = visor.cpu.TestMachine::normalMemory;

    static {
        hcrCase("REVIDR_EL1", HCR_TID1, 3, 0, 0, 0, 6, true);
        hcrCase("AIDR_EL1", HCR_TID1, 3, 1, 0, 0, 7, true);
        hcrCase("CTR_EL0", HCR_TID2, 3, 3, 0, 0, 1, true);
        hcrCase("CTR_EL0", HCR_TID2, 0, 3, 3, 0, 0, 1, true, cpu -> cpu.mmu.sctlrEl1 |= SCTLR_UCT);
        hcrCase("CCSIDR_EL1", HCR_TID2, 3, 1, 0, 0, 0, true);
        hcrCase("CLIDR_EL1", HCR_TID2, 3, 1, 0, 0, 1, true);
        hcrCase("CSSELR_EL1", HCR_TID2, 3, 2, 0, 0, 0, true);
        hcrCase("CSSELR_EL1", HCR_TID2, 3, 2, 0, 0, 0, false);
        hcrCase("ID_AA64PFR0_EL1", HCR_TID3, 3, 0, 0, 4, 0, true);
        hcrCase("ID_AA64MMFR0_EL1", HCR_TID3, 3, 0, 0, 7, 0, true);
        hcrCase("ID_PFR0_EL1", HCR_TID3, 3, 0, 0, 1, 0, true);
        hcrCase("MVFR0_EL1", HCR_TID3, 3, 0, 0, 3, 0, true);
        hcrCase("reserved ID space", HCR_TID3, 3, 0, 0, 7, 7, true);
        hcrCase("ACTLR_EL1", HCR_TACR, 3, 0, 1, 0, 1, true);
        hcrCase("ACTLR_EL1", HCR_TACR, 3, 0, 1, 0, 1, false);
        hcrCase("DC ISW", HCR_TSW, 1, 0, 7, 6, 2, false);
        hcrCase("DC CSW", HCR_TSW, 1, 0, 7, 10, 2, false);
        hcrCase("DC CISW", HCR_TSW, 1, 0, 7, 14, 2, false);
        hcrCase("DC IVAC", HCR_TPC, 1, 0, 7, 6, 1, false);
        hcrCase("DC CVAC", HCR_TPC, 1, 3, 7, 10, 1, false);
        hcrCase("DC CIVAC", HCR_TPC, 1, 3, 7, 14, 1, false);
        hcrCase("DC CVAC", HCR_TPC, 0, 1, 3, 7, 10, 1, false, cpu -> cpu.mmu.sctlrEl1 |= SCTLR_UCI);
        hcrCase("IC IVAU", HCR_TPU, 1, 3, 7, 5, 1, false);
        hcrCase("IC IALLU", HCR_TPU, 1, 0, 7, 5, 0, false);
        hcrCase("IC IALLUIS", HCR_TPU, 1, 0, 7, 1, 0, false);
        hcrCase("DC CVAU", HCR_TPU, 1, 3, 7, 11, 1, false);
        hcrCase("DC CVAU", HCR_TPU, 0, 1, 3, 7, 11, 1, false, cpu -> cpu.mmu.sctlrEl1 |= SCTLR_UCI);
        hcrCase("TLBI VMALLE1", HCR_TTLB, 1, 0, 8, 7, 0, false);
        hcrCase("TLBI VMALLE1IS", HCR_TTLB, 1, 0, 8, 3, 0, false);
        hcrCase("TLBI VAE1", HCR_TTLB, 1, 0, 8, 7, 1, false);
        hcrCase("TLBI ASIDE1IS", HCR_TTLB, 1, 0, 8, 3, 2, false);
        hcrCase("TLBI VAAE1", HCR_TTLB, 1, 0, 8, 7, 3, false);
        hcrCase("TLBI VALE1IS", HCR_TTLB, 1, 0, 8, 3, 5, false);
        hcrCase("TLBI VAALE1", HCR_TTLB, 1, 0, 8, 7, 7, false);
        int[][] vmRegs = {{0, 1, 0, 0}, {0, 2, 0, 0}, {0, 2, 0, 1}, {0, 2, 0, 2}, {0, 5, 2, 0}, {0, 6, 0, 0},
            {0, 5, 1, 0}, {0, 5, 1, 1}, {0, 10, 2, 0}, {0, 10, 3, 0}, {0, 13, 0, 1}};
        String[] vmNames = {"SCTLR_EL1", "TTBR0_EL1", "TTBR1_EL1", "TCR_EL1", "ESR_EL1", "FAR_EL1",
            "AFSR0_EL1", "AFSR1_EL1", "MAIR_EL1", "AMAIR_EL1", "CONTEXTIDR_EL1"};
        for (int i = 0; i < vmRegs.length; i++) {
            int[] r = vmRegs[i];
            hcrCase(vmNames[i], HCR_TVM, 3, r[0], r[1], r[2], r[3], false);
            hcrCase(vmNames[i], HCR_TRVM, 3, r[0], r[1], r[2], r[3], true);
        }
        hcrCase("CPUECTLR_EL1", HCR_TIDCP, 1, 3, 1, 15, 2, 1, true, cpu -> cpu.sys.actlrEl2 = 0x73);
        hcrCase("DC ZVA", HCR_TDZ, 1, 1, 3, 7, 4, 1, false, NORMAL_MEMORY);

        el2Case("CPACR_EL1 with CPTR_EL2.TCPAC", 1, 3, 0, 1, 0, 2, false,
                cpu -> cpu.cptrEl2 |= 1L << 31, NONE);
        el2Case("CPACR_EL1 read with CPTR_EL2.TCPAC", 1, 3, 0, 1, 0, 2, true,
                cpu -> cpu.cptrEl2 |= 1L << 31, NONE);
        el2Case("MDSCR_EL1 with MDCR_EL2.TDA", 1, 2, 0, 0, 2, 2, true,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TDA, NONE);
        el2Case("DBGBVR0_EL1 with MDCR_EL2.TDE", 1, 2, 0, 0, 0, 4, false,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TDE, NONE);
        el2Case("DBGWCR3_EL1 with MDCR_EL2.TDA", 1, 2, 0, 0, 3, 7, false,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TDA, NONE);
        el2Case("OSLAR_EL1 with MDCR_EL2.TDOSA", 1, 2, 0, 1, 0, 4, false,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TDOSA, NONE);
        el2Case("OSLSR_EL1 with MDCR_EL2.TDOSA", 1, 2, 0, 1, 1, 4, true,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TDOSA, NONE);
        el2Case("OSDLR_EL1 with MDCR_EL2.TDE", 1, 2, 0, 1, 3, 4, true,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TDE, NONE);
        el2Case("MDRAR_EL1 with MDCR_EL2.TDRA", 1, 2, 0, 1, 0, 0, true,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TDRA, NONE);
        el2Case("PMCCNTR_EL0 with MDCR_EL2.TPM", 1, 3, 3, 9, 13, 0, true,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TPM, NONE);
        el2Case("PMINTENSET_EL1 with MDCR_EL2.TPM", 1, 3, 0, 9, 14, 1, false,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TPM, NONE);
        el2Case("PMUSERENR_EL0 with MDCR_EL2.TPM", 0, 3, 3, 9, 14, 0, true,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TPM, NONE);
        el2Case("PMCR_EL0 with MDCR_EL2.TPMCR", 1, 3, 3, 9, 12, 0, false,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TPMCR, NONE);
        el2Case("PMCR_EL0 at EL0 with MDCR_EL2.TPMCR", 0, 3, 3, 9, 12, 0, true,
                cpu -> cpu.sys.mdcrEl2 |= MDCR_TPMCR, cpu -> cpu.sys.pmuserenr = 1);
        el2Case("CNTPCT_EL0 with CNTHCTL_EL2.EL1PCTEN clear", 1, 3, 3, 14, 0, 1, true,
                cpu -> cpu.timer.cnthctl &= ~1L, NONE);
        el2Case("CNTPCT_EL0 with CNTHCTL_EL2.EL1PCTEN clear", 0, 3, 3, 14, 0, 1, true,
                cpu -> cpu.timer.cnthctl &= ~1L, cpu -> cpu.timer.cntkctl = 1);
        el2Case("CNTP_CTL_EL0 with CNTHCTL_EL2.EL1PCEN clear", 1, 3, 3, 14, 2, 1, false,
                cpu -> cpu.timer.cnthctl &= ~2L, NONE);
        el2Case("CNTP_CVAL_EL0 with CNTHCTL_EL2.EL1PCEN clear", 1, 3, 3, 14, 2, 2, true,
                cpu -> cpu.timer.cnthctl &= ~2L, NONE);
        el2Case("CNTP_TVAL_EL0 with CNTHCTL_EL2.EL1PCEN clear", 0, 3, 3, 14, 2, 0, true,
                cpu -> cpu.timer.cnthctl &= ~2L, cpu -> cpu.timer.cntkctl = 1L << 9);
        el2Case("CPUACTLR_EL1 with ACTLR_EL2.CPUACTLR clear", 1, 3, 1, 15, 2, 0, true,
                cpu -> cpu.sys.actlrEl2 = 0x72, cpu -> cpu.sys.actlrEl2 = 0x73);
        el2Case("L2CTLR_EL1 with ACTLR_EL2.L2CTLR clear", 1, 3, 1, 11, 0, 2, true,
                cpu -> cpu.sys.actlrEl2 = 0x63, cpu -> cpu.sys.actlrEl2 = 0x73);

        el0Case("CTR_EL0 with SCTLR_EL1.UCT clear", 3, 3, 0, 0, 1, true,
                cpu -> cpu.mmu.sctlrEl1 &= ~SCTLR_UCT, cpu -> cpu.mmu.sctlrEl1 |= SCTLR_UCT);
        el0Case("DC ZVA with SCTLR_EL1.DZE clear", 1, 3, 7, 4, 1, false,
                cpu -> cpu.mmu.sctlrEl1 &= ~SCTLR_DZE, cpu -> {
                    cpu.mmu.sctlrEl1 |= SCTLR_DZE;
                    NORMAL_MEMORY.accept(cpu);
                });
        el0Case("DC CIVAC with SCTLR_EL1.UCI clear", 1, 3, 7, 14, 1, false,
                cpu -> cpu.mmu.sctlrEl1 &= ~SCTLR_UCI, cpu -> cpu.mmu.sctlrEl1 |= SCTLR_UCI);
        el0Case("IC IVAU with SCTLR_EL1.UCI clear", 1, 3, 7, 5, 1, false,
                cpu -> cpu.mmu.sctlrEl1 &= ~SCTLR_UCI, cpu -> cpu.mmu.sctlrEl1 |= SCTLR_UCI);
        el0Case("DAIF read with SCTLR_EL1.UMA clear", 3, 3, 4, 2, 1, true,
                cpu -> cpu.mmu.sctlrEl1 &= ~SCTLR_UMA, cpu -> cpu.mmu.sctlrEl1 |= SCTLR_UMA);
        el0Case("DAIF write with SCTLR_EL1.UMA clear", 3, 3, 4, 2, 1, false,
                cpu -> cpu.mmu.sctlrEl1 &= ~SCTLR_UMA, cpu -> cpu.mmu.sctlrEl1 |= SCTLR_UMA);
        el0Case("CNTPCT_EL0 with CNTKCTL_EL1.EL0PCTEN clear", 3, 3, 14, 0, 1, true,
                cpu -> cpu.timer.cntkctl = 2, cpu -> cpu.timer.cntkctl = 1);
        el0Case("CNTVCT_EL0 with CNTKCTL_EL1.EL0VCTEN clear", 3, 3, 14, 0, 2, true,
                cpu -> cpu.timer.cntkctl = 1, cpu -> cpu.timer.cntkctl = 2);
        el0Case("CNTFRQ_EL0 with CNTKCTL_EL1.EL0PCTEN and EL0VCTEN clear", 3, 3, 14, 0, 0, true,
                cpu -> cpu.timer.cntkctl = 0x300, cpu -> cpu.timer.cntkctl = 2);
        el0Case("CNTP_CTL_EL0 with CNTKCTL_EL1.EL0PTEN clear", 3, 3, 14, 2, 1, true,
                cpu -> cpu.timer.cntkctl = 0x103, cpu -> cpu.timer.cntkctl = 0x200);
        el0Case("CNTV_CVAL_EL0 with CNTKCTL_EL1.EL0VTEN clear", 3, 3, 14, 3, 2, false,
                cpu -> cpu.timer.cntkctl = 0x203, cpu -> cpu.timer.cntkctl = 0x100);
        el0Case("PMCR_EL0 with PMUSERENR_EL0.EN clear", 3, 3, 9, 12, 0, true,
                cpu -> cpu.sys.pmuserenr = 0xE, cpu -> cpu.sys.pmuserenr = 1);
        el0Case("PMCCNTR_EL0 read with PMUSERENR_EL0.EN/CR clear", 3, 3, 9, 13, 0, true,
                cpu -> cpu.sys.pmuserenr = 0xA, cpu -> cpu.sys.pmuserenr = 4);
        el0Case("PMCCNTR_EL0 write with PMUSERENR_EL0.EN clear", 3, 3, 9, 13, 0, false,
                cpu -> cpu.sys.pmuserenr = 4, cpu -> cpu.sys.pmuserenr = 1);
        el0Case("PMSWINC_EL0 with PMUSERENR_EL0.EN/SW clear", 3, 3, 9, 12, 4, false,
                cpu -> cpu.sys.pmuserenr = 0xC, cpu -> cpu.sys.pmuserenr = 2);
        el0Case("MDCCSR_EL0 with MDSCR_EL1.TDCC", 2, 3, 0, 1, 0, true,
                cpu -> cpu.sys.mdscrEl1 = 1L << 12, NONE);
    }

    @TestFactory
    Stream<DynamicTest> trapsWithExactSyndrome() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.what, () -> {
            Cpu cpu = exec(c.el, cpu0 -> {
                c.base.accept(cpu0);
                c.trapOn.accept(cpu0);
            }, c.word());
            assertEquals(c.expectedEl, cpu.el, "target EL");
            assertEquals(c.expectedEsr(), cpu.esr[c.expectedEl], "ESR");
            assertEquals(TestMachine.CODE, cpu.elr[c.expectedEl], "preferred return is the instruction");
            long vectors = c.expectedEl == 2 ? TestMachine.VECTORS + 0x1000 : TestMachine.VECTORS;
            long offset = c.el < c.expectedEl ? 0x400 : 0x200;
            assertEquals(vectors + offset, cpu.pc, "vector");
        }));
    }

    @TestFactory
    Stream<DynamicTest> executesWithoutTheTrapControl() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.what, () -> {
            Cpu cpu = exec(c.el, c.base, c.word());
            assertEquals(c.el, cpu.el, "no exception");
            assertEquals(0L, cpu.esr[1] | cpu.esr[2]);
            assertEquals(TestMachine.CODE + 4, cpu.pc);
        }));
    }

    @TestFactory
    Stream<DynamicTest> el0TrapsGoToEl2WithTge() {
        return CASES.stream().filter(c -> c.expectedEl == 1).map(c -> DynamicTest.dynamicTest(c.what, () -> {
            Cpu cpu = exec(0, cpu0 -> {
                c.base.accept(cpu0);
                c.trapOn.accept(cpu0);
                cpu0.mmu.hcrEl2 |= HCR_TGE;
            }, c.word());
            assertEquals(2, cpu.el);
            assertEquals(c.expectedEsr(), cpu.esr[2]);
        }));
    }
}
