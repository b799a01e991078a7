package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.cpu.a64.IntegerTestSupport.assertUndefined;
import static visor.cpu.a64.IntegerTestSupport.nzcv;
import static visor.cpu.a64.IntegerTestSupport.run;
import static visor.cpu.a64.IntegerTestSupport.runFlags;

import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.TestMachine;

class DataProcessingRegisterTest {
    private static long x0(int word, long x1, long x2) {
        return run(word, x1, x2).x[0];
    }

    @Test
    void logicalShifted() {
        assertEquals(0xF0L, x0(0x8a021020, 0xFF0, 0x0F)); // and x0, x1, x2, lsl #4
        assertEquals(0xFF00_0000L, x0(0x0ac22020, -1L, 0xFF)); // and w0, w1, w2, ror #8
        assertEquals(0xF0L, x0(0x8a220020, 0xFF, 0x0F)); // bic x0, x1, x2
        assertEquals(-1L, x0(0xaa82fc20, 1, Long.MIN_VALUE)); // orr x0, x1, x2, asr #63
        assertEquals(0xFFFF_FFFFL, x0(0x2a2203e0, 0, 0)); // orn w0, wzr, w2
        assertEquals(Long.MAX_VALUE, x0(0xca420420, 0, -1L)); // eor x0, x1, x2, lsr #1
        assertEquals(-1L, x0(0xca220020, 0, 0)); // eon x0, x1, x2
    }

    @Test
    void flagSettingLogicals() {
        Cpu c = runFlags(0xea020020, 0b0011, Long.MIN_VALUE, -1L, 0); // ands x0, x1, x2
        assertEquals(Long.MIN_VALUE, c.x[0]);
        assertEquals(0b1000, nzcv(c), "C and V cleared");
        c = runFlags(0x6a220020, 0b0011, 0xF, 0xF, 0); // bics w0, w1, w2
        assertEquals(0L, c.x[0]);
        assertEquals(0b0100, nzcv(c));
    }

    @Test
    void addSubShifted() {
        assertEquals(Long.MIN_VALUE + 1, x0(0x8b02fc20, 1, 1)); // add x0, x1, x2, lsl #63
        assertEquals(4L, x0(0x0b827c20, 5, 0x8000_0000L)); // add w0, w1, w2, asr #31
        Cpu c = run(0xab020020, Long.MAX_VALUE, 1); // adds x0, x1, x2
        assertEquals(0b1001, nzcv(c));
        assertEquals(0xF0L, x0(0xcb421020, 0x100, 0x100)); // sub x0, x1, x2, lsr #4
        c = run(0x6b020020, 1, 2); // subs w0, w1, w2
        assertEquals(0xFFFF_FFFFL, c.x[0]);
        assertEquals(0b1000, nzcv(c));
        c = run(0xeb02003f, -1L, 1); // cmp x1, x2
        assertEquals(0b1010, nzcv(c));
        assertEquals(-5L, x0(0xcb0203e0, 0, 5)); // neg x0, x2
    }

    @Test
    void addSubExtendedWithSp() {
        assertEquals(0x80_0000L + 0xFF * 4, x0(0x8b220be0, 0, 0x1FF)); // add x0, sp, w2, uxtb #2
        assertEquals(0xFFFL, run(0x8b22c03f, 0x1000, 0xFFFF_FFFFL).sp); // add sp, x1, x2, sxtw
        assertEquals(0xFFFF_8010L, x0(0x0b22a020, 0x10, 0x8000)); // add w0, w1, w2, sxth
        Cpu c = run(0xab22d020, 0x10, 0xFFFF_FFFFL); // adds x0, x1, w2, sxtw #4
        assertEquals(0L, c.x[0]);
        assertEquals(0b0110, nzcv(c));
        assertEquals(0x7F_FF00L, x0(0xcb2263e0, 0, 0x100)); // sub x0, sp, x2, uxtx
        c = run(0x6b221020, 0x100, 0x1F0); // subs w0, w1, w2, uxtb #4
        assertEquals(0xFFFF_F200L, c.x[0]);
        assertEquals(0b1000, nzcv(c));
        c = run(0xeb2263ff, 0, 0x80_0000L); // cmp sp, x2
        assertEquals(0b0110, nzcv(c));
    }

