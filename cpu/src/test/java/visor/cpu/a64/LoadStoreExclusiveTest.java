package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.cpu.a64.IntegerTestSupport.assertEachUndefined;

import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.ExceptionClass;
import visor.cpu.TestMachine;

/** Load/store exclusive, the exclusive monitor, acquire/release and their alignment checks. */
class LoadStoreExclusiveTest {
    static final long DATA = 0x10_0000;

    private final TestMachine m = new TestMachine();
    private final Cpu cpu = m.cpu;

    /** Normal memory with the MMU off (HCR_EL2.DC), so only the instruction's own alignment check applies. */
    private void normalMemory() {
        m.normalMemory();
    }

    private void assertAlignmentFault(long va, boolean write) {
        assertEquals(TestMachine.VECTORS + 0x200, cpu.pc);
        assertEquals(ExceptionClass.DATA_ABORT_SAME, (int) (cpu.esr[1] >>> 26));
        assertEquals(0x21 | (write ? 1 << 6 : 0), (int) cpu.esr[1] & 0x1FF_FFFF, "DFSC alignment, WnR, ISV=0");
        assertEquals(va, cpu.far[1]);
    }

    @Test
    void ldxrStxrSucceedsAndClearsMonitor() {
        m.memory.write(DATA, 8, 10);
        cpu.x[2] = DATA;
        cpu.x[4] = 11;
        cpu.x[3] = -1;
        m.runCode(0xc85f7c41 /* ldxr x1, [x2] */, 0xc8037c44 /* stxr w3, x4, [x2] */, 0xc8057c44 /* stxr w5, x4, [x2] */);
        assertEquals(10L, cpu.x[1]);
        assertEquals(0L, cpu.x[3], "status 0: stored");
        assertEquals(11L, m.memory.read(DATA, 8));
        assertEquals(1L, cpu.x[5], "monitor cleared by the first store-exclusive");
        assertEquals(-1L, cpu.exclusiveAddress);
    }

    @Test
    void stxrWithoutLoadExclusiveFails() {
        m.memory.write(DATA, 8, 10);
        cpu.x[2] = DATA;
        cpu.x[4] = 11;
        m.runCode(0xc8037c44 /* stxr w3, x4, [x2] */);
        assertEquals(1L, cpu.x[3]);
        assertEquals(10L, m.memory.read(DATA, 8));
    }

    @Test
    void stxrToOtherAddressOrSizeFailsAndClears() {
        cpu.x[2] = DATA;
        cpu.x[6] = DATA + 8;
        cpu.x[4] = 11;
        m.runCode(0xc85f7c41 /* ldxr x1, [x2] */, 0xc8037cc4 /* stxr w3, x4, [x6] */, 0x885f7c41 /* ldxr w1, [x2] */, 0xc8057c44 /* stxr w5, x4, [x2] */, 0x085f7c41 /* ldxrb w1, [x2] */,
                0x48077c44 /* stxrh w7, w4, [x2] */);
        assertEquals(1L, cpu.x[3], "other address");
        assertEquals(1L, cpu.x[5], "other size");
        assertEquals(1L, cpu.x[7], "other size");
        assertEquals(0L, m.memory.read(DATA, 8));
        assertEquals(0L, m.memory.read(DATA + 8, 8));
        assertEquals(-1L, cpu.exclusiveAddress);
    }

    @Test
    void interveningStoreOfAnotherValueFailsTheStoreExclusive() {
        cpu.x[2] = DATA;
        cpu.x[4] = 11;
        cpu.x[5] = 5;
        m.runCode(0x885f7c41 /* ldxr w1, [x2] */, 0xb9000045 /* str w5, [x2] */, 0x88037c44 /* stxr w3, w4, [x2] */);
        assertEquals(1L, cpu.x[3]);
        assertEquals(5L, m.memory.read(DATA, 4));
    }

