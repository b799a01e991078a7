package visor.cli.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import visor.cpu.CodeCache;
import visor.cpu.Cpu;
import visor.mmu.PhysicalMemory;

class RegisterFileTest {
    private final PhysicalMemory memory = new PhysicalMemory(1L << 20);
    private final Cpu cpu = new Cpu(0, memory, new CodeCache(memory), () -> 0);

    @Test
    void gLayoutIsCoreThenFpuLittleEndian() {
        cpu.x[0] = 0x1122_3344_5566_7788L;
        cpu.pc = 0x8_0000;
        cpu.vreg[2] = 1; // V1 low half
        String g = RegisterFile.readAll(cpu);
        assertEquals(33 * 16 + 8 + 32 * 32 + 8 + 8, g.length(), "31 X + SP + PC, CPSR 32-bit, 32 V of 128 bits, FPSR, FPCR");
        assertEquals("8877665544332211", g.substring(0, 16));
        assertEquals("0000080000000000", g.substring(32 * 16, 33 * 16), "pc");
        // After reset: EL2h (M = 0b1001), DAIF masked: 0x3c9.
        assertEquals("c9030000", g.substring(33 * 16, 33 * 16 + 8), "cpsr");
        int v1 = 33 * 16 + 8 + 32;
        assertEquals("01000000000000000000000000000000", g.substring(v1, v1 + 32));
    }
}
