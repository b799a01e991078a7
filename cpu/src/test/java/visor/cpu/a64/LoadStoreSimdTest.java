package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.cpu.a64.IntegerTestSupport.assertEachUndefined;

import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.ExceptionClass;
import visor.cpu.TestMachine;

/** SIMD&FP register loads and stores: B/H/S/D/Q sizes, every addressing form, pairs, zeroing. */
class LoadStoreSimdTest {
    static final long DATA = 0x10_0000;

    private final TestMachine m = new TestMachine();
    private final Cpu cpu = m.cpu;

    private void fillData() {
        for (int i = 0; i < 64; i++) {
            m.memory.write(DATA - 256 + 8L * i, 8, 0x1111_1111_1111_1111L * ((i & 15) + 1) ^ ((long) i << 56));
        }
    }

    private long mem(long address) {
        return m.memory.read(address, 8);
    }

    private void assertV(int n, long lo, long hi) {
        assertEquals(Long.toHexString(lo), Long.toHexString(cpu.vreg[2 * n]), "V" + n + " low");
        assertEquals(Long.toHexString(hi), Long.toHexString(cpu.vreg[2 * n + 1]), "V" + n + " high");
    }

    private void setAllV(long value) {
        java.util.Arrays.fill(cpu.vreg, value);
    }

    @Test
    void loadsOfEachSizeZeroTheRestOfTheRegister() {
        fillData();
        setAllV(-1);
        cpu.x[2] = DATA;
        m.runCode(0x3dc00440 /* ldr q0, [x2, #16] */, 0xfd400441 /* ldr d1, [x2, #8] */, 0xbd400442 /* ldr s2, [x2, #4] */, 0x7d400443 /* ldr h3, [x2, #2] */,
                0x3d400444 /* ldr b4, [x2, #1] */, 0x3dfffc45 /* ldr q5, [x2, #65520] */);
        assertV(0, mem(DATA + 16), mem(DATA + 24));
        assertV(1, mem(DATA + 8), 0);
        assertV(2, mem(DATA) >>> 32, 0);
        assertV(3, (mem(DATA) >>> 16) & 0xFFFF, 0);
        assertV(4, (mem(DATA) >>> 8) & 0xFF, 0);
        assertV(5, mem(DATA + 65520), mem(DATA + 65528));
        assertEquals(m.end(6), cpu.pc);
    }

    @Test
    void storesOfEachSize() {
        setAllV(0);
        cpu.vreg[0] = 0x0102_0304_0506_0708L;
        cpu.vreg[1] = 0x1112_1314_1516_1718L;
        cpu.x[2] = DATA;
        for (int i = 0; i < 8; i++) {
            m.memory.write(DATA + 8L * i, 8, -1L);
        }
        m.runCode(0x3d800040 /* str q0, [x2] */, 0xfd000840 /* str d0, [x2, #16] */, 0xbd001840 /* str s0, [x2, #24] */, 0x7d004040 /* str h0, [x2, #32] */,
                0x3d00a040 /* str b0, [x2, #40] */);
        assertEquals(0x0102_0304_0506_0708L, mem(DATA));
        assertEquals(0x1112_1314_1516_1718L, mem(DATA + 8));
        assertEquals(0x0102_0304_0506_0708L, mem(DATA + 16));
        assertEquals(0xFFFF_FFFF_0506_0708L, mem(DATA + 24));
        assertEquals(0xFFFF_FFFF_FFFF_0708L, mem(DATA + 32));
        assertEquals(0xFFFF_FFFF_FFFF_FF08L, mem(DATA + 40));
    }

