package visor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Turning stage 1 on with {@code msr sctlr_el1} and no ISB: the instructions after the MSR up to the next
 * branch were prefetched and run from the old (flat) translation; the branch target is fetched through the
 * new tables. Bare-metal tutorials (raspberry-pi-os lesson 06) enable the MMU this way without an identity map.
 */
class PrefetchedStreamTest {
    private static final int MSR_SCTLR_EL1_X0 = 0xd5181000, MOV_X3_1 = 0xd2800023, B_NEXT = 0x14000001;
    private static final int ISB = 0xd5033fdf;

    /** Runs {@code words} at EL1 with X0 = SCTLR_EL1.M until the first exception. */
    private static Cpu mmuOnThen(int... words) {
        TestMachine m = new TestMachine(1);
        for (int i = 0; i < words.length; i++) {
            m.memory.write(TestMachine.CODE + 4L * i, 4, words[i]);
        }
        Cpu cpu = m.cpu;
        cpu.x[0] = 1; // M: TTBR0_EL1 = 0 points at zeroed memory, every fetch through it faults
        cpu.mmu.tcrEl1 = 16;
        for (int i = 0; i < 4 && cpu.esr[1] == 0; i++) {
            cpu.run(1);
        }
        return cpu;
    }

    @Test
    void instructionsUpToTheNextBranchRunFromTheOldTranslation() {
        Cpu cpu = mmuOnThen(MSR_SCTLR_EL1_X0, MOV_X3_1, B_NEXT);
        assertEquals(1, cpu.x[3], "the MOV after the MSR ran");
        assertEquals(ExceptionClass.INSN_ABORT_SAME, cpu.esr[1] >>> 26, "the branch target faults");
        assertEquals(TestMachine.CODE + 12, cpu.far[1]);
    }

    @Test
    void anIsbEndsTheOldTranslation() {
        Cpu cpu = mmuOnThen(MSR_SCTLR_EL1_X0, ISB, MOV_X3_1);
        assertEquals(0, cpu.x[3], "the MOV after the ISB is fetched through the new tables");
        assertEquals(TestMachine.CODE + 8, cpu.far[1]);
    }
}
