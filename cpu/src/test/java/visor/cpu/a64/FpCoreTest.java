package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.TestMachine;

/**
 * FpCore against values worked out from the ARM ARM pseudocode (FPProcessNaNs, FPRoundBase, FPMulAdd,
 * FPToFixed, FPConvert); the same cases agree with qemu-aarch64.
 */
class FpCoreTest {
    private static final long D_ONE = 0x3FF0_0000_0000_0000L, D_TWO = 0x4000_0000_0000_0000L;
    private static final long D_SNAN = 0x7FF4_0000_0000_0001L, D_QNAN = 0xFFF8_0000_0000_0002L;
    private static final long D_INF = 0x7FF0_0000_0000_0000L, D_MIN_NORMAL = 0x0010_0000_0000_0000L;
    private static final long D_DENORMAL = 0x0000_0000_0000_0001L, D_MAX = 0x7FEF_FFFF_FFFF_FFFFL;
    private static final long S_ONE = 0x3F80_0000L, S_THIRD = 0x3EAA_AAABL;

    private Cpu cpu;

    @BeforeEach
    void setUp() {
        cpu = new TestMachine().cpu;
    }

    private static long d(double v) {
        return Double.doubleToRawLongBits(v);
    }

    @Test
    void signallingNanWinsOverQuietAndIsQuietened() {
        // FPProcessNaNs: an SNaN in either operand is chosen before any QNaN, quietened, and raises IOC.
        assertEquals(0x7FFC_0000_0000_0001L, FpCore.add(cpu, 64, D_QNAN, D_SNAN, false));
        assertEquals(FpCore.IOC, cpu.fpsr);
    }

    @Test
    void firstQuietNanPropagatesWithoutFlags() {
        assertEquals(D_QNAN, FpCore.mul(cpu, 64, D_QNAN, 0x7FF8_0000_0000_0005L));
        assertEquals(0, cpu.fpsr);
    }

    @Test
    void defaultNanModeReplacesPropagatedNans() {
        cpu.fpcr = FpCore.FPCR_DN;
        assertEquals(0x7FF8_0000_0000_0000L, FpCore.add(cpu, 64, D_QNAN, D_ONE, false));
        assertEquals(0x7FC0_0000L, FpCore.sqrt(cpu, 32, 0x7FA0_0000L));
        assertEquals(FpCore.IOC, cpu.fpsr);
    }

    @Test
    void invalidOperationsGiveDefaultNan() {
        assertEquals(0x7FF8_0000_0000_0000L, FpCore.add(cpu, 64, D_INF, D_INF | 1L << 63, false));
        assertEquals(0x7FF8_0000_0000_0000L, FpCore.mul(cpu, 64, D_INF, 0));
        assertEquals(0x7FC0_0000L, FpCore.sqrt(cpu, 32, 0xBF80_0000L));
        assertEquals(FpCore.IOC, cpu.fpsr);
    }

    @Test
    void divideByZeroRaisesDzcAndGivesSignedInfinity() {
        assertEquals(D_INF | 1L << 63, FpCore.div(cpu, 64, D_ONE, 1L << 63));
        assertEquals(FpCore.DZC, cpu.fpsr);
    }

    @Test
    void inexactSingleDivision() {
        assertEquals(S_THIRD, FpCore.div(cpu, 32, S_ONE, 0x4040_0000L));
        assertEquals(FpCore.IXC, cpu.fpsr);
    }

    @Test
    void directedRoundingOfOneThird() {
        cpu.fpcr = FpCore.RZ << 22;
        assertEquals(0x3EAA_AAAAL, FpCore.div(cpu, 32, S_ONE, 0x4040_0000L));
        cpu.fpcr = FpCore.RP << 22;
        assertEquals(0x3FD5_5555_5555_5556L, FpCore.div(cpu, 64, D_ONE, d(3.0)));
        cpu.fpcr = FpCore.RM << 22;
        assertEquals(0xBFD5_5555_5555_5556L, FpCore.div(cpu, 64, D_ONE | 1L << 63, d(3.0)));
    }

    @Test
    void overflowRoundsToInfinityOrLargestFinitePerMode() {
        assertEquals(D_INF, FpCore.add(cpu, 64, D_MAX, D_MAX, false));
        assertEquals(FpCore.OFC | FpCore.IXC, cpu.fpsr);
        cpu.fpcr = FpCore.RZ << 22;
        assertEquals(D_MAX, FpCore.mul(cpu, 64, D_MAX, D_TWO));
        cpu.fpcr = FpCore.RM << 22;
        assertEquals(D_MAX, FpCore.mul(cpu, 64, D_MAX, D_TWO));
    }

