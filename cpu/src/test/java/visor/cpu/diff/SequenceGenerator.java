package visor.cpu.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import visor.cpu.a64.A64Decoder;
import visor.cpu.a64.Row;

/**
 * Random instruction sequences over the decoder's rows that are safe at EL0 without memory: the
 * "Data processing -- immediate", "-- register" and "-- scalar floating-point and Advanced SIMD"
 * encoding classes (ARM ARM C4.1, op0 = 100x, x101, x111). Rows are read from {@link A64Decoder#rows()}
 * at run time, so groups merged later are covered without touching this class.
 */
final class SequenceGenerator {
    static final long SP_VALUE = 0x7F_F000L;

    private final List<Row> rows;
    private final Set<Row> allowed;
    private final IntPredicate undefinedAlone;

    /**
     * {@code undefinedAlone} tells whether our core treats a word as UNDEFINED; nine in ten such words
     * are drawn again, so most sequences run to the end while reserved encodings stay covered.
     */
    SequenceGenerator(IntPredicate undefinedAlone) {
        this.undefinedAlone = undefinedAlone;
        List<Row> r = new ArrayList<>();
        for (Row row : A64Decoder.rows()) {
            if (eligible(row)) {
                r.add(row);
            }
        }
        rows = List.copyOf(r);
        allowed = Collections.newSetFromMap(new IdentityHashMap<>());
        allowed.addAll(rows);
    }

    /** The encoding class of a row from its fixed op0 bits (28:25). */
    static boolean eligible(Row row) {
        int mask = row.mask(), value = row.value();
        boolean dpImm = ((mask >>> 26) & 7) == 7 && ((value >>> 26) & 7) == 0b100;
        boolean dpRegOrSimd = ((mask >>> 25) & 7) == 7
                && (((value >>> 25) & 7) == 0b101 || ((value >>> 25) & 7) == 0b111);
        return dpImm || dpRegOrSimd;
    }

    List<Row> rows() {
        return rows;
    }

    Sequence generate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 1 + rnd.nextInt(8);
        int[] words = new int[n];
        for (int i = 0; i < n; i++) {
            words[i] = word(rnd);
        }
        return new Sequence(seed, words, state(rnd));
    }

    /** A word from a random row with random operand bits that the decoder maps to an eligible row. */
    private int word(SplittableRandom rnd) {
        while (true) {
            Row row = rows.get(rnd.nextInt(rows.size()));
            int w = row.value() | (rnd.nextInt() & ~row.mask());
            Row decoded = A64Decoder.row(w);
            if (decoded != null && allowed.contains(decoded) && !cryptographicExtension(w)
                    && (rnd.nextInt(10) == 0 || !undefinedAlone.test(w))) {
                return w;
            }
        }
    }

    /**
     * PMULL/PMULL2 of 64-bit elements (size = 0b11) belong to the Cryptographic Extension, which the
     * BCM2837's Cortex-A53s do not have (ID_AA64ISAR0_EL1.AES = 0): UNDEFINED for us, implemented by
     * qemu's cortex-a53 model. Not a difference worth reporting.
     */
    static boolean cryptographicExtension(int w) {
        return (w & 0xBFE0_FC00) == 0x0EE0_E000;
    }

    private static final long[] X_SPECIAL = {0, 1, 2, -1, -2, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L,
        0x7FFF_FFFFL, 0xFFFF_FFFFL, 0x1_0000_0000L, 0xFFFF_FFFF_8000_0000L, 63, 64, 31, 32};
    private static final int[] F32_SPECIAL = {0, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x7F80_0000, 0xFF80_0000,
        0x7FC0_0000, 0x7F80_0001, 0xFFC0_0001, 1, 0x8000_0001, 0x007F_FFFF, 0x0080_0000, 0x7F7F_FFFF, 0x3F00_0000,
        0x4F00_0000, 0xCF00_0000, 0x5F00_0000};
    private static final long[] F64_SPECIAL = {0, Long.MIN_VALUE, 0x3FF0_0000_0000_0000L, 0xBFF0_0000_0000_0000L,
        0x7FF0_0000_0000_0000L, 0xFFF0_0000_0000_0000L, 0x7FF8_0000_0000_0000L, 0x7FF0_0000_0000_0001L, 1,
        0x000F_FFFF_FFFF_FFFFL, 0x0010_0000_0000_0000L, 0x7FEF_FFFF_FFFF_FFFFL, 0x43E0_0000_0000_0000L,
        0xC3E0_0000_0000_0000L, 0x41E0_0000_0000_0000L, 0x3FE0_0000_0000_0000L};
    private static final short[] F16_SPECIAL = {0, (short) 0x8000, 0x3C00, (short) 0xBC00, 0x7C00, (short) 0xFC00,
        0x7E00, 0x7C01, 1, 0x03FF, 0x0400, 0x7BFF};

    private static long xValue(SplittableRandom rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> X_SPECIAL[rnd.nextInt(X_SPECIAL.length)];
            case 1 -> rnd.nextInt(-64, 65);
            case 2 -> rnd.nextInt() & 0xFFFF_FFFFL;
            default -> rnd.nextLong();
        };
    }

    private static long vHalf(SplittableRandom rnd) {
        switch (rnd.nextInt(6)) {
            case 0:
                return rnd.nextLong();
            case 1: {
                long lo = f32(rnd) & 0xFFFF_FFFFL;
                return lo | ((long) f32(rnd) << 32);
            }
            case 2:
                return rnd.nextInt(4) == 0
                        ? Double.doubleToRawLongBits(rnd.nextDouble(-1e6, 1e6))
                        : F64_SPECIAL[rnd.nextInt(F64_SPECIAL.length)];
            case 3: {
                long r = 0;
                for (int i = 0; i < 4; i++) {
                    long h = rnd.nextBoolean() ? F16_SPECIAL[rnd.nextInt(F16_SPECIAL.length)] : rnd.nextInt(0x10000);
                    r |= (h & 0xFFFF) << (16 * i);
                }
                return r;
            }
            case 4:
                return xValue(rnd);
            default: {
                long r = 0;
                for (int i = 0; i < 8; i++) {
                    r |= (long) (rnd.nextBoolean() ? 0x80 | rnd.nextInt(2) : rnd.nextInt(256)) << (8 * i);
                }
                return r;
            }
        }
    }

    private static int f32(SplittableRandom rnd) {
        return rnd.nextInt(3) == 0
                ? Float.floatToRawIntBits((float) rnd.nextDouble(-1e4, 1e4))
                : F32_SPECIAL[rnd.nextInt(F32_SPECIAL.length)];
    }

    private static GuestState state(SplittableRandom rnd) {
        GuestState s = new GuestState();
        for (int i = 0; i < 31; i++) {
            s.x[i] = xValue(rnd);
        }
        s.sp = SP_VALUE;
        s.nzcv = (long) rnd.nextInt(16) << 28;
        if (rnd.nextBoolean()) {
            // FPCR.AHP (26), DN (25), FZ (24), RMode (23:22); the trap enables are RAZ on Cortex-A53.
            s.fpReg = (long) rnd.nextInt(32) << 22;
        }
        for (int i = 0; i < 64; i++) {
            s.v[i] = vHalf(rnd);
        }
        return s;
    }
}
