package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.TestMachine;

/**
 * Random words from the "Data Processing -- Scalar Floating-Point and Advanced SIMD" space (op0 = x111)
 * with random register contents and FPCR: every one either executes or is UNDEFINED, never a Java
 * exception inside an implementation (which the core counts in {@link Cpu#internalErrors}).
 */
class FpSimdFuzzTest {

    @Test
    void randomSimdFpWordsNeverThrow() {
        TestMachine m = new TestMachine();
        Cpu cpu = m.cpu;
        SplittableRandom rnd = new SplittableRandom(42);
        int executed = 0;
        for (int i = 0; i < 60_000; i++) {
            int insn = (rnd.nextInt() & ~(0x7 << 25)) | (0x7 << 25);
            if (A64Decoder.row(insn) == null) {
                continue;
            }
            m.restartWith(insn);
            for (int r = 0; r < 64; r++) {
                cpu.vreg[r] = rnd.nextLong();
            }
            for (int r = 0; r < 31; r++) {
                cpu.x[r] = rnd.nextLong();
            }
            cpu.fpcr = rnd.nextInt() & (0x7 << 24 | 3 << 22);
            cpu.run(1);
            executed++;
        }
        assertEquals(0, cpu.internalErrors, "internal errors over " + executed + " decoded words");
    }
}
