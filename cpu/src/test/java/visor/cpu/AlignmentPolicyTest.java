package visor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SP and Device-memory alignment checks under each {@link AlignmentPolicy}. */
class AlignmentPolicyTest {
    static final long DATA = 0x20_0000;
    static final int LDR_X1_SP = 0xf94003e1;   // ldr x1, [sp]
    static final int LDR_X1_X2 = 0xf9400041;   // ldr x1, [x2]

    private final TestMachine m = new TestMachine(1);
    private final List<String> warnings = new ArrayList<>();

    private Cpu run(AlignmentPolicy policy, int insn, int times) {
        m.cpu.alignment = policy;
        m.cpu.alignmentWarnings = warnings::add;
        int[] words = new int[times];
        java.util.Arrays.fill(words, insn);
        return m.runCode(words);
    }

    @Test
    void strictSpMisalignmentIsAnSpAlignmentFault() {
        m.cpu.sp = 0x80_0008;
        Cpu cpu = run(AlignmentPolicy.STRICT, LDR_X1_SP, 1);
        assertEquals(ExceptionClass.SP_ALIGNMENT, (int) (cpu.esr[1] >>> 26));
        assertEquals(TestMachine.CODE, cpu.elr[1]);
    }

    @Test
    void warnLoadsThroughAMisalignedSpAndWarnsOncePerPc() {
        m.cpu.sp = 0x80_0008;
        m.memory.write(0x80_0008, 8, 0x1234_5678_9abcL);
        Cpu cpu = run(AlignmentPolicy.WARN, LDR_X1_SP, 1);
        assertEquals(0x1234_5678_9abcL, cpu.x[1]);
        assertEquals(TestMachine.CODE + 4, cpu.pc, "ran on to the branch-to-self");
        m.cpu.pc = TestMachine.CODE;
        m.run(2);
        assertEquals(List.of("PC 0x80000: SP 0x800008 not 16-byte aligned with SCTLR_EL1.SA=1; a real Cortex-A53"
                + " takes an alignment fault here (alignment = \"strict\")"), warnings);
    }

    @Test
    void strictUnalignedDeviceLoadIsAnAlignmentDataAbort() {
        m.cpu.x[2] = DATA + 4;
        Cpu cpu = run(AlignmentPolicy.STRICT, LDR_X1_X2, 1);
        assertEquals(ExceptionClass.DATA_ABORT_SAME, (int) (cpu.esr[1] >>> 26));
        assertEquals(0x21, (int) cpu.esr[1] & 0x3F, "DFSC alignment fault");
        assertEquals(DATA + 4, cpu.far[1]);
    }

    @Test
    void warnUnalignedDeviceLoadGivesTheValueAndOneWarning() {
        m.memory.write(DATA + 4, 8, 0x1122_3344_5566_7788L);
        m.cpu.x[2] = DATA + 4;
        Cpu cpu = run(AlignmentPolicy.WARN, LDR_X1_X2, 1);
        assertEquals(0x1122_3344_5566_7788L, cpu.x[1]);
        m.cpu.pc = TestMachine.CODE;
        m.run(2);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("PC 0x80000: unaligned 8-byte load from Device memory: MMU off at 0x200004"),
                warnings.get(0));
    }

    @Test
    void lenientIsSilent() {
        m.cpu.sp = 0x80_0008;
        m.cpu.x[2] = DATA + 4;
        m.memory.write(DATA + 4, 8, 7);
        Cpu cpu = run(AlignmentPolicy.LENIENT, LDR_X1_X2, 1);
        assertEquals(7, cpu.x[1]);
        m.cpu.pc = TestMachine.CODE;
        m.memory.write(TestMachine.CODE, 4, LDR_X1_SP);
        m.run(2);
        assertEquals(List.of(), warnings);
        assertEquals(0, cpu.esr[1]);
    }

    @Test
    void alignedDeviceAccessesStayOnTheFastPathUnderWarn() {
        m.memory.write(DATA, 8, 9);
        m.cpu.x[2] = DATA;
        Cpu cpu = run(AlignmentPolicy.WARN, LDR_X1_X2, 3);
        assertEquals(9, cpu.x[1]);
        assertEquals(List.of(), warnings);
    }
}
