package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.cpu.a64.IntegerTestSupport.assertEachUndefined;

import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.ExceptionClass;
import visor.cpu.TestMachine;

/** General-purpose register loads and stores: addressing arithmetic, writeback, extension, pairs. */
class LoadStoreTest {
    static final long DATA = 0x10_0000;

    private final TestMachine m = new TestMachine();
    private final Cpu cpu = m.cpu;

    private void assertNoException(int words) {
        assertEquals(m.end(words), cpu.pc, "ran to the end without an exception");
    }

    private void assertUndefined() {
        assertEquals(TestMachine.VECTORS + 0x200, cpu.pc);
        assertEquals(ExceptionClass.UNKNOWN, (int) (cpu.esr[1] >>> 26));
    }

    @Test
    void ldrImmediateUnsignedOffsetScalesBySize() {
        m.memory.write(DATA + 8, 8, 0x1122_3344_5566_7788L);
        cpu.x[2] = DATA;
        m.runCode(0xf9400441 /* ldr x1, [x2, #8] */);
        assertEquals(0x1122_3344_5566_7788L, cpu.x[1]);
        assertEquals(DATA, cpu.x[2], "no writeback");
        assertNoException(1);
    }

    @Test
    void ldrWZeroExtendsAndScalesBy4() {
        m.memory.write(DATA, 8, 0x8877_6655_4433_2211L);
        cpu.x[2] = DATA;
        cpu.x[1] = -1;
        m.runCode(0xb9400441 /* ldr w1, [x2, #4] */);
        assertEquals(0x8877_6655L, cpu.x[1]);
    }

    @Test
    void ldrbMaximumOffsetAndLdrh() {
        m.memory.write(DATA + 4095, 1, 0xAB);
        m.memory.write(DATA + 8190, 2, 0xBEEF);
        cpu.x[2] = DATA;
        cpu.x[1] = -1;
        cpu.x[3] = -1;
        m.runCode(0x397ffc41 /* ldrb w1, [x2, #4095] */, 0x797ffc43 /* ldrh w3, [x2, #8190] */);
        assertEquals(0xABL, cpu.x[1]);
        assertEquals(0xBEEFL, cpu.x[3]);
    }

    @Test
    void signExtendingLoads() {
        m.memory.write(DATA, 8, 0x8000_0000_8000_0080L);
        cpu.x[2] = DATA;
        m.runCode(0x39800041 /* ldrsb x1, [x2] */, 0x39c00043 /* ldrsb w3, [x2] */, 0x79800444 /* ldrsh x4, [x2, #2] */, 0x79c00445 /* ldrsh w5, [x2, #2] */,
                0xb9800446 /* ldrsw x6, [x2, #4] */, 0x39800447 /* ldrsb x7, [x2, #1] */, 0x79c00048 /* ldrsh w8, [x2] */);
        assertEquals(0xFFFF_FFFF_FFFF_FF80L, cpu.x[1]);
        assertEquals(0xFFFF_FF80L, cpu.x[3], "32-bit form zero-extends the sign-extended word");
        assertEquals(0xFFFF_FFFF_FFFF_8000L, cpu.x[4]);
        assertEquals(0xFFFF_8000L, cpu.x[5]);
        assertEquals(0xFFFF_FFFF_8000_0000L, cpu.x[6]);
        assertEquals(0L, cpu.x[7], "positive byte stays positive");
        assertEquals(0x80L, cpu.x[8]);
    }

    @Test
    void storesWriteOnlyTheirSize() {
        m.memory.write(DATA, 8, -1L);
        m.memory.write(DATA + 8, 8, -1L);
        m.memory.write(DATA + 16, 8, -1L);
        cpu.x[1] = 0x1122_3344_5566_7788L;
        cpu.x[2] = DATA;
        m.runCode(0x39000041 /* strb w1, [x2] */, 0x79001041 /* strh w1, [x2, #8] */, 0xb9001041 /* str w1, [x2, #16] */, 0xf9000c41 /* str x1, [x2, #24] */);
        assertEquals(0xFFFF_FFFF_FFFF_FF88L, m.memory.read(DATA, 8));
        assertEquals(0xFFFF_FFFF_FFFF_7788L, m.memory.read(DATA + 8, 8));
        assertEquals(0xFFFF_FFFF_5566_7788L, m.memory.read(DATA + 16, 8));
        assertEquals(0x1122_3344_5566_7788L, m.memory.read(DATA + 24, 8));
    }