    @Test
    void byteHalfwordWordAndAcquireReleaseVariants() {
        m.memory.write(DATA, 8, 0x8877_6655_4433_2211L);
        cpu.x[2] = DATA;
        cpu.x[4] = 0xFFFF_FFFF_FFFF_FFFFL;
        m.runCode(0x085f7c41 /* ldxrb w1, [x2] */, 0x080a7c44 /* stxrb w10, w4, [x2] */, 0x485ffc45 /* ldaxrh w5, [x2] */, 0x480bfc44 /* stlxrh w11, w4, [x2] */,
                0x885ffc46 /* ldaxr w6, [x2] */, 0x880cfc5f /* stlxr w12, wzr, [x2] */, 0x885f7c47 /* ldxr w7, [x2] */);
        assertEquals(0x11L, cpu.x[1]);
        assertEquals(0x22FFL, cpu.x[5]);
        assertEquals(0xFFFFL + 0x4433_0000L, cpu.x[6]);
        assertEquals(0L, cpu.x[10] | cpu.x[11] | cpu.x[12]);
        assertEquals(0L, cpu.x[7], "STLXR stored WZR");
        assertEquals(0x8877_6655_0000_0000L, m.memory.read(DATA, 8));
    }

    @Test
    void exclusivePair64() {
        m.memory.write(DATA, 8, 1);
        m.memory.write(DATA + 8, 8, 2);
        cpu.x[3] = DATA;
        cpu.x[5] = 0x55;
        cpu.x[6] = 0x66;
        m.runCode(0xc87f8861 /* ldaxp x1, x2, [x3] */, 0xc8249865 /* stlxp w4, x5, x6, [x3] */, 0xc87f2067 /* ldxp x7, x8, [x3] */, 0xc8291466 /* stxp w9, x6, x5, [x3] */);
        assertEquals(1L, cpu.x[1]);
        assertEquals(2L, cpu.x[2]);
        assertEquals(0L, cpu.x[4]);
        assertEquals(0x55L, cpu.x[7]);
        assertEquals(0x66L, cpu.x[8]);
        assertEquals(0L, cpu.x[9]);
        assertEquals(0x66L, m.memory.read(DATA, 8));
        assertEquals(0x55L, m.memory.read(DATA + 8, 8));
    }

    @Test
    void exclusivePair32IsOneDoubleword() {
        m.memory.write(DATA, 8, 0x2222_2222_1111_1111L);
        cpu.x[3] = DATA;
        cpu.x[5] = 0xAAAA_AAAA_0000_0005L;
        cpu.x[6] = 0x6;
        m.runCode(0x887f0861 /* ldxp w1, w2, [x3] */, 0x88241865 /* stxp w4, w5, w6, [x3] */, 0x88271865 /* stxp w7, w5, w6, [x3] */);
        assertEquals(0x1111_1111L, cpu.x[1]);
        assertEquals(0x2222_2222L, cpu.x[2]);
        assertEquals(0L, cpu.x[4]);
        assertEquals(1L, cpu.x[7]);
        assertEquals(0x0000_0006_0000_0005L, m.memory.read(DATA, 8));
        assertEquals(8, cpu.exclusiveSize, "monitor was armed for the 8-byte pair");
    }

    @Test
    void ldxpWithRtEqualRt2KeepsTheSecondAsQemu() {
        m.memory.write(DATA, 8, 1);
        m.memory.write(DATA + 8, 8, 2);
        cpu.x[3] = DATA;
        m.runCode(0xc87f0461 /* ldxp x1, x1, [x3] */);
        assertEquals(2L, cpu.x[1]);
    }

    @Test
    void pairMonitorNeedsPairSize() {
        cpu.x[3] = DATA;
        m.runCode(0x887f0861 /* ldxp w1, w2, [x3] */, 0xc8241865 /* stxp w4, x5, x6, [x3] */);
        assertEquals(1L, cpu.x[4]);
    }

    @Test
    void loadExclusiveAlignmentFault() {
        normalMemory();
        cpu.x[2] = DATA + 4;
        m.runCode(0xc85f7c41 /* ldxr x1, [x2] */);
        assertAlignmentFault(DATA + 4, false);
    }

    @Test
    void storeExclusiveAlignmentFaultEvenWithoutMonitor() {
        normalMemory();
        cpu.x[2] = DATA + 2;
        m.runCode(0x88037c44 /* stxr w3, w4, [x2] */);
        assertAlignmentFault(DATA + 2, true);
    }