    @Test
    void tinyInexactResultUnderflows() {
        // 2^-1022 * 0.5 = 2^-1023 is exact as a denormal: no flags. 2^-1074 * 0.5 rounds to zero: UFC|IXC.
        assertEquals(0x0008_0000_0000_0000L, FpCore.mul(cpu, 64, D_MIN_NORMAL, d(0.5)));
        assertEquals(0, cpu.fpsr);
        assertEquals(0L, FpCore.mul(cpu, 64, D_DENORMAL, d(0.5)));
        assertEquals(FpCore.UFC | FpCore.IXC, cpu.fpsr);
    }

    @Test
    void flushToZeroFlushesDenormalInputsAndTinyOutputs() {
        cpu.fpcr = FpCore.FPCR_FZ;
        assertEquals(D_ONE, FpCore.add(cpu, 64, D_ONE, D_DENORMAL, false));
        assertEquals(FpCore.IDC, cpu.fpsr);
        cpu.fpsr = 0;
        // The exact 2^-1023 is below the normal range: flushed to zero with UFC and no IXC.
        assertEquals(0L, FpCore.mul(cpu, 64, D_MIN_NORMAL, d(0.5)));
        assertEquals(FpCore.UFC, cpu.fpsr);
    }

    @Test
    void exactZeroSumIsNegativeOnlyWhenRoundingDown() {
        assertEquals(0L, FpCore.add(cpu, 64, D_ONE, D_ONE, true));
        cpu.fpcr = FpCore.RM << 22;
        assertEquals(1L << 63, FpCore.add(cpu, 64, D_ONE, D_ONE, true));
    }

    @Test
    void fusedMultiplyAddRoundsOnce() {
        // (1 + 2^-52) * (1 - 2^-52) - 1 = -2^-104 exactly; a separate multiply would give 0.
        long a = 0x3FF0_0000_0000_0001L, b = 0x3FEF_FFFF_FFFF_FFFEL;
        assertEquals(d(-0x1p-104), FpCore.mulAdd(cpu, 64, D_ONE | 1L << 63, a, b));
        assertEquals(0, cpu.fpsr);
    }

    @Test
    void infinityTimesZeroWithQuietNanAddendIsInvalid() {
        assertEquals(0x7FF8_0000_0000_0000L, FpCore.mulAdd(cpu, 64, D_QNAN, D_INF, 0));
        assertEquals(FpCore.IOC, cpu.fpsr);
    }

    @Test
    void maxNumIgnoresOneQuietNanAndMaxOfZerosPrefersPositive() {
        assertEquals(D_ONE, FpCore.maxMinNum(cpu, 64, D_QNAN, D_ONE, true));
        assertEquals(0L, FpCore.maxMin(cpu, 64, 1L << 63, 0, true));
        assertEquals(1L << 63, FpCore.maxMin(cpu, 64, 0, 1L << 63, false));
        assertEquals(0, cpu.fpsr);
    }

    @Test
    void toFixedSaturatesAndRoundsPerMode() {
        assertEquals(Integer.MAX_VALUE, FpCore.toFixed(cpu, 64, d(3e9), 0, false, FpCore.RZ, 32));
        assertEquals(FpCore.IOC, cpu.fpsr);
        cpu.fpsr = 0;
        assertEquals(0L, FpCore.toFixed(cpu, 64, D_QNAN, 0, false, FpCore.RZ, 64));
        assertEquals(FpCore.IOC, cpu.fpsr);
        cpu.fpsr = 0;
        assertEquals(2L, FpCore.toFixed(cpu, 64, d(2.5), 0, false, FpCore.RN, 64));
        assertEquals(3L, FpCore.toFixed(cpu, 64, d(2.5), 0, false, FpCore.RNA, 64));
        assertEquals(-3L, FpCore.toFixed(cpu, 64, d(-2.5), 0, false, FpCore.RM, 64));
        assertEquals(FpCore.IXC, cpu.fpsr);
        cpu.fpsr = 0;
        assertEquals(0L, FpCore.toFixed(cpu, 64, d(-0.75), 0, true, FpCore.RZ, 64));
        assertEquals(FpCore.IXC, cpu.fpsr);
        assertEquals(0x28L, FpCore.toFixed(cpu, 32, 0x40A0_0000L, 3, false, FpCore.RZ, 32));
    }

