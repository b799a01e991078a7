package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import visor.cpu.TestMachine;

/** Common SIMD&FP instructions with normal operands and results execute without allocating, in every rounding mode. */
class FpSimdAllocationTest {

    /** FPCR values: each rounding mode, and FZ with DN. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1 << 22, 2 << 22, 3 << 22, 3 << 24})
    void commonInstructionsDoNotAllocate(int fpcr) {
        TestMachine m = new TestMachine();
        m.code(0x1e622820, // fadd d0, d1, d2
                0x1e250883, // fmul s3, s4, s5
                0x1f420026, // fmadd d6, d1, d2, d0
                0x1e621827, // fdiv d7, d1, d2
                0x1e21c088, // fsqrt s8, s4
                0x4eab8549, // add v9.4s, v10.4s, v11.4s
                0x4e2ed5ac, // fadd v12.4s, v13.4s, v14.4s
                0x4e71ce0f, // fmla v15.2d, v16.2d, v17.2d
                0x1e780020, // fcvtzs w0, d1
                0x9e620032, // scvtf d18, x1
                0x1e622020, // fcmp d1, d2
                0x6e30a953, // umaxv b19, v10.16b
                0x4e0b0154, // tbl v20.16b, {v10.16b}, v11.16b
                0x4e6b0d55, // sqadd v21.8h, v10.8h, v11.8h
                0x2f08a556, // uxtl v22.8h, v10.8b
                0x17fffff1); // b loop
        long[] v = m.cpu.vreg;
        v[2] = Double.doubleToRawLongBits(1.1);
        v[4] = Double.doubleToRawLongBits(3.3);
        v[8] = Float.floatToRawIntBits(2.7f);
        v[10] = Float.floatToRawIntBits(1.9f);
        v[20] = 0x0102_0304_0506_0708L;
        v[22] = 0x0F0E_0D0C_0B0A_0908L;
        v[26] = 0x3F80_0000_4000_0000L;
        v[28] = 0x4040_0000_4080_0000L;
        v[32] = Double.doubleToRawLongBits(1.5);
        v[34] = Double.doubleToRawLongBits(2.5);
        m.cpu.x[1] = 12345;
        m.cpu.fpcr = fpcr;
        m.cpu.run(200_000);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        m.cpu.run(1_600_000);
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
        assertTrue(m.cpu.fpsr != 0, "Inexact was raised");
    }
}