    @Test
    void reservedAddSubAndLogicalEncodingsAreUndefined() {
        assertUndefined(run(0x8b2217e0, 0, 0)); // add extended with imm3=5
        assertUndefined(run(0x8bc20020, 0, 0)); // add shifted with shift=11
        assertUndefined(run(0x0b028020, 0, 0)); // add w with imm6=32
        assertUndefined(run(0x0a028020, 0, 0)); // and w with imm6=32
        assertUndefined(run(0x8b620020 | (1 << 21), 0, 0)); // add extended with opt=01 has no row
    }

    @Test
    void addSubWithCarry() {
        assertEquals(4L, runFlags(0x9a020020, 0b0010, 1, 2, 0).x[0]); // adc x0, x1, x2
        Cpu c = runFlags(0x3a020020, 0b0010, 0xFFFF_FFFFL, 0, 0); // adcs w0, w1, w2
        assertEquals(0L, c.x[0]);
        assertEquals(0b0110, nzcv(c));
        assertEquals(1L, runFlags(0xda020020, 0, 5, 3, 0).x[0]); // sbc x0, x1, x2
        c = runFlags(0xfa020020, 0b0010, 5, 5, 0); // sbcs x0, x1, x2
        assertEquals(0L, c.x[0]);
        assertEquals(0b0110, nzcv(c));
        c = runFlags(0x7a0203e0, 0, 0, 0, 0); // ngcs w0, w2
        assertEquals(0xFFFF_FFFFL, c.x[0]);
        assertEquals(0b1000, nzcv(c));
    }

    @Test
    void conditionalCompare() {
        assertEquals(0b0110, nzcv(runFlags(0xba420020, 0b0100, -1L, 1, 0))); // ccmn x1, x2, #0, eq (taken)
        assertEquals(0b0000, nzcv(runFlags(0xba420020, 0b0000, -1L, 1, 0))); // not taken: nzcv field
        assertEquals(0b1000, nzcv(runFlags(0xfa421025, 0b0000, 2, 3, 0))); // ccmp x1, x2, #5, ne
        assertEquals(0b0101, nzcv(runFlags(0xfa421025, 0b0100, 2, 3, 0)));
        assertEquals(0b0110, nzcv(runFlags(0x7a5fa828, 0b0000, 0x1_0000_001FL, 0, 0))); // ccmp w1, #31, #8, ge
        assertEquals(0b1000, nzcv(runFlags(0x7a5fa828, 0b1000, 31, 0, 0)));
        assertEquals(0b0110, nzcv(runFlags(0xba41e82f, 0b1001, -1L, 0, 0))); // ccmn x1, #1, #15, al
    }

    @Test
    void conditionalSelect() {
        assertEquals(7L, runFlags(0x9a820020, 0b0100, 7, 9, 0).x[0]); // csel x0, x1, x2, eq
        assertEquals(9L, runFlags(0x9a820020, 0b0000, 7, 9, 0).x[0]);
        assertEquals(5L, runFlags(0x1a821020, 0b0000, 0x1_0000_0005L, 9, 0).x[0]); // csel w0, w1, w2, ne
        assertEquals(10L, runFlags(0x9a82b420, 0b0000, 7, 9, 0).x[0]); // csinc x0, x1, x2, lt
        assertEquals(7L, runFlags(0x9a82b420, 0b1000, 7, 9, 0).x[0]);
        assertEquals(1L, runFlags(0x9a9f17e0, 0b0100, 0, 0, 0).x[0]); // cset x0, eq
        assertEquals(0L, runFlags(0x9a9f17e0, 0b0000, 0, 0, 0).x[0]);
        assertEquals(0xFFFF_FFF6L, runFlags(0x5a828020, 0b0110, 7, 9, 0).x[0]); // csinv w0, w1, w2, hi
        assertEquals(7L, runFlags(0x5a828020, 0b0010, 7, 9, 0).x[0]);
        assertEquals(-9L, runFlags(0xda824420, 0b0000, 7, 9, 0).x[0]); // csneg x0, x1, x2, mi
        assertUndefined(runFlags(0x9a820020 | (1 << 11), 0, 0, 0, 0)); // op2<1>=1 has no row
    }

