package visor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import visor.cpu.sysreg.SystemRegisters;

/**
 * EL3 on a core reset into EL3 (ARM ARM D1, SCR_EL3 D13.2.112): exception return to every lower EL,
 * SMC/HVC as SCR_EL3 says, Security state disabling EL2's controls, physical interrupt routing, the
 * secure physical timer and CPTR_EL3; and a core reset at EL2 showing none of it.
 */
class El3Test {
    private static final int MSR_SCR_X0 = 0xd51e1100, MRS_X1_SCR = 0xd53e1101;
    private static final int MSR_SPSR_EL3_X0 = 0xd51e4000, MSR_ELR_EL3_X1 = 0xd51e4021, ERET = 0xd69f03e0;
    private static final int SMC_12 = 0xd4000243, HVC_34 = 0xd4000682;
    private static final int MRS_X2_CURRENTEL = 0xd5384242, MRS_X3_PFR0 = 0xd5380403;
    private static final int MSR_HCR_X0 = 0xd51c1100, MRS_X4_HCR = 0xd53c1104;
    private static final int MSR_CNTPS_CTL_X0 = 0xd51fe220, MRS_X5_CNTPS_CTL = 0xd53fe225;
    private static final int FMOV_D0_X1 = 0x9e670020, MSR_CPTR_EL3_X0 = 0xd51e1140;
    private static final long EL3_VECTORS = TestMachine.VECTORS + 0x2000;
    private static final long EL1H = 0x3C5, EL2H = 0x3C9;

    private static long esr(int ec, int iss) {
        return ((long) ec << 26) | (1L << 25) | iss;
    }

    /** A core at EL3 with SCR_EL3 = {@code scr} (as MSR wrote it), about to run {@code words}. */
    private static TestMachine el3(long scr, int... words) {
        TestMachine m = new TestMachine(3);
        m.cpu.setScrEl3(scr);
        m.code(words);
        return m;
    }

    /** Drops from EL3 to {@code spsr}'s EL at the code's second half via ERET, then runs {@code lower}. */
    private static Cpu eretThen(long scr, long spsr, int... lower) {
        return eretWithHcr(scr, 0, spsr, lower);
    }

    /** {@link #eretThen(long, long, int...)} with HCR_EL2 = {@code hcr} | RW, written at EL3. */
    private static Cpu eretWithHcr(long scr, long hcr, long spsr, int... lower) {
        TestMachine m = new TestMachine(3);
        m.cpu.setScrEl3(scr);
        m.cpu.setHcrEl2(hcr | SystemRegisters.HCR_RW);
        m.cpu.spsr[3] = spsr;
        m.cpu.elr[3] = TestMachine.CODE + 0x100;
        m.memory.write(TestMachine.CODE, 4, ERET);
        for (int i = 0; i < lower.length; i++) {
            m.memory.write(TestMachine.CODE + 0x100 + 4L * i, 4, lower[i]);
        }
        m.memory.write(TestMachine.CODE + 0x100 + 4L * lower.length, 4, 0x14000000);
        return m.run(lower.length + 8);
    }

    @Test
    void idRegisterShowsEl3OnlyOnACoreResetIntoIt() {
        Cpu at3 = el3(0, MRS_X3_PFR0, MRS_X2_CURRENTEL).run(4);
        assertEquals(0x1111L, at3.x[3], "ID_AA64PFR0_EL1.EL3 = 1 (AArch64)");
        assertEquals(3L << 2, at3.x[2], "CurrentEL");
        TestMachine at2 = new TestMachine(2);
        at2.code(MRS_X3_PFR0, MRS_X1_SCR);
        Cpu c = at2.run(4);
        assertEquals(0x111L, c.x[3], "no EL3 when reset at EL2, as today");
        assertEquals(2, c.el);
        assertEquals(1L << 25, c.esr[2], "SCR_EL3 UNDEFINED without EL3");
    }

    @Test
    void scrEl3ReadsBackWithRes1Bits() {
        TestMachine m = el3(0, MSR_SCR_X0, MRS_X1_SCR);
        m.cpu.x[0] = 0x501;
        Cpu cpu = m.run(4);
        assertEquals(0x531L, cpu.x[1], "NS | RW | HCE=0 | bits 5:4 RES1");
    }

    @Test
    void eretFromEl3ReachesEl1AndEl2() {
        Cpu el1 = eretThen(Cpu.SCR_NS | Cpu.SCR_RW, EL1H, MRS_X2_CURRENTEL);
        assertEquals(1, el1.el);
        assertEquals(1L << 2, el1.x[2]);
        assertEquals(0xF, el1.daif >>> 6, "DAIF from SPSR_EL3");
        Cpu el2 = eretThen(Cpu.SCR_NS | Cpu.SCR_RW, EL2H, MRS_X2_CURRENTEL);
        assertEquals(2, el2.el);
        assertEquals(2L << 2, el2.x[2]);
    }

