package visor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExceptionEntryTest {
    @Test
    void undefinedAtEl1TakesSyncExceptionToEl1CurrentSpx() {
        TestMachine m = new TestMachine(1);
        m.code(0x0000_0000); // UDF #0: permanently undefined
        m.cpu.n = true;
        Cpu cpu = m.run(4);
        assertEquals(TestMachine.VECTORS + 0x200, cpu.pc, "current EL with SPx vector");
        assertEquals(0x0200_0000L, cpu.esr[1], "EC=0 UNKNOWN, IL=1");
        assertEquals(TestMachine.CODE, cpu.elr[1]);
        assertEquals(0x8000_03C5L, cpu.spsr[1], "N set, DAIF masked, EL1h");
        assertEquals(1, cpu.el);
        assertEquals(0xF << 6, cpu.daif);
    }

    @Test
    void undefinedAtEl0GoesToLowerElVector() {
        TestMachine m = new TestMachine(1);
        m.code(0x0000_0000);
        m.cpu.setElAndSpSel(0, false);
        m.cpu.daif = 0;
        Cpu cpu = m.run(4);
        assertEquals(TestMachine.VECTORS + 0x400, cpu.pc, "lower EL using AArch64 vector");
        assertEquals(0L, cpu.spsr[1], "EL0t, nothing masked");
        assertEquals(0x80_0000L, cpu.sp, "SP_EL1 selected on entry");
    }

    @Test
    void undefinedAtEl0WithTgeGoesToEl2() {
        TestMachine m = new TestMachine(1);
        m.code(0x0000_0000);
        m.cpu.mmu.hcrEl2 = Cpu.HCR_TGE;
        m.cpu.setElAndSpSel(0, false);
        Cpu cpu = m.run(4);
        assertEquals(2, cpu.el);
        assertEquals(TestMachine.VECTORS + 0x1000 + 0x400, cpu.pc);
        assertEquals(0x0200_0000L, cpu.esr[2]);
    }

    @Test
    void misalignedPcRaisesPcAlignmentFault() {
        TestMachine m = new TestMachine(1);
        m.cpu.pc = TestMachine.CODE + 2;
        m.cpu.run(1);
        assertEquals(ExceptionClass.PC_ALIGNMENT, (int) (m.cpu.esr[1] >>> 26));
        assertEquals(TestMachine.CODE + 2, m.cpu.far[1]);
        assertEquals(TestMachine.CODE + 2, m.cpu.elr[1]);
    }

    @Test
    void irqIsTakenAtBlockBoundaryOnlyWhenUnmasked() {
        TestMachine m = new TestMachine(1);
        m.code(0x0000_0000);
        m.cpu.setIrqLine(true);
        m.cpu.daif = 0xF << 6;
        m.cpu.stateChanged();
        m.cpu.run(0);
        assertEquals(TestMachine.CODE, m.cpu.pc, "masked IRQ at EL1 is not taken");
        m.cpu.daif = 0;
        m.cpu.run(0);
        assertEquals(TestMachine.VECTORS + 0x200 + Cpu.VECTOR_IRQ, m.cpu.pc);
        assertEquals(TestMachine.CODE, m.cpu.elr[1]);
    }

    @Test
    void irqRoutedToEl2IgnoresPstateMaskAtEl1() {
        TestMachine m = new TestMachine(1);
        m.code(0x0000_0000);
        m.cpu.mmu.hcrEl2 = Cpu.HCR_IMO;
        m.cpu.setIrqLine(true);
        m.cpu.run(0);
        assertEquals(2, m.cpu.el);
        assertEquals(TestMachine.VECTORS + 0x1000 + 0x400 + Cpu.VECTOR_IRQ, m.cpu.pc);
    }

    @Test
    void virtualIrqFromHcrViTakenToEl1() {
        TestMachine m = new TestMachine(1);
        m.code(0x0000_0000);
        m.cpu.daif = 0;
        m.cpu.mmu.hcrEl2 = Cpu.HCR_IMO | Cpu.HCR_VI;
        m.cpu.stateChanged();
        m.cpu.run(0);
        assertEquals(1, m.cpu.el);
        assertEquals(TestMachine.VECTORS + 0x200 + Cpu.VECTOR_IRQ, m.cpu.pc);
    }

    @Test
    void modelledEl2EndsRunWithEl2Exit() {
        TestMachine m = new TestMachine(1);
        m.code(0x0000_0000);
        m.cpu.el2Modelled = true;
        m.cpu.mmu.hcrEl2 = Cpu.HCR_IMO;
        m.cpu.setIrqLine(true);
        assertEquals(ExitReason.EL2, m.cpu.run(100));
        assertEquals(2, m.cpu.el);
    }

    @Test
    void codeWriteInvalidatesDecodedBlock() {
        TestMachine m = new TestMachine(1);
        m.code(0x0000_0000);
        m.cpu.run(1);
        assertEquals(0x0200_0000L, m.cpu.esr[1]);
        // Replace the UDF with a branch-to-self; the cached block must not run again.
        m.memory.write(TestMachine.CODE, 4, 0x14000000);
        m.cpu.esr[1] = 0;
        m.cpu.pc = TestMachine.CODE;
        m.cpu.run(5);
        assertEquals(TestMachine.CODE, m.cpu.pc);
        assertEquals(0L, m.cpu.esr[1]);
    }
}
