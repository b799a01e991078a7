package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.cpu.a64.IntegerTestSupport.assertEachUndefined;

import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.ExceptionClass;
import visor.cpu.TestMachine;

/** AdvSIMD structure loads and stores: interleave orders, register lists, lanes, replicate, post-index. */
class LoadStoreStructuresTest {
    static final long DATA = 0x10_0000;
    static final long OUT = 0x20_0000;

    private final TestMachine m = new TestMachine();
    private final Cpu cpu = m.cpu;

    LoadStoreStructuresTest() {
        // Memory byte at DATA + i holds i.
        for (int i = 0; i < 256; i++) {
            m.memory.write(DATA + i, 1, i);
        }
        java.util.Arrays.fill(cpu.vreg, 0x5A5A_5A5A_5A5A_5A5AL);
        cpu.x[0] = DATA;
        cpu.x[1] = OUT;
    }

    /** The little-endian 64-bit value whose byte j is {@code byteAt(j)}. */
    private static long pack(IntUnaryOperator byteAt) {
        long v = 0;
        for (int j = 0; j < 8; j++) {
            v |= (long) (byteAt.applyAsInt(j) & 0xFF) << (8 * j);
        }
        return v;
    }

    /** Memory bytes DATA + first .. first + 7. */
    private static long bytesFrom(int first) {
        return pack(j -> first + j);
    }

    private void assertV(int n, long lo, long hi) {
        assertEquals(Long.toHexString(lo), Long.toHexString(cpu.vreg[2 * n]), "V" + n + " low");
        assertEquals(Long.toHexString(hi), Long.toHexString(cpu.vreg[2 * n + 1]), "V" + n + " high");
    }

    private void assertOutEqualsData(int bytes) {
        for (int i = 0; i < bytes; i++) {
            assertEquals(i, m.memory.read(OUT + i, 1), "byte " + i);
        }
    }

    @Test
    void ld1OneRegister128And64() {
        m.runCode(0x4c407000 /* ld1 {v0.16b}, [x0] */, 0x0c407001 /* ld1 {v1.8b}, [x0] */, 0x0c407c02 /* ld1 {v2.1d}, [x0] */);
        assertV(0, bytesFrom(0), bytesFrom(8));
        assertV(1, bytesFrom(0), 0);
        assertV(2, bytesFrom(0), 0);
        assertEquals(DATA, cpu.x[0]);
    }

    @Test
    void ld1TwoRegistersPostIndexImmediate() {
        m.runCode(0x4cdfa800 /* ld1 {v0.4s, v1.4s}, [x0], #32 */);
        assertV(0, bytesFrom(0), bytesFrom(8));
        assertV(1, bytesFrom(16), bytesFrom(24));
        assertEquals(DATA + 32, cpu.x[0]);
    }

    @Test
    void ld1FourRegistersWrapAroundV31() {
        m.runCode(0x4c402c1f /* ld1 {v31.2d, v0.2d, v1.2d, v2.2d}, [x0] */, 0x0cdf6403 /* ld1 {v3.4h, v4.4h, v5.4h}, [x0], #24 */);
        assertV(31, bytesFrom(0), bytesFrom(8));
        assertV(0, bytesFrom(16), bytesFrom(24));
        assertV(1, bytesFrom(32), bytesFrom(40));
        assertV(2, bytesFrom(48), bytesFrom(56));
        assertV(3, bytesFrom(0), 0);
        assertV(4, bytesFrom(8), 0);
        assertV(5, bytesFrom(16), 0);
        assertEquals(DATA + 24, cpu.x[0]);
    }

    @Test
    void ld1ElementWiseAtUnalignedAddress() {
        cpu.x[0] = DATA + 4;
        cpu.x[3] = 100;
        m.runCode(0x4cc37800 /* ld1 {v0.4s}, [x0], x3 */, 0x4c007820 /* st1 {v0.4s}, [x1] */);
        assertV(0, bytesFrom(4), bytesFrom(12));
        assertEquals(DATA + 104, cpu.x[0], "register post-index");
        assertEquals(bytesFrom(4), m.memory.read(OUT, 8));
    }

    @Test
    void ld2DeinterleavesHalfwords() {
        m.runCode(0x4c408400 /* ld2 {v0.8h, v1.8h}, [x0] */);
        // Halfword k of memory is bytes 2k, 2k+1; even halfwords go to V0, odd to V1.
        assertV(0, 0x0D0C_0908_0504_0100L, 0x1D1C_1918_1514_1110L);
        assertV(1, 0x0F0E_0B0A_0706_0302L, 0x1F1E_1B1A_1716_1312L);
    }

    @Test
    void ld3DeinterleavesBytes() {
        m.runCode(0x0cdf4000 /* ld3 {v0.8b, v1.8b, v2.8b}, [x0], #24 */);
        for (int s = 0; s < 3; s++) {
            final int sel = s;
            assertV(s, pack(j -> 3 * j + sel), 0);
        }
        assertEquals(DATA + 24, cpu.x[0]);
    }

