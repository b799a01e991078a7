package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import visor.cpu.Cpu;
import visor.cpu.ExceptionClass;
import visor.cpu.TestMachine;

/** Reserved field values of the SIMD&FP encodings are UNDEFINED; disabled SIMD&FP traps with EC 0x07. */
class FpSimdDecodeTest {

    @ParameterizedTest
    @ValueSource(ints = {
            0x1ea22820, // fadd with ftype=10 (unallocated)
            0x1ee22820, // fadd with ftype=11 (half precision is ARMv8.2)
            0x1e224020, // fcvt s0, s1: same source and destination precision
            0x0ee28420, // add v0.1d form (size=11, Q=0)
            0x0e180420, // dup v0.1d, v1.d[1] (Q=0 with D elements)
            0x2e024020, // ext v0.8b with imm4=8
            0x0e62d420, // fadd v0.1d form (sz=1, Q=0)
            0x0f400420, // sshr with immh=1xxx and Q=0
            0x1e020020, // scvtf s0, w1 with scale<5>=0 (fbits > 32)
            0x4e0c3c20, // umov x0, v1.s[1] (X destination needs D)
            0x1e670020, // fmov s0, x1-like: sf=0 with ftype=01
            0x6e70f820, // fmaxv on 2D (sz=1)
            0x0eb1b820, // addv on 2S
            0x2f03f600, // fmov v0.1d, #1.0 (double with Q=0)
            0x4f128820, // mul by element with size=00
    })
    void reservedEncodingsAreUndefined(int insn) {
        TestMachine m = new TestMachine();
        m.code(insn);
        Cpu cpu = m.run(2);
        assertEquals(TestMachine.VECTORS + 0x200, cpu.pc, Integer.toHexString(insn));
        assertEquals((long) ExceptionClass.UNKNOWN << 26 | 1L << 25, cpu.esr[1]);
    }

    /** No two SIMD&FP rows with the same number of fixed bits can match one word (the order would decide). */
    @Test
    void rowsAreUnambiguous() {
        List<Row> rows = new ArrayList<>();
        for (List<Row> group : List.of(FloatingPoint.ROWS, AdvancedSimd.ROWS, SimdPermute.ROWS, SimdFp.ROWS,
                SimdSaturating.ROWS)) {
            rows.addAll(group);
        }
        List<String> clashes = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                Row a = rows.get(i), b = rows.get(j);
                boolean overlap = ((a.value() ^ b.value()) & a.mask() & b.mask()) == 0;
                if (overlap && a.fixedBits() == b.fixedBits()) {
                    clashes.add(a.name() + " / " + b.name());
                }
            }
        }
        assertEquals(List.of(), clashes);
    }

    @Test
    void disabledFpTrapsToEl1WithFpAccessSyndrome() {
        TestMachine m = new TestMachine();
        m.cpu.cpacrEl1 = 0;
        m.cpu.updateFpAccess();
        m.code(0x1e222820); // fadd s0, s1, s2
        Cpu cpu = m.run(2);
        assertEquals(TestMachine.VECTORS + 0x200, cpu.pc);
        assertEquals((long) ExceptionClass.FP_ACCESS << 26 | 1L << 25 | 1L << 24 | 0xEL << 20, cpu.esr[1]);
    }

    @Test
    void scalarWritesClearTheUpperBitsAndTopHalfMovePreservesTheLow() {
        TestMachine m = new TestMachine();
        m.cpu.vreg[0] = 0x1111_2222_3333_4444L;
        m.cpu.vreg[1] = 0x5555_6666_7777_8888L;
        m.cpu.x[1] = 0x3FF0_0000_0000_0000L;
        m.cpu.x[2] = 0xABCDL;
        m.code(0x9e670020, // fmov d0, x1
                0x9eaf0043); // fmov v3.d[1], x2
        m.cpu.vreg[6] = 7;
        Cpu cpu = m.run(4);
        assertEquals(0x3FF0_0000_0000_0000L, cpu.vreg[0]);
        assertEquals(0L, cpu.vreg[1]);
        assertEquals(7L, cpu.vreg[6]);
        assertEquals(0xABCDL, cpu.vreg[7]);
    }
}