    @Test
    void preIndexWritesBackTheAccessedAddress() {
        m.memory.write(DATA + 8, 8, 42);
        cpu.x[2] = DATA;
        m.runCode(0xf8408c41 /* ldr x1, [x2, #8]! */);
        assertEquals(42L, cpu.x[1]);
        assertEquals(DATA + 8, cpu.x[2]);
    }

    @Test
    void postIndexAccessesTheBaseThenAddsNegativeOffset() {
        m.memory.write(DATA, 8, 7);
        cpu.x[2] = DATA;
        m.runCode(0xf8500441 /* ldr x1, [x2], #-256 */);
        assertEquals(7L, cpu.x[1]);
        assertEquals(DATA - 256, cpu.x[2]);
    }

    @Test
    void storePreAndPostIndexWithSp() {
        cpu.mmu.sctlrEl1 &= ~(1L << 3);
        cpu.x[1] = 0x55;
        long sp = cpu.sp;
        m.runCode(0xf81f0fe1 /* str x1, [sp, #-16]! */, 0x380ff7e1 /* strb w1, [sp], #255 */, 0x785013e3 /* ldrh w3, [sp, #-255] */);
        assertEquals(0x55L, m.memory.read(sp - 16, 8));
        assertEquals(sp - 16 + 255, cpu.sp);
        assertEquals(0x55L, cpu.x[3]);
        assertNoException(3);
    }

    @Test
    void loadWritebackWithRnEqualRtKeepsTheAddress() {
        m.memory.write(DATA + 8, 8, 99);
        cpu.x[2] = DATA;
        m.runCode(0xf8408c42 /* ldr x2, [x2, #8]! */);
        // CONSTRAINED UNPREDICTABLE; as QEMU, the writeback comes last.
        assertEquals(DATA + 8, cpu.x[2]);
    }

    @Test
    void storeWritebackWithRnEqualRtStoresTheOldValue() {
        cpu.x[2] = DATA;
        m.runCode(0xf8008442 /* str x2, [x2], #8 */, 0xf8008c42 /* str x2, [x2, #8]! */);
        assertEquals(DATA, m.memory.read(DATA, 8));
        assertEquals(DATA + 8, m.memory.read(DATA + 16, 8));
        assertEquals(DATA + 16, cpu.x[2]);
    }

    @Test
    void unscaledOffsets() {
        m.memory.write(DATA - 8, 8, 0x0102_0304_0506_0708L);
        cpu.x[2] = DATA;
        cpu.x[3] = 0xAA;
        m.runCode(0xf85f8041 /* ldur x1, [x2, #-8] */, 0x385ff044 /* ldurb w4, [x2, #-1] */, 0x389ff045 /* ldursb x5, [x2, #-1] */, 0x78dfc046 /* ldursh w6, [x2, #-4] */,
                0xb89f8047 /* ldursw x7, [x2, #-8] */, 0x785fe048 /* ldurh w8, [x2, #-2] */, 0xb85fc049 /* ldur w9, [x2, #-4] */, 0x380ff043 /* sturb w3, [x2, #255] */,
                0x78100043 /* sturh w3, [x2, #-256] */, 0xb8004043 /* stur w3, [x2, #4] */, 0xf8010043 /* stur x3, [x2, #16] */, 0x789fe04a /* ldursh x10, [x2, #-2] */,
                0x38dff04b /* ldursb w11, [x2, #-1] */);
        assertEquals(0x0102_0304_0506_0708L, cpu.x[1]);
        assertEquals(0x01L, cpu.x[4]);
        assertEquals(0x01L, cpu.x[5]);
        assertEquals(0x0304L, cpu.x[6]);
        assertEquals(0x0506_0708L, cpu.x[7]);
        assertEquals(0x0102L, cpu.x[8]);
        assertEquals(0x0102_0304L, cpu.x[9]);
        assertEquals(0xAAL, m.memory.read(DATA + 255, 1));
        assertEquals(0xAAL, m.memory.read(DATA - 256, 2));
        assertEquals(0xAAL, m.memory.read(DATA + 4, 4));
        assertEquals(0xAAL, m.memory.read(DATA + 16, 8));
        assertEquals(0x0102L, cpu.x[10]);
        assertEquals(0x01L, cpu.x[11]);
    }

