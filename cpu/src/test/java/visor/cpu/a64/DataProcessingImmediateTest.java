package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.cpu.a64.IntegerTestSupport.assertUndefined;
import static visor.cpu.a64.IntegerTestSupport.nzcv;
import static visor.cpu.a64.IntegerTestSupport.run;

import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.TestMachine;

class DataProcessingImmediateTest {
    @Test
    void addImmediateAndShiftedImmediate() {
        assertEquals(0x1000L + 0xFFF, run(0x913ffc20, 0x1000).x[0]); // add x0, x1, #0xfff
        assertEquals(0x1000L + 0x1000, run(0x91400420, 0x1000).x[0]); // add x0, x1, #1, lsl #12
    }

    @Test
    void addsSetsCarryAndOverflow() {
        Cpu c = run(0xb1000420, -1L); // adds x0, x1, #1
        assertEquals(0L, c.x[0]);
        assertEquals(0b0110, nzcv(c), "Z and C");
        c = run(0xb1000420, Long.MAX_VALUE);
        assertEquals(Long.MIN_VALUE, c.x[0]);
        assertEquals(0b1001, nzcv(c), "N and V");
    }

    @Test
    void addsWordZeroExtendsAndUsesBit31() {
        Cpu c = run(0x31000420, 0xFFFF_FFFF_7FFF_FFFFL); // adds w0, w1, #1
        assertEquals(0x8000_0000L, c.x[0]);
        assertEquals(0b1001, nzcv(c));
        c = run(0x31000420, 0x0000_0001_FFFF_FFFFL);
        assertEquals(0L, c.x[0]);
        assertEquals(0b0110, nzcv(c));
    }

    @Test
    void subsBorrowClearsCarry() {
        Cpu c = run(0xf1000420, 0); // subs x0, x1, #1
        assertEquals(-1L, c.x[0]);
        assertEquals(0b1000, nzcv(c), "borrow: C clear");
        c = run(0xf1000420, 1);
        assertEquals(0b0110, nzcv(c), "equal: Z and C");
        c = run(0x71000420, 0x8000_0000L); // subs w0, w1, #1
        assertEquals(0x7FFF_FFFFL, c.x[0]);
        assertEquals(0b0011, nzcv(c), "C and V");
    }

    @Test
    void cmpWritesOnlyFlags() {
        Cpu c = run(0xf100143f, 3); // cmp x1, #5
        assertEquals(0b1000, nzcv(c));
        assertEquals(0L, c.x[31], "XZR not written");
    }

    @Test
    void spForms() {
        Cpu c = run(0xd10043ff, 0); // sub sp, sp, #16
        assertEquals(0x80_0000L - 16, c.sp);
        c = run(0x9100003f, 0x1234_5678L); // mov sp, x1
        assertEquals(0x1234_5678L, c.sp);
        c = run(0x910003e0, 0); // mov x0, sp
        assertEquals(0x80_0000L, c.x[0]);
        TestMachine m = new TestMachine();
        m.code(0x110007e0); // add w0, wsp, #1
        m.cpu.sp = 0xFFFF_FFFF_FFFF_FFFFL;
        assertEquals(0L, m.run(4).x[0], "32-bit add of WSP wraps and zero-extends");
    }

    @Test
    void logicalImmediates() {
        assertEquals(0x34L, run(0x92401c20, 0x1234).x[0]); // and x0, x1, #0xff
        Cpu c = run(0x927cec3f, 0x1234_5677L); // and sp, x1, #0xfffffffffffffff0
        assertEquals(0x1234_5670L, c.sp);
        assertEquals(0x5555_5555L, run(0x3200f3e0, 0).x[0]); // orr w0, wzr, #0x55555555
        assertEquals(0x8000_0000_0000_0000L ^ 0xF1, run(0xd2410420, 0xF0).x[0]); // eor x0, x1, #0x8000000000000001
    }

    @Test
    void andsImmediateFlags() {
        Cpu c = run(0x72010020, 0xFFFF_FFFF_8000_0001L); // ands w0, w1, #0x80000000
        assertEquals(0x8000_0000L, c.x[0]);
        assertEquals(0b1000, nzcv(c));
        TestMachine m = new TestMachine();
        m.code(0xf27c0c20); // ands x0, x1, #0xf0
        m.cpu.setNzcv(0x3L << 28);
        m.cpu.x[1] = 0x0F;
        c = m.run(4);
        assertEquals(0L, c.x[0]);
        assertEquals(0b0100, nzcv(c), "Z set, C and V cleared");
    }

    @Test
    void reservedLogicalImmediatesAreUndefined() {
        assertUndefined(run(0x9200fc20, 1)); // N=0 imms=111111: len < 1
        assertUndefined(run(0x12407c20, 1)); // sf=0 with N=1
        assertUndefined(run(0x92407c20 | 0xFC00, 1)); // N=1 imms=111111: all-ones element
    }