    @Test
    void pairAlignmentIsThePairSize() {
        normalMemory();
        cpu.x[3] = DATA + 8;
        m.runCode(0xc87f0861 /* ldxp x1, x2, [x3] */);
        assertAlignmentFault(DATA + 8, false);
    }

    @Test
    void pair32AlignmentIsEightBytes() {
        normalMemory();
        cpu.x[3] = DATA + 4;
        m.runCode(0x88290861 /* stxp w9, w1, w2, [x3] */);
        assertAlignmentFault(DATA + 4, true);
    }

    @Test
    void plainLoadMisalignedOnNormalMemoryIsFine() {
        normalMemory();
        m.memory.write(DATA, 8, 0x0807_0605_0403_0201L);
        cpu.x[2] = DATA + 1;
        m.runCode(0xb9400041 /* ldr w1, [x2] */, 0x485f7c43 /* ldxrh w3, [x2, #0] */);
        assertEquals(0x0504_0302L, cpu.x[1]);
        assertAlignmentFault(DATA + 1, false);
    }

    @Test
    void acquireReleaseAlignmentFaults() {
        normalMemory();
        cpu.x[2] = DATA + 2;
        m.runCode(0x88dffc41 /* ldar w1, [x2] */);
        assertAlignmentFault(DATA + 2, false);
        TestMachine t = new TestMachine();
        t.normalMemory();
        t.cpu.x[2] = DATA + 1;
        t.code(0x489ffc41 /* stlrh w1, [x2] */);
        t.run(2);
        assertEquals(0x61L, t.cpu.esr[1] & 0x1FF_FFFF);
    }

    @Test
    void loadAcquireStoreRelease() {
        m.memory.write(DATA, 8, 0x8877_6655_4433_2211L);
        cpu.x[2] = DATA;
        cpu.x[9] = 0x0102_0304_0506_0708L;
        m.runCode(0xc8dffc41 /* ldar x1, [x2] */, 0x88dffc43 /* ldar w3, [x2] */, 0x08dffc44 /* ldarb w4, [x2] */, 0x48dffc45 /* ldarh w5, [x2] */, 0x089ffc49 /* stlrb w9, [x2, #0] */,
                0x489ffc49 /* stlrh w9, [x2] */, 0x889ffc49 /* stlr w9, [x2] */, 0xc8dffc46 /* ldar x6, [x2] */, 0xc89ffc49 /* stlr x9, [x2] */, 0xc8dffc47 /* ldar x7, [x2] */);
        assertEquals(0x8877_6655_4433_2211L, cpu.x[1]);
        assertEquals(0x4433_2211L, cpu.x[3]);
        assertEquals(0x11L, cpu.x[4]);
        assertEquals(0x2211L, cpu.x[5]);
        assertEquals(0x8877_6655_0506_0708L, cpu.x[6]);
        assertEquals(0x0102_0304_0506_0708L, cpu.x[7]);
    }

    @Test
    void exclusiveWithSpBaseChecksSpAlignment() {
        cpu.sp = 0x80_0008;
        m.runCode(0xc85f7fe1 /* ldxr x1, [sp] */);
        assertEquals(ExceptionClass.SP_ALIGNMENT, (int) (cpu.esr[1] >>> 26));
    }

    @Test
    void exceptionEntryClearsMonitor() {
        cpu.x[2] = DATA;
        m.runCode(0xc85f7c41 /* ldxr x1, [x2] */, 0x0000_0000);
        assertEquals(-1L, cpu.exclusiveAddress);
    }

    @Test
    void armv81AndLaterEncodingsAreUndefined() {
        int[] words = {
            0xF8BFC041, // LDAPR x1, [x2] (v8.3)
            0xC8A07C41, // CAS x0, x1, [x2] (v8.1)
            0x48207C82, // CASP x0, x1, x2, x3, [x4] (v8.1)
            0xC8DF7C41, // LDLAR x1, [x2] (v8.1 LORegions)
            0xC89F7C41, // STLLR x1, [x2]
            0xF8200041, // LDADD x0, x1, [x2] (v8.1)
        };
        assertEachUndefined(DATA, words);
    }
}