    @Test
    void registerOffsetExtendsAndShifts() {
        for (int i = 0; i < 8; i++) {
            m.memory.write(DATA - 64 + 8L * i, 8, 0xEE00_0000_0000_0000L | (100 + i));
            m.memory.write(DATA + 8L * i, 8, 200 + i);
        }
        m.memory.write(DATA + 64, 8, 0x640);
        cpu.x[2] = DATA;
        cpu.x[3] = 2;
        cpu.x[4] = 0xFFFF_FFFF_FFFF_FFFFL;
        cpu.x[5] = 0x1_0000_0010L;
        cpu.x[14] = 8;
        m.runCode(0xf8637841 /* ldr x1, [x2, x3, lsl #3] */, 0xf864d846 /* ldr x6, [x2, w4, sxtw #3] */, 0xf864f847 /* ldr x7, [x2, x4, sxtx #3] */,
                0xf8654848 /* ldr x8, [x2, w5, uxtw] */, 0xf86e6849 /* ldr x9, [x2, x14] */, 0xf86e584a /* ldr x10, [x2, w14, uxtw #3] */,
                0x3864684b /* ldrb w11, [x2, x4] */, 0x7864d84c /* ldrh w12, [x2, w4, sxtw #1] */, 0xb863784d /* ldr w13, [x2, x3, lsl #2] */,
                0x78a4784f /* ldrsh x15, [x2, x4, lsl #1] */, 0xf87f6850 /* ldr x16, [x2, xzr] */);
        assertEquals(202L, cpu.x[1]);
        assertEquals(0xEE00_0000_0000_006BL, cpu.x[6], "SXTW of -1, scaled");
        assertEquals(0xEE00_0000_0000_006BL, cpu.x[7]);
        assertEquals(202L, cpu.x[8], "UXTW drops bit 32");
        assertEquals(201L, cpu.x[9]);
        assertEquals(0x640L, cpu.x[10]);
        assertEquals(0xEEL, cpu.x[11]);
        assertEquals(0xEE00L, cpu.x[12]);
        assertEquals(201L, cpu.x[13]);
        assertEquals(0xFFFF_FFFF_FFFF_EE00L, cpu.x[15]);
        assertEquals(200L, cpu.x[16], "Rm = 31 is XZR");
        assertNoException(11);
    }

    @Test
    void registerOffsetWithSubWordOptionIsUndefined() {
        m.runCode(0xF8630841); // LDR x1, [x2, w3, UXTB]: option 000 is unallocated

        assertUndefined();
    }

    @Test
    void strRegisterOffset() {
        cpu.x[1] = 0x1234_5678_9ABC_DEF0L;
        cpu.x[2] = DATA;
        cpu.x[3] = 3;
        m.runCode(0xf8237841 /* str x1, [x2, x3, lsl #3] */, 0x78237841 /* strh w1, [x2, x3, lsl #1] */, 0x38236841 /* strb w1, [x2, x3] */, 0xb8237841 /* str w1, [x2, x3, lsl #2] */);
        assertEquals(0x1234_5678_9ABC_DEF0L, m.memory.read(DATA + 24, 8));
        assertEquals(0xDEF0L, m.memory.read(DATA + 6, 2));
        assertEquals(0xF0L, m.memory.read(DATA + 3, 1));
        assertEquals(0x9ABC_DEF0L, m.memory.read(DATA + 12, 4));
    }

    @Test
    void literalLoads() {
        // The literal is 8-byte aligned: with the MMU off data accesses are Device and must be aligned.
        m.runCode(0x580000c1 /* ldr x1, . + 24 */, 0x180000a2 /* ldr w2, . + 20 */, 0x98000083 /* ldrsw x3, . + 16 */, 0xd8000060 /* prfm pldl1keep, . + 12 */, 0x14000004 /* b . + 16 */,
                0, 0x8000_0001, 0x7766_5544, 0x58ffffc4 /* ldr x4, . - 8 */);
        assertEquals(0x7766_5544_8000_0001L, cpu.x[1]);
        assertEquals(0x7766_5544_8000_0001L, cpu.x[4]);
        assertNoException(9);
        assertEquals(0x8000_0001L, cpu.x[2]);
        assertEquals(0xFFFF_FFFF_8000_0001L, cpu.x[3]);
    }

    @Test
    void literalLoadBackwards() {
        m.memory.write(TestMachine.CODE - 8, 8, 0xCAFEL);
        m.runCode(0x58ffffc4 /* ldr x4, . - 8 */);
        assertEquals(0xCAFEL, cpu.x[4]);
    }

    @Test
    void prefetchesNeverFaultEvenWithMisalignedSp() {
        cpu.x[2] = 0xFFFF_0000_0000_0001L;
        cpu.sp = 0x80_0008;
        m.runCode(0xf9800440 /* prfm pldl1keep, [x2, #8] */, 0xf89fd053 /* prfum pstl2strm, [x2, #-3] */, 0xf8a2784c /* prfm plil3keep, [x2, x2, lsl #3] */,
                0xf98003e0 /* prfm pldl1keep, [sp] */, 0xd8008000 /* prfm pldl1keep, . + 0x1000 */);
        assertNoException(5);
    }