    @Test
    void preAndPostIndexAndUnscaled() {
        fillData();
        cpu.x[2] = DATA;
        cpu.x[3] = DATA;
        cpu.vreg[14] = 0xABCDL;
        m.runCode(0x3cde0c40 /* ldr q0, [x2, #-32]! */, 0xfc5f8441 /* ldr d1, [x2], #-8 */, 0xbc5fc062 /* ldur s2, [x3, #-4] */, 0x3cd00063 /* ldur q3, [x3, #-256] */,
                0x7c002c67 /* str h7, [x3, #2]! */, 0xfc00e067 /* stur d7, [x3, #14] */, 0x3c1fe467 /* str b7, [x3], #-2 */);
        assertV(0, mem(DATA - 32), mem(DATA - 24));
        assertV(1, mem(DATA - 32), 0);
        assertEquals(DATA - 40, cpu.x[2]);
        assertV(2, mem(DATA - 8) >>> 32, 0);
        assertV(3, mem(DATA - 256), mem(DATA - 248));
        assertEquals(DATA, cpu.x[3]);
        assertEquals(0xCDL, m.memory.read(DATA + 2, 1));
        assertEquals(0xABCDL, m.memory.read(DATA + 16, 8));
    }

    @Test
    void registerOffsetScalesByTheAccessSize() {
        fillData();
        cpu.x[2] = DATA;
        cpu.x[3] = 2;
        cpu.x[4] = -1;
        m.runCode(0x3ce37840 /* ldr q0, [x2, x3, lsl #4] */, 0xfc64d841 /* ldr d1, [x2, w4, sxtw #3] */, 0xbc637842 /* ldr s2, [x2, x3, lsl #2] */,
                0x7c636843 /* ldr h3, [x2, x3] */, 0x3c646844 /* ldr b4, [x2, x4] */, 0xfc237841 /* str d1, [x2, x3, lsl #3] */);
        assertV(0, mem(DATA + 32), mem(DATA + 40));
        assertV(1, mem(DATA - 8), 0);
        assertV(2, mem(DATA + 8) & 0xFFFF_FFFFL, 0);
        assertV(3, (mem(DATA) >>> 16) & 0xFFFF, 0);
        assertV(4, mem(DATA - 8) >>> 56, 0);
        assertEquals(mem(DATA - 8), mem(DATA + 16));
    }

    @Test
    void qRegisterOffsetUnscaledIsMisalignedOnDevice() {
        cpu.x[2] = DATA;
        cpu.x[3] = 2;
        m.runCode(0x3ce36845 /* ldr q5, [x2, x3] */);
        assertEquals(ExceptionClass.DATA_ABORT_SAME, (int) (cpu.esr[1] >>> 26));
        assertEquals(DATA + 2, cpu.far[1]);
    }

    @Test
    void literalLoads() {
        m.memory.write(TestMachine.CODE + 0x100, 8, 0x0102_0304_0506_0708L);
        m.memory.write(TestMachine.CODE + 0x108, 8, 0x1112_1314_1516_1718L);
        setAllV(-1);
        m.runCode(0x1c000800 /* ldr s0, . + 0x100 */, 0x5c0007e1 /* ldr d1, . + 0xFC */, 0x9c0007c2 /* ldr q2, . + 0xF8 */);
        assertV(0, 0x0506_0708L, 0);
        assertV(1, 0x0102_0304_0506_0708L, 0);
        assertV(2, 0x0102_0304_0506_0708L, 0x1112_1314_1516_1718L);
    }

    @Test
    void pairs() {
        fillData();
        setAllV(-1);
        cpu.x[2] = DATA;
        m.runCode(0xad410440 /* ldp q0, q1, [x2, #32] */, 0x6d7f0c42 /* ldp d2, d3, [x2, #-16] */, 0x2d409444 /* ldp s4, s5, [x2, #4] */, 0xac401c46 /* ldnp q6, q7, [x2] */,
                0x2c402448 /* ldnp s8, s9, [x2] */);
        assertV(0, mem(DATA + 32), mem(DATA + 40));
        assertV(1, mem(DATA + 48), mem(DATA + 56));
        assertV(2, mem(DATA - 16), 0);
        assertV(3, mem(DATA - 8), 0);
        assertV(4, mem(DATA) >>> 32, 0);
        assertV(5, mem(DATA + 8) & 0xFFFF_FFFFL, 0);
        assertV(6, mem(DATA), mem(DATA + 8));
        assertV(7, mem(DATA + 16), mem(DATA + 24));
        assertV(8, mem(DATA) & 0xFFFF_FFFFL, 0);
        assertV(9, mem(DATA) >>> 32, 0);
    }

