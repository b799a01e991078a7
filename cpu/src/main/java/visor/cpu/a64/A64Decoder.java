package visor.cpu.a64;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import visor.cpu.Insn;

/**
 * The A64 decoder, built once from the rows of each instruction group. Rows are tried most specific
 * first (most fixed bits), so an alias or a special case wins over the general form. Buckets on bits
 * [31:21] keep each lookup short; decoding happens once per instruction thanks to the code cache.
 */
public final class A64Decoder {
    private static final int BUCKET_SHIFT = 21;
    private static final List<Row> ROWS = collect();
    private static final Row[][] BUCKETS = buildBuckets();

    /** Executes an unallocated encoding: UNDEFINED (ARM ARM C1.2). */
    public static final Insn UNALLOCATED = (cpu, insn) -> cpu.undefined();

    private A64Decoder() {
    }

    private static List<Row> collect() {
        List<Row> all = new ArrayList<>();
        all.addAll(DataProcessingImmediate.ROWS);
        all.addAll(DataProcessingRegister.ROWS);
        all.addAll(Branches.ROWS);
        all.addAll(ExceptionsAndSystem.ROWS);
        all.addAll(LoadStore.ROWS);
        all.addAll(LoadStoreExclusive.ROWS);
        all.addAll(LoadStoreSimd.ROWS);
        all.addAll(LoadStoreStructures.ROWS);
        all.addAll(FloatingPoint.ROWS);
        all.addAll(AdvancedSimd.ROWS);
        all.addAll(SimdPermute.ROWS);
        all.addAll(SimdFp.ROWS);
        all.addAll(SimdSaturating.ROWS);
        all.sort(Comparator.comparingInt(Row::fixedBits).reversed());
        return List.copyOf(all);
    }

    private static Row[][] buildBuckets() {
        Row[][] buckets = new Row[1 << (32 - BUCKET_SHIFT)][];
        int topMask = -1 << BUCKET_SHIFT;
        for (int b = 0; b < buckets.length; b++) {
            int top = b << BUCKET_SHIFT;
            List<Row> rows = new ArrayList<>();
            for (Row r : ROWS) {
                if ((top & r.mask() & topMask) == (r.value() & topMask)) {
                    rows.add(r);
                }
            }
            buckets[b] = rows.toArray(new Row[0]);
        }
        return buckets;
    }

    /** The row that decodes {@code insn}, or null if it is unallocated. */
    public static Row row(int insn) {
        for (Row r : BUCKETS[insn >>> BUCKET_SHIFT]) {
            if (r.matches(insn)) {
                return r;
            }
        }
        return null;
    }

    public static Insn decode(int insn) {
        Row r = row(insn);
        return r == null ? UNALLOCATED : r.handler();
    }

    /**
     * True for "Branches, exception generating and system instructions" (op0 = x101x, ARM ARM C4.1):
     * they may change the PC, PSTATE or translation, so they end a block.
     */
    public static boolean endsBlock(int insn) {
        return ((insn >>> 26) & 7) == 5;
    }

    /** Every row, most specific first (for tests and tools). */
    public static List<Row> rows() {
        return ROWS;
    }

}