    @Test
    void fixedToFpRoundsPerFpcr() {
        // 2^53 + 1 is not representable: ties-to-even gives 2^53, round up gives 2^53 + 2.
        assertEquals(d(0x1p53), FpCore.fixedToFp(cpu, 64, (1L << 53) + 1, 0, false, FpCore.RN));
        assertEquals(d(0x1p53 + 2), FpCore.fixedToFp(cpu, 64, (1L << 53) + 1, 0, false, FpCore.RP));
        assertEquals(d(0x1p64), FpCore.fixedToFp(cpu, 64, -1L, 0, true, FpCore.RN));
        assertEquals(d(-0.5), FpCore.fixedToFp(cpu, 64, -1L, 1, false, FpCore.RN));
    }

    @Test
    void halfPrecisionConversionsHonourAhp() {
        assertEquals(0x7C00L, FpCore.convert(cpu, 64, 16, d(70000.0)));
        assertEquals(FpCore.OFC | FpCore.IXC, cpu.fpsr);
        cpu.fpsr = 0;
        cpu.fpcr = FpCore.FPCR_AHP;
        // The alternative format has no infinity and reaches 131008: 70000 is 0x7C46, 200000 saturates
        // to 0x7FFF with IOC (not OFC), and 0x7C00 reads back as 65536.
        assertEquals(0x7C46L, FpCore.convert(cpu, 64, 16, d(70000.0)));
        assertEquals(FpCore.IXC, cpu.fpsr);
        cpu.fpsr = 0;
        assertEquals(0x7FFFL, FpCore.convert(cpu, 64, 16, d(200000.0)));
        assertEquals(FpCore.IOC, cpu.fpsr);
        assertEquals(d(65536.0), FpCore.convert(cpu, 16, 64, 0x7C00L));
        assertEquals(0L, FpCore.convert(cpu, 32, 16, 0x7FC0_0000L));
    }

    @Test
    void roundIntTiesAndExactness() {
        assertEquals(d(2.0), FpCore.roundInt(cpu, 64, d(2.5), FpCore.RN, false));
        assertEquals(d(3.0), FpCore.roundInt(cpu, 64, d(2.5), FpCore.RNA, false));
        assertEquals(d(-0.0), FpCore.roundInt(cpu, 64, d(-0.25), FpCore.RN, false));
        assertEquals(0, cpu.fpsr);
        assertEquals(d(-1.0), FpCore.roundInt(cpu, 64, d(-0.25), FpCore.RM, true));
        assertEquals(FpCore.IXC, cpu.fpsr);
    }

    @Test
    void compareReportsUnorderedAndSignalsOnlyWhenAsked() {
        assertEquals(0b0011, FpCore.compare(cpu, 64, D_QNAN, D_ONE, false));
        assertEquals(0, cpu.fpsr);
        assertEquals(0b0011, FpCore.compare(cpu, 64, D_QNAN, D_ONE, true));
        assertEquals(FpCore.IOC, cpu.fpsr);
        assertEquals(0b0110, FpCore.compare(cpu, 64, 0, 1L << 63, false));
        assertEquals(0b1000, FpCore.compare(cpu, 64, D_ONE, D_TWO, false));
        assertEquals(0b0010, FpCore.compare(cpu, 64, D_TWO, D_ONE, false));
    }

    @Test
    void reciprocalEstimateTables() {
        // RecipEstimate(256) = 511 (0.5 -> ~1.996); FRECPE(1.0) = 0x3FEFF000_00000000 (0.998...).
        assertEquals(511, FpCore.recipEstimate(256));
        assertEquals(0x3FEF_F000_0000_0000L, FpCore.recipEstimate(cpu, 64, D_ONE));
        // FRSQRTE(1.0) = 0x3FEFF000_00000000, FRSQRTE(4.0) = 0x3FDFF000_00000000.
        assertEquals(0x3FEF_F000_0000_0000L, FpCore.rsqrtEstimate(cpu, 64, D_ONE));
        assertEquals(0x3FDF_F000_0000_0000L, FpCore.rsqrtEstimate(cpu, 64, d(4.0)));
    }
}