    @Test
    void illegalReturnsFromEl3TakeAnIllegalStateExceptionAtEl3() {
        // SCR_EL3.RW = 0 makes EL1 AArch32, which is not implemented; EL2 does not exist in Secure state.
        for (long[] c : new long[][] {{Cpu.SCR_NS, EL1H}, {Cpu.SCR_RW, EL2H}}) {
            Cpu cpu = eretThen(c[0], c[1], MRS_X2_CURRENTEL);
            assertEquals(3, cpu.el);
            assertEquals(esr(ExceptionClass.ILLEGAL_STATE, 0), cpu.esr[3]);
            assertEquals(EL3_VECTORS + 0x200, cpu.pc);
        }
    }

    @Test
    void smcFromEl1GoesToEl3PastTheSmc() {
        Cpu cpu = eretThen(Cpu.SCR_NS | Cpu.SCR_RW, EL1H, SMC_12);
        assertEquals(3, cpu.el);
        assertEquals(esr(ExceptionClass.SMC64, 0x12), cpu.esr[3]);
        assertEquals(TestMachine.CODE + 0x104, cpu.elr[3]);
        assertEquals(EL3_VECTORS + 0x400, cpu.pc, "lower EL, AArch64");
        assertEquals(EL1H, cpu.spsr[3], "SPSR_EL3 holds EL1h, DAIF masked");
    }

    @Test
    void smcDisabledBySmdIsUndefined() {
        Cpu cpu = eretThen(Cpu.SCR_NS | Cpu.SCR_RW | Cpu.SCR_SMD, EL1H, SMC_12);
        assertEquals(1, cpu.el);
        assertEquals(1L << 25, cpu.esr[1]);
    }

    @Test
    void hvcNeedsScrHce() {
        Cpu off = eretThen(Cpu.SCR_NS | Cpu.SCR_RW, EL1H, HVC_34);
        assertEquals(1, off.el, "HCE = 0: UNDEFINED");
        assertEquals(1L << 25, off.esr[1]);
        Cpu on = eretThen(Cpu.SCR_NS | Cpu.SCR_RW | Cpu.SCR_HCE, EL1H, HVC_34);
        assertEquals(2, on.el);
        assertEquals(esr(ExceptionClass.HVC64, 0x34), on.esr[2]);
        Cpu secure = eretThen(Cpu.SCR_RW | Cpu.SCR_HCE, EL1H, HVC_34);
        assertEquals(1, secure.el, "no EL2 in Secure state");
        assertEquals(1L << 25, secure.esr[1]);
    }

    @Test
    void hcrEl2HasNoEffectInSecureStateAndIsKeptForNonSecure() {
        TestMachine m = el3(Cpu.SCR_RW, MSR_HCR_X0, MRS_X4_HCR);
        m.cpu.x[0] = SystemRegisters.HCR_TSC;
        Cpu cpu = m.run(4);
        assertEquals(SystemRegisters.HCR_TSC | SystemRegisters.HCR_RW, cpu.x[4], "EL3 reads what it wrote");
        assertEquals(0, cpu.mmu.hcrEl2, "EL1&0 controls see HCR_EL2 as 0 in Secure state");
        cpu.setScrEl3(Cpu.SCR_NS | Cpu.SCR_RW);
        assertEquals(SystemRegisters.HCR_TSC | SystemRegisters.HCR_RW, cpu.mmu.hcrEl2, "Non-secure: in force");

        Cpu secure = eretWithHcr(Cpu.SCR_RW, SystemRegisters.HCR_TSC, EL1H, SMC_12);
        assertEquals(3, secure.el, "TSC ignored in Secure EL1: the SMC reaches EL3");
        Cpu nonSecure = eretWithHcr(Cpu.SCR_NS | Cpu.SCR_RW, SystemRegisters.HCR_TSC, EL1H, SMC_12);
        assertEquals(2, nonSecure.el, "TSC traps a Non-secure EL1 SMC to EL2 first");
        assertEquals(TestMachine.CODE + 0x100, nonSecure.elr[2]);
    }