    @Test
    void xzrAsTransferRegister() {
        m.memory.write(DATA, 8, -1L);
        cpu.x[2] = DATA;
        m.runCode(0xf900005f /* str xzr, [x2] */, 0xf940045f /* ldr xzr, [x2, #8] */, 0x3900405f /* strb wzr, [x2, #16] */);
        assertEquals(0L, m.memory.read(DATA, 8));
        assertEquals(0L, cpu.x(31));
    }

    @Test
    void spAlignmentFault() {
        cpu.sp = 0x80_0008;
        m.runCode(0xf94003e1 /* ldr x1, [sp] */);
        assertEquals(ExceptionClass.SP_ALIGNMENT, (int) (cpu.esr[1] >>> 26));
        assertEquals(TestMachine.CODE, cpu.elr[1]);
    }

    @Test
    void spAlignmentCheckUsesTheBaseNotTheAddress() {
        cpu.sp = 0x80_0000;
        m.memory.write(0x80_0008, 8, 5);
        m.runCode(0xf94007e1 /* ldr x1, [sp, #8] */, 0xf8408fe3 /* ldr x3, [sp, #8]! */);
        assertEquals(5L, cpu.x[1]);
        assertEquals(5L, cpu.x[3]);
        assertEquals(0x80_0008L, cpu.sp);
    }

    @Test
    void spAlignmentFaultOnPair() {
        cpu.sp = 0x80_0004;
        m.runCode(0xa9bf0be1 /* stp x1, x2, [sp, #-16]! */);
        assertEquals(ExceptionClass.SP_ALIGNMENT, (int) (cpu.esr[1] >>> 26));
    }

    @Test
    void spAlignmentNotCheckedWhenSctlrSaClear() {
        cpu.mmu.sctlrEl1 &= ~(1L << 3);
        cpu.sp = 0x80_0008;
        m.memory.write(0x80_0008, 8, 3);
        m.runCode(0xf94003e1 /* ldr x1, [sp] */);
        assertEquals(3L, cpu.x[1]);
    }

    @Test
    void unprivilegedLoadsAndStores() {
        m.memory.write(DATA, 8, 0x8000_0000_0000_0080L);
        cpu.x[2] = DATA + 8;
        cpu.x[3] = 0x1122_3344_5566_7788L;
        m.runCode(0xf85f8841 /* ldtr x1, [x2, #-8] */, 0x389f8844 /* ldtrsb x4, [x2, #-8] */, 0x38df8845 /* ldtrsb w5, [x2, #-8] */, 0xb89fc846 /* ldtrsw x6, [x2, #-4] */,
                0x785f8847 /* ldtrh w7, [x2, #-8] */, 0x789fe848 /* ldtrsh x8, [x2, #-2] */, 0x78dfe849 /* ldtrsh w9, [x2, #-2] */, 0x385ff84a /* ldtrb w10, [x2, #-1] */,
                0xb85fc84b /* ldtr w11, [x2, #-4] */, 0xf8008843 /* sttr x3, [x2, #8] */, 0xb8010843 /* sttr w3, [x2, #16] */, 0x78018843 /* sttrh w3, [x2, #24] */,
                0x38020843 /* sttrb w3, [x2, #32] */);
        assertEquals(0x8000_0000_0000_0080L, cpu.x[1]);
        assertEquals(-128L, cpu.x[4]);
        assertEquals(0xFFFF_FF80L, cpu.x[5]);
        assertEquals(0xFFFF_FFFF_8000_0000L, cpu.x[6]);
        assertEquals(0x80L, cpu.x[7]);
        assertEquals(0xFFFF_FFFF_FFFF_8000L, cpu.x[8]);
        assertEquals(0xFFFF_8000L, cpu.x[9]);
        assertEquals(0x80L, cpu.x[10]);
        assertEquals(0x8000_0000L, cpu.x[11]);
        assertEquals(0x1122_3344_5566_7788L, m.memory.read(DATA + 16, 8));
        assertEquals(0x5566_7788L, m.memory.read(DATA + 24, 8));
        assertEquals(0x7788L, m.memory.read(DATA + 32, 8));
        assertEquals(0x88L, m.memory.read(DATA + 40, 8));
    }

