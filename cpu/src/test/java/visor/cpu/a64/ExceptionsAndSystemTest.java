package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.cpu.a64.SystemTestSupport.CURRENT_SPX;
import static visor.cpu.a64.SystemTestSupport.EL1_VECTORS;
import static visor.cpu.a64.SystemTestSupport.EL2_VECTORS;
import static visor.cpu.a64.SystemTestSupport.LOWER_A64;
import static visor.cpu.a64.SystemTestSupport.UNDEFINED;
import static visor.cpu.a64.SystemTestSupport.esr;
import static visor.cpu.a64.SystemTestSupport.machineAt;
import static visor.cpu.a64.SystemTestSupport.run;
import static visor.cpu.a64.SystemTestSupport.sysIss;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.ExceptionClass;
import visor.cpu.ExitReason;
import visor.cpu.TestMachine;
import visor.cpu.sysreg.SystemRegisters;

class ExceptionsAndSystemTest {
    private static final int SVC = 0xd4024681;   // svc #0x1234
    private static final int HVC = 0xd40acf02;   // hvc #0x5678
    private static final int SMC = 0xd4135783;   // smc #0x9abc
    private static final int BRK = 0xd4200840;   // brk #0x42
    private static final int HLT = 0xd4400020;   // hlt #0x1
    private static final int DCPS1 = 0xd4a00001; // dcps1
    private static final int ERET = 0xd69f03e0;  // eret
    private static final int NOP = 0xd503201f, YIELD = 0xd503203f, WFE = 0xd503205f, WFI = 0xd503207f;
    private static final int SEV = 0xd503209f, SEVL = 0xd50320bf;
    private static final int BTI_C = 0xd503245f; // bti c (an ARMv8.5 hint: NOP here)
    private static final int CLREX = 0xd5033f5f, DSB_SY = 0xd5033f9f, DMB_ISH = 0xd5033bbf, ISB = 0xd5033fdf;
    /** mrs x2, tpidr_el0: TPIDR_EL0 is 7 in machineAt, so X2 = 7 shows that this instruction ran. */
    private static final int MARK = 0xd53bd042;

    // ---- SVC -----------------------------------------------------------------------------------------

    @Test
    void svcFromEl0GoesToEl1WithImmediateAndNextPc() {
        Cpu cpu = run(machineAt(0), SVC);
        assertEquals(1, cpu.el);
        assertEquals(0x5600_1234L, cpu.esr[1]);
        assertEquals(esr(ExceptionClass.SVC64, 0x1234), cpu.esr[1]);
        assertEquals(TestMachine.CODE + 4, cpu.elr[1], "preferred return is the next instruction");
        assertEquals(EL1_VECTORS + LOWER_A64, cpu.pc);
    }

    @Test
    void svcFromEl1StaysAtEl1() {
        Cpu cpu = run(machineAt(1), SVC);
        assertEquals(1, cpu.el);
        assertEquals(EL1_VECTORS + CURRENT_SPX, cpu.pc);
        assertEquals(0x5600_1234L, cpu.esr[1]);
    }

    @Test
    void svcFromEl0WithTgeGoesToEl2() {
        Cpu cpu = run(machineAt(0, SystemRegisters.HCR_TGE), SVC);
        assertEquals(2, cpu.el);
        assertEquals(0x5600_1234L, cpu.esr[2]);
        assertEquals(EL2_VECTORS + LOWER_A64, cpu.pc);
        assertEquals(0L, cpu.esr[1]);
    }

    @Test
    void svcAtEl2StaysAtEl2() {
        Cpu cpu = run(machineAt(2), SVC);
        assertEquals(2, cpu.el);
        assertEquals(EL2_VECTORS + CURRENT_SPX, cpu.pc);
        assertEquals(TestMachine.CODE + 4, cpu.elr[2]);
    }

    // ---- HVC -----------------------------------------------------------------------------------------

    @Test
    void hvcFromEl1GoesToEl2() {
        Cpu cpu = run(machineAt(1), HVC);
        assertEquals(2, cpu.el);
        assertEquals(0x5A00_5678L, cpu.esr[2]);
        assertEquals(TestMachine.CODE + 4, cpu.elr[2]);
        assertEquals(EL2_VECTORS + LOWER_A64, cpu.pc);
    }