    @Test
    void pairWritebackAndStores() {
        long sp = cpu.sp;
        for (int i = 0; i < 8; i++) {
            cpu.vreg[i] = 0x100L + i;
        }
        cpu.x[2] = DATA;
        m.memory.write(DATA + 16, 8, 0x77);
        m.memory.write(DATA + 24, 8, 0x88);
        m.runCode(0xadbf07e0 /* stp q0, q1, [sp, #-32]! */, 0x6c810c42 /* stp d2, d3, [x2], #16 */, 0x2dbf0840 /* stp s0, s2, [x2, #-8]! */, 0x6c020843 /* stnp d3, d2, [x2, #32] */,
                0xacc117e4 /* ldp q4, q5, [sp], #32 */, 0x6dc09c46 /* ldp d6, d7, [x2, #8]! */);
        assertEquals(sp, cpu.sp);
        assertEquals(0x100L, mem(sp - 32));
        assertEquals(0x101L, mem(sp - 24));
        assertEquals(0x102L, mem(sp - 16));
        assertEquals(0x103L, mem(sp - 8));
        assertV(4, 0x100, 0x101);
        assertV(5, 0x102, 0x103);
        assertEquals(0x104L, mem(DATA));
        assertEquals(0x0000_0104_0000_0100L, mem(DATA + 8));
        assertEquals(0x106L, mem(DATA + 40));
        assertEquals(0x104L, mem(DATA + 48));
        assertEquals(DATA + 16, cpu.x[2]);
        assertV(6, 0x77, 0);
        assertV(7, 0x88, 0);
    }

    @Test
    void ldpWithRtEqualRt2KeepsTheSecondAsQemu() {
        m.memory.write(DATA, 8, 1);
        m.memory.write(DATA + 8, 8, 2);
        cpu.x[2] = DATA;
        m.runCode(0x6d400040 /* ldp d0, d0, [x2] */);
        assertV(0, 2, 0);
    }

    @Test
    void fpAccessTrapComesFirst() {
        cpu.cpacrEl1 = 0;
        cpu.updateFpAccess();
        cpu.sp = 0x80_0008;
        m.runCode(0x3dc003e0 /* ldr q0, [sp] */);
        assertEquals(ExceptionClass.FP_ACCESS, (int) (cpu.esr[1] >>> 26));
    }

    @Test
    void unallocatedIsUndefinedEvenWithFpDisabled() {
        cpu.cpacrEl1 = 0;
        cpu.updateFpAccess();
        m.runCode(0xED400441); // LDP (SIMD&FP) opc=11
        assertEquals(ExceptionClass.UNKNOWN, (int) (cpu.esr[1] >>> 26));
    }

    @Test
    void spAlignmentFault() {
        cpu.sp = 0x80_0008;
        m.runCode(0xfd0003e0 /* str d0, [sp] */);
        assertEquals(ExceptionClass.SP_ALIGNMENT, (int) (cpu.esr[1] >>> 26));
    }

    @Test
    void unallocatedSimdEncodingsAreUndefined() {
        int[] words = {
            0x7DC00041, // LDR (immediate, SIMD&FP) size=01 opc=11
            0xFD800041, // STR size=11 opc=10
            0xBCE04841, // LDR (register, SIMD&FP) size=10 opc=11
            0x3C630841, // LDR (register) option 000
            0xDC000041, // LDR (literal, SIMD&FP) opc=11
            0xED400441, // LDP (SIMD&FP) opc=11
        };
        assertEachUndefined(DATA, words);
    }
}
