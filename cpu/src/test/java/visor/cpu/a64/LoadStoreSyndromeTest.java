package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import visor.cpu.TestMachine;

/**
 * The instruction syndrome each load/store leaves in {@code cpu.lsSyndrome} for a stage-2 Data Abort
 * (ARM ARM D13.2.39): ISV=1 with SAS/SSE/SRT/SF/AR only for single general-purpose register accesses
 * without writeback (including acquire/release, excluding exclusives); 0 for everything else.
 */
class LoadStoreSyndromeTest {
    static final long DATA = 0x10_0000;

    /** ISS[24:14] from its fields. */
    static int iss(int sas, boolean sse, int srt, boolean sf, boolean ar) {
        return 1 << 24 | sas << 22 | (sse ? 1 << 21 : 0) | srt << 16 | (sf ? 1 << 15 : 0) | (ar ? 1 << 14 : 0);
    }

    static Arguments valid(String asm, int word, int sas, boolean sse, int srt, boolean sf, boolean ar) {
        return Arguments.of(asm, word, iss(sas, sse, srt, sf, ar));
    }

    static Arguments none(String asm, int word) {
        return Arguments.of(asm, word, 0);
    }

    static Stream<Arguments> forms() {
        return Stream.of(
                valid("LDR X (unsigned offset)", 0xf9400441 /* ldr x1, [x2, #8] */, 3, false, 1, true, false),
                valid("LDR W (unsigned offset)", 0xb9400443 /* ldr w3, [x2, #4] */, 2, false, 3, false, false),
                valid("LDRB", 0x39400444 /* ldrb w4, [x2, #1] */, 0, false, 4, false, false),
                valid("LDRH", 0x79400445 /* ldrh w5, [x2, #2] */, 1, false, 5, false, false),
                valid("LDRSB X", 0x39800046 /* ldrsb x6, [x2] */, 0, true, 6, true, false),
                valid("LDRSB W", 0x39c00047 /* ldrsb w7, [x2] */, 0, true, 7, false, false),
                valid("LDRSH X", 0x79800048 /* ldrsh x8, [x2] */, 1, true, 8, true, false),
                valid("LDRSH W", 0x79c00049 /* ldrsh w9, [x2] */, 1, true, 9, false, false),
                valid("LDRSW", 0xb980004a /* ldrsw x10, [x2] */, 2, true, 10, true, false),
                valid("STR X", 0xf900004b /* str x11, [x2] */, 3, false, 11, true, false),
                valid("STR W", 0xb900004c /* str w12, [x2] */, 2, false, 12, false, false),
                valid("STRB", 0x3900004d /* strb w13, [x2] */, 0, false, 13, false, false),
                valid("STRH", 0x7900004e /* strh w14, [x2] */, 1, false, 14, false, false),
                valid("LDUR X", 0xf85f804f /* ldur x15, [x2, #-8] */, 3, false, 15, true, false),
                valid("LDURSB W", 0x38dff050 /* ldursb w16, [x2, #-1] */, 0, true, 16, false, false),
                valid("LDURSH X", 0x789fe040 /* ldursh x0, [x2, #-2] */, 1, true, 0, true, false),
                valid("LDURSW", 0xb89fc052 /* ldursw x18, [x2, #-4] */, 2, true, 18, true, false),
                valid("LDURB", 0x38403051 /* ldurb w17, [x2, #3] */, 0, false, 17, false, false),
                valid("LDURH", 0x78402051 /* ldurh w17, [x2, #2] */, 1, false, 17, false, false),
                valid("LDUR W", 0xb8404051 /* ldur w17, [x2, #4] */, 2, false, 17, false, false),
                valid("STUR X", 0xf8008053 /* stur x19, [x2, #8] */, 3, false, 19, true, false),
                valid("STUR W", 0xb8004053 /* stur w19, [x2, #4] */, 2, false, 19, false, false),
                valid("STURH", 0x781fe051 /* sturh w17, [x2, #-2] */, 1, false, 17, false, false),
                valid("STURB", 0x381ff051 /* sturb w17, [x2, #-1] */, 0, false, 17, false, false),
                valid("LDR X (register)", 0xf8637853 /* ldr x19, [x2, x3, lsl #3] */, 3, false, 19, true, false),
                valid("LDR W (register)", 0xb8635853 /* ldr w19, [x2, w3, uxtw #2] */, 2, false, 19, false, false),
                valid("LDRSH X (register)", 0x78a36854 /* ldrsh x20, [x2, x3] */, 1, true, 20, true, false),
                valid("LDRSB W (register)", 0x38e36854 /* ldrsb w20, [x2, x3] */, 0, true, 20, false, false),
                valid("LDRSW (register)", 0xb8a3c854 /* ldrsw x20, [x2, w3, sxtw] */, 2, true, 20, true, false),
                valid("STRB (register)", 0x38236855 /* strb w21, [x2, x3] */, 0, false, 21, false, false),
                valid("STRH (register)", 0x78236855 /* strh w21, [x2, x3] */, 1, false, 21, false, false),
                valid("STR X (register)", 0xf8236855 /* str x21, [x2, x3] */, 3, false, 21, true, false),
                valid("LDR X (literal)", 0x58008017 /* ldr x23, . + 4096 */, 3, false, 23, true, false),
                valid("LDR W (literal)", 0x18008017 /* ldr w23, . + 4096 */, 2, false, 23, false, false),
                valid("LDRSW (literal)", 0x98008018 /* ldrsw x24, . + 4096 */, 2, true, 24, true, false),
                valid("LDTR X", 0xf840085a /* ldtr x26, [x2] */, 3, false, 26, true, false),
                valid("LDTR W", 0xb840085a /* ldtr w26, [x2] */, 2, false, 26, false, false),
                valid("LDTRB", 0x3840085a /* ldtrb w26, [x2] */, 0, false, 26, false, false),
                valid("LDTRH", 0x7840085a /* ldtrh w26, [x2] */, 1, false, 26, false, false),
                valid("LDTRSB W", 0x38c0085b /* ldtrsb w27, [x2] */, 0, true, 27, false, false),
                valid("LDTRSB X", 0x3880085b /* ldtrsb x27, [x2] */, 0, true, 27, true, false),
                valid("LDTRSH W", 0x78c0085b /* ldtrsh w27, [x2] */, 1, true, 27, false, false),
                valid("LDTRSH X", 0x7880085b /* ldtrsh x27, [x2] */, 1, true, 27, true, false),
                valid("LDTRSW", 0xb880085d /* ldtrsw x29, [x2] */, 2, true, 29, true, false),
                valid("STTR X", 0xf800085c /* sttr x28, [x2] */, 3, false, 28, true, false),
                valid("STTR W", 0xb800085c /* sttr w28, [x2] */, 2, false, 28, false, false),
                valid("STTRH", 0x7800085c /* sttrh w28, [x2] */, 1, false, 28, false, false),
                valid("STTRB", 0x3800085c /* sttrb w28, [x2] */, 0, false, 28, false, false),
                valid("LDR XZR", 0xf940005f /* ldr xzr, [x2] */, 3, false, 31, true, false),
                valid("STR WZR", 0xb900005f /* str wzr, [x2] */, 2, false, 31, false, false),
                valid("LDAR X", 0xc8dffc41 /* ldar x1, [x2] */, 3, false, 1, true, true),
                valid("LDAR W", 0x88dffc41 /* ldar w1, [x2] */, 2, false, 1, false, true),
                valid("LDARB", 0x08dffc43 /* ldarb w3, [x2] */, 0, false, 3, false, true),
                valid("LDARH", 0x48dffc43 /* ldarh w3, [x2] */, 1, false, 3, false, true),
                valid("STLR X", 0xc89ffc44 /* stlr x4, [x2] */, 3, false, 4, true, true),
                valid("STLR W", 0x889ffc44 /* stlr w4, [x2] */, 2, false, 4, false, true),
                valid("STLRB", 0x089ffc45 /* stlrb w5, [x2] */, 0, false, 5, false, true),
                valid("STLRH", 0x489ffc45 /* stlrh w5, [x2] */, 1, false, 5, false, true),
                none("LDR pre-index", 0xf8408c41 /* ldr x1, [x2, #8]! */),
                none("LDR post-index", 0xf8408441 /* ldr x1, [x2], #8 */),
                none("STRB pre-index", 0x38001c41 /* strb w1, [x2, #1]! */),
                none("STRH post-index", 0x78002441 /* strh w1, [x2], #2 */),
                none("LDRSW post-index", 0xb8804441 /* ldrsw x1, [x2], #4 */),
                none("LDP", 0xa9401041 /* ldp x1, x4, [x2] */),
                none("STP", 0xa9011041 /* stp x1, x4, [x2, #16] */),
                none("LDPSW", 0x69401041 /* ldpsw x1, x4, [x2] */),
                none("LDNP", 0x28401041 /* ldnp w1, w4, [x2] */),
                none("STP pre-index", 0xa9bf1041 /* stp x1, x4, [x2, #-16]! */),
                none("LDXR", 0xc85f7c41 /* ldxr x1, [x2] */),
                none("LDAXRB", 0x085ffc41 /* ldaxrb w1, [x2] */),
                none("STXR", 0xc8057c41 /* stxr w5, x1, [x2] */),
                none("STLXRH", 0x4805fc41 /* stlxrh w5, w1, [x2] */),
                none("LDXP", 0xc87f1041 /* ldxp x1, x4, [x2] */),
                none("STXP", 0xc8251041 /* stxp w5, x1, x4, [x2] */),
                none("LDR Q", 0x3dc00040 /* ldr q0, [x2] */),
                none("LDR B", 0x3d400040 /* ldr b0, [x2] */),
                none("STR D", 0xfd000040 /* str d0, [x2] */),
                none("LDUR S", 0xbc5fc040 /* ldur s0, [x2, #-4] */),
                none("LDR D (register)", 0xfc636840 /* ldr d0, [x2, x3] */),
                none("LDR S (literal)", 0x1c008000 /* ldr s0, . + 4096 */),
                none("LDP Q", 0xad400440 /* ldp q0, q1, [x2] */),
                none("STNP D", 0x6c000440 /* stnp d0, d1, [x2] */),
                none("LD1", 0x4c407040 /* ld1 {v0.16b}, [x2] */),
                none("ST1 lane", 0x0d009040 /* st1 {v0.s}[1], [x2] */),
                none("LD1R", 0x4d40c840 /* ld1r {v0.4s}, [x2] */));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void syndromeOfEachForm(String name, int word, int expected) {
        TestMachine m = new TestMachine();
        m.code(word);
        m.cpu.x[2] = DATA;
        m.cpu.x[3] = 0;
        m.cpu.lsSyndrome = 0x7FFF_FFFF;
        m.run(2);
        assertEquals(m.end(1), m.cpu.pc, "no exception");
        assertEquals(Integer.toHexString(expected), Integer.toHexString(m.cpu.lsSyndrome));
    }
}