    @Test
    void moveWide() {
        assertEquals(0x1234_0000_0000_0000L, run(0xd2e24680, 0).x[0]); // movz x0, #0x1234, lsl #48
        assertEquals(0xFFFF_0000L, run(0x52bfffe0, 0).x[0]); // movz w0, #0xffff, lsl #16
        assertEquals(-1L, run(0x92800000, 0).x[0]); // movn x0, #0
        assertEquals(0xFFFF_FFFFL, run(0x12800000, 0).x[0]); // movn w0, #0
        assertEquals(0xDEAD_BEEF_BEEF_BEEFL, run(0xf2b7dde0, 0).x[0]); // movk x0, #0xbeef, lsl #16
        assertEquals(0xBEEF_BEEFL, run(0x72b7dde0, 0).x[0]); // movk w0, #0xbeef, lsl #16: upper half cleared
        assertUndefined(run(0x52c00000, 0)); // movz w0 with hw=2
        assertUndefined(run(0x32800000, 0)); // opc=01 has no row
    }

    @Test
    void signedBitfield() {
        assertEquals(0xFFFF_FFFF_FFFF_FF80L, run(0x93483c20, 0x8000).x[0]); // sbfx x0, x1, #8, #8
        assertEquals(0xF800_0000L, run(0x13047c20, 0x8000_0000L).x[0]); // asr w0, w1, #4
        assertEquals(0xFFFF_FFFF_8000_0000L, run(0x93407c20, 0x1_8000_0000L).x[0]); // sxtw x0, w1
        assertEquals(0xFFFF_FFFF_8000_0000L & 0xFFFF_FFFFL, run(0x13010020, 1).x[0]); // sbfiz w0, w1, #31, #1
        assertEquals(0xFFFF_FF80L, run(0x13001c20, 0x180).x[0]); // sxtb w0, w1
    }

    @Test
    void unsignedBitfield() {
        assertEquals(0xAL, run(0xd37cfc20, 0xA000_0000_0000_0000L).x[0]); // ubfx x0, x1, #60, #4
        assertEquals(0x8000_0000L, run(0x53010020, 3).x[0]); // lsl w0, w1, #31
        assertEquals(1L, run(0xd37ffc20, Long.MIN_VALUE).x[0]); // lsr x0, x1, #63
        assertEquals(0x2468L, run(0xd37ff820, 0x1234).x[0]); // lsl x0, x1, #1
        assertEquals(Long.MIN_VALUE, run(0xd3410020, 3).x[0]); // ubfiz x0, x1, #63, #1
        assertEquals(0xFFFFL, run(0x53003c20, 0xFFFF_FFFFL).x[0]); // uxth w0, w1
    }

    @Test
    void bitfieldInsertKeepsOtherBits() {
        assertEquals(0xDEAD_BEEF_DE56_78EFL, run(0xb3783c20, 0x1234_5678L).x[0]); // bfi x0, x1, #8, #16
        assertEquals(0xDEAD_BE67L, run(0x33042c20, 0x5678).x[0]); // bfxil w0, w1, #4, #8
    }

    @Test
    void reservedBitfieldsAreUndefined() {
        assertUndefined(run(0x93083c20, 1)); // sbfm x0 with N=0
        assertUndefined(run(0x13483c20, 1)); // sbfm w0 with N=1
        assertUndefined(run(0x53200020, 1)); // ubfm w0 with immr<5>=1
        assertUndefined(run(0x53008020, 1)); // ubfm w0 with imms<5>=1
        assertUndefined(run(0x73000020, 1)); // opc=11 has no row
    }

    @Test
    void extract() {
        assertEquals(0x22FF_EEDD_CCBB_AA99L, run(0x93c22020, 0x1122L, 0xFFEE_DDCC_BBAA_9988L).x[0]); // extr x0, x1, x2, #8
        assertEquals(0x3L, run(0x13827c20, 1, 0x8000_0000L).x[0]); // extr w0, w1, w2, #31
        assertEquals(0x55L, run(0x93c10020, 0x55).x[0]); // ror x0, x1, #0
        assertUndefined(run(0x93822020, 1)); // extr x with N=0
        assertUndefined(run(0x13828020, 1)); // extr w with imms=32
    }

    @Test
    void pcRelative() {
        assertEquals(TestMachine.CODE + 0x100, run(0x10000800, 0).x[0]); // adr x0, .+0x100
        assertEquals(TestMachine.CODE - 4, run(0x10ffffe0, 0).x[0]); // adr x0, .-4
        assertEquals(TestMachine.CODE + 0x5000, run(0xb0000020, 0).x[0]); // adrp x0, .+0x5000
        TestMachine m = new TestMachine();
        m.code(0, 0xb0000020); // page base ignores the low 12 bits of PC
        m.cpu.pc = TestMachine.CODE + 4;
        assertEquals(TestMachine.CODE + 0x5000, m.run(4).x[0]);
    }
}