    @Test
    void hvcAtEl0IsUndefined() {
        Cpu cpu = run(machineAt(0), HVC);
        assertEquals(1, cpu.el);
        assertEquals(UNDEFINED, cpu.esr[1]);
        assertEquals(TestMachine.CODE, cpu.elr[1]);
    }

    @Test
    void hvcDisabledByHcdIsUndefined() {
        Cpu cpu = run(machineAt(1, SystemRegisters.HCR_HCD), HVC);
        assertEquals(1, cpu.el);
        assertEquals(UNDEFINED, cpu.esr[1]);
        TestMachine m2 = machineAt(2, SystemRegisters.HCR_HCD);
        assertEquals(UNDEFINED, run(m2, HVC).esr[2]);
    }

    @Test
    void hvcAtEl2GoesToEl2() {
        Cpu cpu = run(machineAt(2), HVC);
        assertEquals(0x5A00_5678L, cpu.esr[2]);
        assertEquals(EL2_VECTORS + CURRENT_SPX, cpu.pc);
    }

    // ---- SMC -----------------------------------------------------------------------------------------

    @Test
    void smcTrappedByTscReturnsToTheSmcItself() {
        Cpu cpu = run(machineAt(1, SystemRegisters.HCR_TSC), SMC);
        assertEquals(2, cpu.el);
        assertEquals(0x5E00_9ABCL, cpu.esr[2]);
        assertEquals(TestMachine.CODE, cpu.elr[2], "preferred return is the SMC");
    }

    @Test
    void smcWithoutEl3IsUndefined() {
        assertEquals(UNDEFINED, run(machineAt(1), SMC).esr[1]);
        assertEquals(UNDEFINED, run(machineAt(2), SMC).esr[2]);
        Cpu cpu = run(machineAt(0, SystemRegisters.HCR_TSC), SMC);
        assertEquals(1, cpu.el, "TSC does not apply at EL0");
        assertEquals(UNDEFINED, cpu.esr[1]);
    }

    // ---- BRK, HLT, DCPS, ERET --------------------------------------------------------------------------

    @Test
    void brkReportsImmediateAndReturnsToItself() {
        Cpu cpu = run(machineAt(1), BRK);
        assertEquals(0xF200_0042L, cpu.esr[1]);
        assertEquals(TestMachine.CODE, cpu.elr[1]);
    }

    @Test
    void brkRoutedToEl2ByTde() {
        TestMachine m = machineAt(0);
        m.cpu.sys.mdcrEl2 = SystemRegisters.MDCR_TDE;
        Cpu cpu = run(m, BRK);
        assertEquals(2, cpu.el);
        assertEquals(0xF200_0042L, cpu.esr[2]);
    }

    @Test
    void hltAndDcpsAreUndefined() {
        assertEquals(UNDEFINED, run(machineAt(1), HLT).esr[1]);
        assertEquals(UNDEFINED, run(machineAt(1), DCPS1).esr[1]);
    }

    @Test
    void eretAtEl0IsUndefined() {
        Cpu cpu = run(machineAt(0), ERET);
        assertEquals(1, cpu.el);
        assertEquals(UNDEFINED, cpu.esr[1]);
    }

    @Test
    void eretReturnsToElrWithSpsr() {
        TestMachine m = machineAt(2);
        m.memory.write(0x9_0000, 4, 0x14000000);
        m.cpu.elr[2] = 0x9_0000;
        m.cpu.spsr[2] = 0x6000_0005L; // Z C, EL1h, DAIF clear
        Cpu cpu = run(m, ERET);
        assertEquals(1, cpu.el);
        assertTrue(cpu.spSel);
        assertEquals(0x9_0000L, cpu.pc);
        assertTrue(cpu.z && cpu.c && !cpu.n && !cpu.v);
        assertEquals(0, cpu.daif);
    }

    // ---- Hints ---------------------------------------------------------------------------------------

    @Test
    void nopYieldAndUnallocatedHintsDoNothing() {
        TestMachine m = machineAt(1);
        Cpu cpu = run(m, NOP, YIELD, BTI_C, MARK);
        assertEquals(7L, cpu.x[2]);
        assertEquals(m.end(4), cpu.pc);
        assertEquals(0L, cpu.esr[1]);
    }