    @Test
    void ld4DeinterleavesWords() {
        m.runCode(0x4c400800 /* ld4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x0] */);
        for (int s = 0; s < 4; s++) {
            final int sel = s;
            // Lane e of V[s] is word 4e + s: bytes 16e + 4s ...
            long lo = pack(j -> 16 * (j / 4) + 4 * sel + j % 4);
            long hi = pack(j -> 16 * (2 + j / 4) + 4 * sel + j % 4);
            assertV(s, lo, hi);
        }
    }

    @Test
    void ld4Doublewords() {
        m.runCode(0x4c400c00 /* ld4 {v0.2d, v1.2d, v2.2d, v3.2d}, [x0] */);
        assertV(0, bytesFrom(0), bytesFrom(32));
        assertV(3, bytesFrom(24), bytesFrom(56));
    }

    @Test
    void storesInterleaveBackToMemoryOrder() {
        cpu.x[2] = DATA + 64;
        cpu.x[3] = OUT + 64;
        cpu.x[4] = DATA + 128;
        cpu.x[5] = OUT + 128;
        m.runCode(0x4c408400 /* ld2 {v0.8h, v1.8h}, [x0] */, 0x4c008420 /* st2 {v0.8h, v1.8h}, [x1] */,
                0x4c404044 /* ld3 {v4.16b, v5.16b, v6.16b}, [x2] */, 0x4c004064 /* st3 {v4.16b, v5.16b, v6.16b}, [x3] */,
                0x0c400890 /* ld4 {v16.2s, v17.2s, v18.2s, v19.2s}, [x4] */, 0x0c9f08b0 /* st4 {v16.2s, v17.2s, v18.2s, v19.2s}, [x5], #32 */);
        assertOutEqualsData(32);
        for (int i = 0; i < 48; i++) {
            assertEquals(64 + i, m.memory.read(OUT + 64 + i, 1));
        }
        for (int i = 0; i < 32; i++) {
            assertEquals(128 + i, m.memory.read(OUT + 128 + i, 1));
        }
        assertEquals(OUT + 160, cpu.x[5]);
    }

    @Test
    void st1ThreeRegistersAtOddAddress() {
        cpu.x[1] = OUT + 1;
        m.runCode(0x4c406000 /* ld1 {v0.16b, v1.16b, v2.16b}, [x0] */, 0x4c9f6020 /* st1 {v0.16b, v1.16b, v2.16b}, [x1], #48 */);
        for (int i = 0; i < 48; i++) {
            assertEquals(i, m.memory.read(OUT + 1 + i, 1));
        }
        assertEquals(0L, m.memory.read(OUT + 49, 1));
        assertEquals(OUT + 49, cpu.x[1]);
    }

    @Test
    void singleLaneLoadsPreserveOtherLanes() {
        long keep = 0x5A5A_5A5A_5A5A_5A5AL;
        m.runCode(0x4d409000 /* ld1 {v0.s}[3], [x0] */, 0x4d604801 /* ld2 {v1.h, v2.h}[5], [x0] */, 0x4d403c03 /* ld3 {v3.b, v4.b, v5.b}[15], [x0] */,
                0x0d400006 /* ld1 {v6.b}[0], [x0] */, 0x0d408407 /* ld1 {v7.d}[0], [x0] */);
        assertV(0, keep, 0x0302_0100_5A5A_5A5AL);
        assertV(1, keep, 0x5A5A_5A5A_0100_5A5AL);
        assertV(2, keep, 0x5A5A_5A5A_0302_5A5AL);
        assertV(3, keep, 0x005A_5A5A_5A5A_5A5AL);
        assertV(4, keep, 0x015A_5A5A_5A5A_5A5AL);
        assertV(5, keep, 0x025A_5A5A_5A5A_5A5AL);
        assertV(6, 0x5A5A_5A5A_5A5A_5A00L, keep);
        assertV(7, bytesFrom(0), keep);
    }

    @Test
    void ld4LaneDoublewordPostIndex() {
        m.runCode(0x4dffa400 /* ld4 {v0.d, v1.d, v2.d, v3.d}[1], [x0], #32 */);
        long keep = 0x5A5A_5A5A_5A5A_5A5AL;
        for (int s = 0; s < 4; s++) {
            assertV(s, keep, bytesFrom(8 * s));
        }
        assertEquals(DATA + 32, cpu.x[0]);
    }