    @Test
    void bitAndByteReversal() {
        long v = 0x0102_0304_0506_0708L;
        assertEquals(Long.MIN_VALUE, x0(0xdac00020, 1, 0)); // rbit x0, x1
        assertEquals(0x8000_0000L, x0(0x5ac00020, 1, 0)); // rbit w0, w1
        assertEquals(0x0201_0403_0605_0807L, x0(0xdac00420, v, 0)); // rev16 x0, x1
        assertEquals(0x0605_0807L, x0(0x5ac00420, v, 0)); // rev16 w0, w1
        assertEquals(0x0403_0201_0807_0605L, x0(0xdac00820, v, 0)); // rev32 x0, x1
        assertEquals(0x0807_0605L, x0(0x5ac00820, v, 0)); // rev w0, w1
        assertEquals(0x0807_0605_0403_0201L, x0(0xdac00c20, v, 0)); // rev x0, x1
        assertUndefined(run(0x5ac00c20, 0)); // REV with sf=0, opc=11 has no row
    }

    @Test
    void countLeadingBits() {
        assertEquals(64L, x0(0xdac01020, 0, 0)); // clz x0, x1
        assertEquals(63L, x0(0xdac01020, 1, 0));
        assertEquals(32L, x0(0x5ac01020, 0x1_0000_0000L, 0)); // clz w0, w1
        assertEquals(63L, x0(0xdac01420, 0, 0)); // cls x0, x1
        assertEquals(63L, x0(0xdac01420, -1L, 0));
        assertEquals(62L, x0(0xdac01420, 1, 0));
        assertEquals(0L, x0(0xdac01420, Long.MIN_VALUE, 0));
        assertEquals(31L, x0(0x5ac01420, 0xFFFF_FFFFL, 0)); // cls w0, w1
        assertEquals(30L, x0(0x5ac01420, 0x1_0000_0001L, 0));
    }

    @Test
    void division() {
        assertEquals(Long.MAX_VALUE, x0(0x9ac20820, -1L, 2)); // udiv x0, x1, x2
        assertEquals(0L, x0(0x9ac20820, 5, 0));
        assertEquals(8L, x0(0x1ac20820, 0x1_0000_0010L, 2)); // udiv w0, w1, w2
        assertEquals(Long.MIN_VALUE, x0(0x9ac20c20, Long.MIN_VALUE, -1L)); // sdiv x0, x1, x2
        assertEquals(-3L, x0(0x9ac20c20, -7, 2));
        assertEquals(0L, x0(0x9ac20c20, -7, 0));
        assertEquals(0x8000_0000L, x0(0x1ac20c20, 0x8000_0000L, 0xFFFF_FFFFL)); // sdiv w0, w1, w2
        assertEquals(0xFFFF_FFFDL, x0(0x1ac20c20, 0xFFFF_FFF9L, 2));
        assertEquals(0L, x0(0x1ac20c20, 7, 0x1_0000_0000L));
    }

    @Test
    void variableShifts() {
        assertEquals(2L, x0(0x9ac22020, 1, 65)); // lslv x0, x1, x2: amount mod 64
        assertEquals(2L, x0(0x1ac22020, 1, 33)); // lsl w0, w1, w2: amount mod 32
        assertEquals(1L, x0(0x9ac22420, Long.MIN_VALUE, 63)); // lsrv x0, x1, x2
        assertEquals(0xFFFF_FFFFL, x0(0x1ac22820, 0x8000_0000L, 31)); // asrv w0, w1, w2
        assertEquals(Long.MIN_VALUE, x0(0x9ac22820, Long.MIN_VALUE, 64)); // asrv x0, x1, x2
        assertEquals(Long.MIN_VALUE, x0(0x9ac22c20, 1, 1)); // rorv x0, x1, x2
        assertEquals(0x8000_0000L, x0(0x1ac22c20, 1, 1)); // rorv w0, w1, w2
    }