    @Test
    void wfiWithoutInterruptExitsRunAndResumesAfterIt() {
        TestMachine m = machineAt(1);
        m.code(WFI, MARK);
        assertEquals(ExitReason.WFI, m.cpu.run(100));
        assertEquals(TestMachine.CODE + 4, m.cpu.pc);
        assertEquals(ExitReason.WFI, m.cpu.waitingFor());
        assertEquals(ExitReason.WFI, m.cpu.run(100), "still asleep");
        m.cpu.setIrqLine(true);
        m.cpu.daif = 0xF << 6; // masked interrupts still wake WFI
        m.cpu.run(2);
        assertEquals(7L, m.cpu.x[2]);
    }

    @Test
    void wfiWithPendingInterruptDoesNotSleep() {
        TestMachine m = machineAt(1);
        m.cpu.daif = 0xF << 6;
        m.cpu.setIrqLine(true);
        m.cpu.mmu.hcrEl2 = SystemRegisters.HCR_TWI; // not trapped: it would not enter a low-power state
        m.code(WFI, MARK);
        m.cpu.run(2);
        assertNull(m.cpu.waitingFor());
        assertEquals(7L, m.cpu.x[2]);
        assertEquals(0L, m.cpu.esr[2]);
    }

    @Test
    void wfiTrappedByHcrTwiAtEl1() {
        Cpu cpu = run(machineAt(1, SystemRegisters.HCR_TWI), WFI);
        assertEquals(2, cpu.el);
        assertEquals(0x07E0_0000L, cpu.esr[2]);
        assertEquals(TestMachine.CODE, cpu.elr[2]);
        assertNull(cpu.waitingFor());
    }

    @Test
    void wfeTrappedByHcrTweAtEl0HasTiSet() {
        Cpu cpu = run(machineAt(0, SystemRegisters.HCR_TWE), WFE);
        assertEquals(2, cpu.el);
        assertEquals(0x07E0_0001L, cpu.esr[2]);
    }

    @Test
    void wfiAtEl0TrappedToEl1ByNTwiBeforeHcrTwi() {
        TestMachine m = machineAt(0);
        m.cpu.mmu.sctlrEl1 &= ~SystemRegisters.SCTLR_NTWI;
        m.cpu.mmu.hcrEl2 = SystemRegisters.HCR_TWI;
        Cpu cpu = run(m, WFI);
        assertEquals(1, cpu.el, "the EL1 trap has priority");
        assertEquals(esr(ExceptionClass.WFX, 1 << 24 | 0xE << 20), cpu.esr[1]);
        assertEquals(EL1_VECTORS + LOWER_A64, cpu.pc);
    }

    @Test
    void wfeAtEl0TrappedByNTweGoesToEl2WithTge() {
        TestMachine m = machineAt(0);
        m.cpu.mmu.sctlrEl1 &= ~SystemRegisters.SCTLR_NTWE;
        m.cpu.mmu.hcrEl2 = SystemRegisters.HCR_TGE;
        Cpu cpu = run(m, WFE);
        assertEquals(2, cpu.el);
        assertEquals(0x07E0_0001L, cpu.esr[2]);
    }

    @Test
    void wfiAtEl0WithNTwiSetSleeps() {
        TestMachine m = machineAt(0);
        m.code(WFI);
        assertEquals(ExitReason.WFI, m.cpu.run(10));
        assertEquals(0, m.cpu.el);
    }

    @Test
    void wfeConsumesEventRegisterWithoutTrapping() {
        TestMachine m = machineAt(1, SystemRegisters.HCR_TWE);
        m.cpu.eventRegister = true;
        m.code(WFE, MARK);
        m.cpu.run(2);
        assertFalse(m.cpu.eventRegister);
        assertEquals(7L, m.cpu.x[2]);
        assertEquals(1, m.cpu.el);
    }

    @Test
    void wfeWithoutEventSleeps() {
        TestMachine m = machineAt(1);
        m.code(WFE);
        assertEquals(ExitReason.WFE, m.cpu.run(10));
    }