    @Test
    void singleLaneStores() {
        cpu.vreg[0] = 0x0706_0504_0302_0100L;
        cpu.vreg[1] = 0x0F0E_0D0C_0B0A_0908L;
        cpu.vreg[2] = 0x1716_1514_1312_1110L;
        cpu.vreg[3] = 0x1F1E_1D1C_1B1A_1918L;
        cpu.x[2] = 3;
        m.runCode(0x4d008420 /* st1 {v0.d}[1], [x1] */, 0x4d208020 /* st2 {v0.s, v1.s}[2], [x1] */);
        assertEquals(0x1B1A_1918_0B0A_0908L, m.memory.read(OUT, 8));
        assertEquals(0L, m.memory.read(OUT + 8, 8));
        TestMachine t = new TestMachine();
        t.cpu.vreg[1] = 0xAAL << 8; // V0.b[9] = 0xAA
        t.cpu.vreg[3] = 0xBBL << 8;
        t.cpu.vreg[5] = 0xCCL << 8;
        t.cpu.vreg[7] = 0xDDL << 8;
        t.cpu.x[1] = OUT;
        t.cpu.x[2] = 3;
        t.code(0x4da22420 /* st4 {v0.b, v1.b, v2.b, v3.b}[9], [x1], x2 */);
        t.run(2);
        assertEquals(0xDDCC_BBAAL, t.memory.read(OUT, 8));
        assertEquals(OUT + 3, t.cpu.x[1], "register post-index");
    }

    @Test
    void replicateLoads() {
        cpu.x[2] = DATA + 5;
        m.runCode(0x4d40c800 /* ld1r {v0.4s}, [x0] */, 0x0d40c041 /* ld1r {v1.8b}, [x2] */, 0x4d60c402 /* ld2r {v2.8h, v3.8h}, [x0] */,
                0x0ddfe804 /* ld3r {v4.2s, v5.2s, v6.2s}, [x0], #12 */);
        assertV(0, 0x0302_0100_0302_0100L, 0x0302_0100_0302_0100L);
        assertV(1, 0x0505_0505_0505_0505L, 0);
        assertV(2, 0x0100_0100_0100_0100L, 0x0100_0100_0100_0100L);
        assertV(3, 0x0302_0302_0302_0302L, 0x0302_0302_0302_0302L);
        assertV(4, 0x0302_0100_0302_0100L, 0);
        assertV(5, 0x0706_0504_0706_0504L, 0);
        assertV(6, 0x0B0A_0908_0B0A_0908L, 0);
        assertEquals(DATA + 12, cpu.x[0]);
    }

    @Test
    void ld4rDoublewordsRegisterPostIndex() {
        cpu.x[3] = -8;
        m.runCode(0x0de3ec1c /* ld4r {v28.1d, v29.1d, v30.1d, v31.1d}, [x0], x3 */, 0x4d60ec00 /* ld4r {v0.2d, v1.2d, v2.2d, v3.2d}, [x0] */);
        for (int s = 0; s < 4; s++) {
            assertV(28 + s, bytesFrom(8 * s), 0);
        }
        assertEquals(DATA - 8, cpu.x[0]);
        assertV(0, 0, 0);
        assertV(1, bytesFrom(0), bytesFrom(0));
    }

    @Test
    void spBaseWithWritebackAndAlignment() {
        long sp = cpu.sp;
        m.runCode(0x4c9fa3e0 /* st1 {v0.16b, v1.16b}, [sp], #32 */, 0x4c4073e2 /* ld1 {v2.16b}, [sp] */);
        assertEquals(sp + 32, cpu.sp);
        cpu.sp = 0x80_0008;
        cpu.pc = TestMachine.CODE + 4;
        m.run(2);
        assertEquals(ExceptionClass.SP_ALIGNMENT, (int) (cpu.esr[1] >>> 26));
    }

    @Test
    void fpAccessTrap() {
        cpu.cpacrEl1 = 0;
        cpu.updateFpAccess();
        m.runCode(0x4c407000 /* ld1 {v0.16b}, [x0] */);
        assertEquals(ExceptionClass.FP_ACCESS, (int) (cpu.esr[1] >>> 26));
    }

    @Test
    void reservedIsUndefinedEvenWithFpDisabled() {
        cpu.cpacrEl1 = 0;
        cpu.updateFpAccess();
        m.runCode(0x0C408C00); // LD2 {v0.1d, v1.1d}
        assertEquals(ExceptionClass.UNKNOWN, (int) (cpu.esr[1] >>> 26));
    }

    @Test
    void reservedStructureEncodingsAreUndefined() {
        int[] words = {
            0x0C408C00, // LD2 {v0.1d, v1.1d}: size=11 with Q=0 and more than one element
            0x0D404400, // LD1 (single structure) H lane with size<0> = 1
            0x0D409400, // LD1 (single structure) D lane with S = 1
            0x0D00C000, // replicate with L = 0
            0x4C417000, // LD1 (multiple structures) without post-index but Rm != 0
            0x4C401000, // multiple structures opcode 0001
        };
        assertEachUndefined(DATA, words);
    }
}