    @Test
    void crc32() {
        assertEquals(0x4104_7A60L, x0(0x1ac24020, 0, 0xAB)); // crc32b w0, w1, w2
        assertEquals(0x2D7D_97B4L, x0(0x1ac24420, 0x1234_5678L, 0xFFFF_1234L)); // crc32h w0, w1, w2
        assertEquals(0x5092_782DL, x0(0x1ac24820, 0xFFFF_FFFFL, 0x1234_5678L)); // crc32w w0, w1, w2
        // The standard check values of "123456789": init all-ones, final inversion.
        int[] crc = {0x9ac24c20, 0x1ac34000}; // crc32x w0, w1, x2; crc32b w0, w0, w3
        Cpu c = run(crc, 0xFFFF_FFFFL, 0x3837_3635_3433_3231L, '9');
        assertEquals(0xCBF4_3926L, ~c.x[0] & 0xFFFF_FFFFL);
        int[] crcc = {0x9ac25c20, 0x1ac35000}; // crc32cx w0, w1, x2; crc32cb w0, w0, w3
        c = run(crcc, 0xFFFF_FFFFL, 0x3837_3635_3433_3231L, '9');
        assertEquals(0xE306_9283L, ~c.x[0] & 0xFFFF_FFFFL);
        TestMachine m = new TestMachine();
        m.code(0x1ac25420, 0x1ac35800, 0x1ac45400, 0x1ac55000); // crc32ch w0, w1, w2; crc32cw w0, w0, w3;
        // crc32ch w0, w0, w4; crc32cb w0, w0, w5: "12" "3456" "78" "9"
        m.cpu.x[1] = 0xFFFF_FFFFL;
        m.cpu.x[2] = 0x3231;
        m.cpu.x[3] = 0x3635_3433L;
        m.cpu.x[4] = 0xFFFF_3837L; // bits above the halfword are ignored
        m.cpu.x[5] = 0x39;
        assertEquals(0xE306_9283L, ~m.run(8).x[0] & 0xFFFF_FFFFL);
        assertUndefined(run(0x1ac24c20, 0, 0)); // crc32x with sf=0
        assertUndefined(run(0x9ac24020, 0, 0)); // crc32b with sf=1
    }

    @Test
    void multiply() {
        assertEquals(17L, run(0x9b020c20, 3, 4, 5).x[0]); // madd x0, x1, x2, x3
        assertEquals(17L, run(0x1b020c20, 0x1_0000_0003L, 4, 0x1_0000_0005L).x[0]); // madd w0, w1, w2, w3
        assertEquals(-7L, run(0x9b028c20, 3, 4, 5).x[0]); // msub x0, x1, x2, x3
        assertEquals(0xFFFF_FFF4L, run(0x1b02fc20, 3, 4, 0).x[0]); // mneg w0, w1, w2
        assertEquals(4L, run(0x9b220c20, 0xFFFF_FFFEL, 3, 10).x[0]); // smaddl x0, w1, w2, x3
        assertEquals(16L, run(0x9b228c20, 0xFFFF_FFFEL, 3, 10).x[0]); // smsubl x0, w1, w2, x3
        assertEquals(0x1_FFFF_FFFFL, run(0x9ba20c20, 0xFFFF_FFFFL, 2, 1).x[0]); // umaddl x0, w1, w2, x3
        assertEquals(-0x1_FFFF_FFFEL, run(0x9ba28c20, 0xFFFF_FFFFL, 2, 0).x[0]); // umsubl x0, w1, w2, x3
        assertEquals(0L, run(0x9b427c20, -1L, -1L).x[0]); // smulh x0, x1, x2
        assertEquals(0x4000_0000_0000_0000L, run(0x9b427c20, Long.MIN_VALUE, Long.MIN_VALUE).x[0]);
        assertEquals(-1L, run(0x9b427c20, -1L, 1).x[0]);
        assertEquals(-2L, run(0x9bc27c20, -1L, -1L).x[0]); // umulh x0, x1, x2
        assertEquals(1L, run(0x9bc27c20, -1L, 2).x[0]);
        assertUndefined(run(0x1b220c20, 0, 0)); // smaddl with sf=0 has no row
    }
}