    @Test
    void scrIrqRoutesPhysicalIrqToEl3WhateverPstateMasksBelow() {
        TestMachine m = new TestMachine(3);
        Cpu cpu = m.cpu;
        cpu.setScrEl3(Cpu.SCR_NS | Cpu.SCR_RW | Cpu.SCR_IRQ);
        cpu.setElAndSpSel(1, true);
        cpu.daif = 0xF << 6;
        m.code(0xd503201f);
        cpu.setIrqLine(true);
        cpu.run(1);
        assertEquals(3, cpu.el);
        assertEquals(EL3_VECTORS + 0x400 + Cpu.VECTOR_IRQ, cpu.pc);
    }

    @Test
    void irqNotRoutedToEl3IsNeverTakenAtEl3() {
        TestMachine m = el3(Cpu.SCR_NS | Cpu.SCR_RW, 0xd503201f, 0xd503201f);
        m.cpu.daif = 0;
        m.cpu.setIrqLine(true);
        Cpu cpu = m.run(4);
        assertEquals(3, cpu.el);
        assertEquals(TestMachine.CODE + 8, cpu.pc, "both NOPs ran, no vector entered");
    }

    @Test
    void securePhysicalTimerAtEl3AndItsAccessRules() {
        TestMachine m = el3(Cpu.SCR_RW, MSR_CNTPS_CTL_X0, MRS_X5_CNTPS_CTL);
        m.cpu.x[0] = GenericTimer.CTL_ENABLE;
        Cpu cpu = m.run(4);
        assertEquals(GenericTimer.CTL_ENABLE | GenericTimer.CTL_ISTATUS, cpu.x[5], "CVAL 0 <= count: condition met");
        assertTrue((cpu.timer.outputs() & GenericTimer.OUT_CNTPS) != 0, "CNTPS output asserted");

        Cpu nonSecure = eretThen(Cpu.SCR_NS | Cpu.SCR_RW, EL1H, MRS_X5_CNTPS_CTL);
        assertEquals(1, nonSecure.el);
        assertEquals(1L << 25, nonSecure.esr[1], "UNDEFINED at Non-secure EL1");
        Cpu secure = eretThen(Cpu.SCR_RW, EL1H, MRS_X5_CNTPS_CTL);
        assertEquals(3, secure.el, "Secure EL1 without SCR_EL3.ST: trapped to EL3");
        assertEquals(ExceptionClass.SYSREG, secure.esr[3] >>> 26);
        Cpu allowed = eretThen(Cpu.SCR_RW | Cpu.SCR_ST, EL1H, MRS_X5_CNTPS_CTL);
        assertEquals(1, allowed.el);
    }

    @Test
    void cptrEl3TfpTrapsFpAtEveryElToEl3() {
        TestMachine m = el3(Cpu.SCR_NS | Cpu.SCR_RW, MSR_CPTR_EL3_X0, FMOV_D0_X1);
        m.cpu.x[0] = 1L << 10;
        Cpu cpu = m.run(4);
        assertEquals(3, cpu.el);
        assertEquals(ExceptionClass.FP_ACCESS, cpu.esr[3] >>> 26);
        assertEquals(TestMachine.CODE + 4, cpu.elr[3]);

        TestMachine below = new TestMachine(3);
        below.cpu.setScrEl3(Cpu.SCR_NS | Cpu.SCR_RW);
        below.cpu.cptrEl3 = 1L << 10;
        below.cpu.setElAndSpSel(1, true);
        below.cpu.updateFpAccess();
        below.code(FMOV_D0_X1);
        Cpu el1 = below.run(2);
        assertEquals(3, el1.el, "CPACR_EL1 and CPTR_EL2 allow it, CPTR_EL3 traps it");
        assertEquals(ExceptionClass.FP_ACCESS, el1.esr[3] >>> 26);
    }

    @Test
    void cptrEl3TcpacTrapsCpacrAccessesToEl3() {
        // mrs x7, cpacr_el1 at Non-secure EL1, then at EL3 itself (not trapped there).
        int mrsCpacr = 0xd5381047;
        TestMachine m = new TestMachine(3);
        m.cpu.cptrEl3 = 1L << 31;
        m.code(mrsCpacr);
        assertEquals(3, m.run(2).el);
        assertEquals(0, m.cpu.esr[3], "EL3 reads CPACR_EL1 freely");
        TestMachine below = new TestMachine(3);
        below.cpu.setScrEl3(Cpu.SCR_NS | Cpu.SCR_RW);
        below.cpu.cptrEl3 = 1L << 31;
        below.cpu.setElAndSpSel(1, true);
        below.code(mrsCpacr);
        Cpu cpu = below.run(2);
        assertEquals(3, cpu.el);
        assertEquals(ExceptionClass.SYSREG, cpu.esr[3] >>> 26);
    }
}