    @Test
    void pairsSignedOffset() {
        m.memory.write(DATA - 16, 8, 1);
        m.memory.write(DATA - 8, 8, 2);
        cpu.x[3] = DATA;
        m.runCode(0xa97f0861 /* ldp x1, x2, [x3, #-16] */, 0x297e1464 /* ldp w4, w5, [x3, #-16] */, 0xa87f1c66 /* ldnp x6, x7, [x3, #-16] */, 0x287ea468 /* ldnp w8, w9, [x3, #-12] */);
        assertEquals(1L, cpu.x[1]);
        assertEquals(2L, cpu.x[2]);
        assertEquals(1L, cpu.x[4]);
        assertEquals(0L, cpu.x[5]);
        assertEquals(1L, cpu.x[6]);
        assertEquals(2L, cpu.x[7]);
        assertEquals(0L, cpu.x[8]);
        assertEquals(2L, cpu.x[9]);
        assertEquals(DATA, cpu.x[3]);
    }

    @Test
    void pairPrologueAndEpilogue() {
        long sp = cpu.sp;
        cpu.x[29] = 0x29;
        cpu.x[30] = 0x30;
        m.runCode(0xa9be7bfd /* stp x29, x30, [sp, #-32]! */, 0xa8c20be1 /* ldp x1, x2, [sp], #32 */);
        assertEquals(0x29L, m.memory.read(sp - 32, 8));
        assertEquals(0x30L, m.memory.read(sp - 24, 8));
        assertEquals(0x29L, cpu.x[1]);
        assertEquals(0x30L, cpu.x[2]);
        assertEquals(sp, cpu.sp);
    }

    @Test
    void pairStoresW() {
        cpu.x[1] = 0xAAAA_AAAA_1111_1111L;
        cpu.x[2] = 0x2222_2222L;
        cpu.x[3] = DATA;
        m.runCode(0x29810861 /* stp w1, w2, [x3, #8]! */, 0x28020462 /* stnp w2, w1, [x3, #16] */, 0xa83f8861 /* stnp x1, x2, [x3, #-8] */, 0x28bf0861 /* stp w1, w2, [x3], #-8 */);
        assertEquals(0x2222_2222L, m.memory.read(DATA + 24, 4));
        assertEquals(0x1111_1111L, m.memory.read(DATA + 28, 4));
        assertEquals(0x2222_2222_1111_1111L, m.memory.read(DATA + 8, 8), "post-index stored at the old base");
        assertEquals(DATA, cpu.x[3]);
        assertEquals(0xAAAA_AAAA_1111_1111L, m.memory.read(DATA, 8));
    }

    @Test
    void ldpsw() {
        m.memory.write(DATA, 8, 0x7FFF_FFFF_8000_0000L);
        cpu.x[3] = DATA;
        m.runCode(0x69400861 /* ldpsw x1, x2, [x3] */, 0x68c11464 /* ldpsw x4, x5, [x3], #8 */, 0x69ff1c66 /* ldpsw x6, x7, [x3, #-8]! */);
        assertEquals(0xFFFF_FFFF_8000_0000L, cpu.x[1]);
        assertEquals(0x7FFF_FFFFL, cpu.x[2]);
        assertEquals(0xFFFF_FFFF_8000_0000L, cpu.x[6]);
        assertEquals(DATA, cpu.x[3]);
    }

    @Test
    void pairLoadWritebackOverlapKeepsAddress() {
        m.memory.write(DATA, 8, 1);
        m.memory.write(DATA + 8, 8, 2);
        cpu.x[3] = DATA;
        m.runCode(0xa8c11063 /* ldp x3, x4, [x3], #16 */);
        assertEquals(DATA + 16, cpu.x[3]);
        assertEquals(2L, cpu.x[4]);
    }

    @Test
    void ldpWithRtEqualRt2KeepsTheFirstWordAsQemu() {
        m.memory.write(DATA, 8, 1);
        m.memory.write(DATA + 8, 8, 2);
        cpu.x[2] = DATA;
        m.runCode(0xa9400441 /* ldp x1, x1, [x2] */);
        assertEquals(1L, cpu.x[1]);
    }

    @Test
    void unallocatedLoadStoreEncodingsAreUndefined() {
        int[] words = {
            0xB9C00041, // LDR (immediate) size=10 opc=11
            0xF9C00041, // size=11 opc=11
            0xF8800441, // post-index size=11 opc=10 (no PRFM post-index)
            0xF8800841, // unprivileged size=11 opc=10
            0x68400441, // LDNP opc=01 (no LDNPSW)
            0x68800441, // STP opc=01 L=0 post-index (v8.5 STGP)
            0xE9400441, // LDP opc=11
            0x38200C41, // LDRB with bit 21 and bits 11:10 = 11 (v8.3 LDRAA family)
            0xF8208041, // SWP (v8.1 LSE)
        };
        assertEachUndefined(DATA, words);
    }
}