    @Test
    void sevlSetsOwnEventRegisterSoWfeFallsThrough() {
        TestMachine m = machineAt(1);
        m.code(SEVL, WFE, MARK);
        m.cpu.run(3);
        assertEquals(7L, m.cpu.x[2]);
        assertFalse(m.cpu.eventRegister);
    }

    @Test
    void sevCallsTheMachineHook() {
        TestMachine m = machineAt(1);
        AtomicInteger calls = new AtomicInteger();
        m.cpu.sendEventHook = calls::incrementAndGet;
        run(m, SEV);
        assertEquals(1, calls.get());
    }

    // ---- Barriers, CLREX ---------------------------------------------------------------------------------

    @Test
    void barriersAreNoOpsAndClrexClearsTheMonitor() {
        TestMachine m = machineAt(0);
        m.cpu.exclusiveAddress = 0x1000;
        Cpu cpu = run(m, DSB_SY, DMB_ISH, ISB, CLREX, MARK);
        assertEquals(-1L, cpu.exclusiveAddress);
        assertEquals(7L, cpu.x[2]);
        assertEquals(0, cpu.el);
    }

    @Test
    void unallocatedBarrierIsUndefined() {
        // op2 = 0b111 in the barrier group (SB in ARMv8.5): unallocated in ARMv8.0.
        assertEquals(UNDEFINED, run(machineAt(1), 0xd50330ff).esr[1]);
    }

    @Test
    void isbEndsTheDecodedBlock() {
        assertTrue(A64Decoder.endsBlock(ISB));
    }

    // ---- MSR (immediate) ---------------------------------------------------------------------------------

    @Test
    void msrDaifSetAndClr() {
        TestMachine m = machineAt(1);
        m.cpu.daif = 0;
        Cpu cpu = run(m, 0xd5034fdf, 0xd50342ff); // msr daifset, #0xf ; msr daifclr, #2
        assertEquals(0xD << 6, cpu.daif, "D A F set, I cleared");
    }

    @Test
    void daifClrTakesPendingInterruptAtTheNextInstruction() {
        TestMachine m = machineAt(1);
        m.cpu.daif = 0xF << 6;
        m.cpu.setIrqLine(true);
        Cpu cpu = run(m, 0xd50342ff, MARK); // msr daifclr, #2 ; mrs x2, tpidr_el0
        assertEquals(EL1_VECTORS + CURRENT_SPX + Cpu.VECTOR_IRQ, cpu.pc);
        assertEquals(TestMachine.CODE + 4, cpu.elr[1]);
        assertEquals(0L, cpu.x[2]);
    }

    @Test
    void msrDaifSetAtEl0TrapsUnlessUma() {
        Cpu cpu = run(machineAt(0), 0xd5034fdf); // msr daifset, #0xf
        assertEquals(1, cpu.el);
        assertEquals(0x620C_D3FEL, cpu.esr[1]);
        assertEquals(esr(0x18, sysIss(0, 3, 4, 15, 6, 31, false)), cpu.esr[1]);

        TestMachine ok = machineAt(0);
        ok.cpu.mmu.sctlrEl1 |= SystemRegisters.SCTLR_UMA;
        Cpu c2 = run(ok, 0xd5034fdf);
        assertEquals(0, c2.el);
        assertEquals(0xF << 6, c2.daif);
    }

    @Test
    void msrSpSelSwitchesStackPointer() {
        TestMachine m = machineAt(1);
        Cpu cpu = run(m, 0xd50040bf); // msr spsel, #0
        assertFalse(cpu.spSel);
        assertEquals(0x70_0000L, cpu.sp);
        assertEquals(0x80_0000L, cpu.spEl(1));
        m.cpu.pc = TestMachine.CODE;
        run(m, 0xd50041bf); // msr spsel, #1
        assertTrue(m.cpu.spSel);
        assertEquals(0x80_0000L, m.cpu.sp);
    }

    @Test
    void msrSpSelAtEl0AndPanAreUndefined() {
        assertEquals(UNDEFINED, run(machineAt(0), 0xd50040bf).esr[1]);
        assertEquals(UNDEFINED, run(machineAt(1), 0xd500409f).esr[1], "MSR PAN is ARMv8.1");
    }
}
