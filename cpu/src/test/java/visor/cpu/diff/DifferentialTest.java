package visor.cpu.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import visor.cpu.a64.A64Decoder;
import visor.cpu.a64.AdvancedSimd;
import visor.cpu.a64.DataProcessingImmediate;
import visor.cpu.a64.DataProcessingRegister;
import visor.cpu.a64.FloatingPoint;
import visor.cpu.a64.Row;

/**
 * Differential test against qemu-aarch64 (-cpu cortex-a53): random sequences of 1-8 data processing
 * instructions (integer, FP, SIMD: every eligible row of {@link A64Decoder#rows()}) run from random
 * register state in our core at EL0, again at EL3 (a core that implements EL3), and in guests/diff-harness
 * under qemu user mode; every X register, SP, NZCV, every V register and FPSR must agree, and UNDEFINED
 * must hit the same word.
 *
 * <p>{@code -Dvisor.diff.count=N} (default 10000) and {@code -Dvisor.diff.seed=S} (default fixed): the
 * sequences use seeds S..S+N-1; a mismatch prints its seed, and {@code -Dvisor.diff.seed=<it>
 * -Dvisor.diff.count=1} replays it. Needs qemu-aarch64, aarch64-linux-gnu-gcc and make: skipped
 * without them, except when the environment has CI=true, where their absence fails the test.
 */
class DifferentialTest {
    private static final long DEFAULT_SEED = 0x5EED_0001L;
    private static final int MAX_DETAILED = 12;

    @Test
    void matchesQemu() throws Exception {
        requireTools();
        int count = Integer.getInteger("visor.diff.count", 10_000);
        long seed = Long.getLong("visor.diff.seed", DEFAULT_SEED);
        QemuHarness qemu = QemuHarness.build();
        qemu.run(List.of()); // learns where the harness places the words
        Interpreter ours = new Interpreter(qemu.wordsAddress);
        Interpreter oursAtEl3 = new Interpreter(qemu.wordsAddress, 3);
        SequenceGenerator gen = new SequenceGenerator(ours::undefinedAlone);
        assertTrue(gen.rows().size() > 50, "eligible rows: " + gen.rows().size());

        List<Sequence> sequences = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sequences.add(gen.generate(seed + i));
        }
        long t0 = System.nanoTime();
        List<GuestState> expected = qemu.run(sequences);
        long t1 = System.nanoTime();
        List<Sequence> bad = new ArrayList<>();
        List<Sequence> badAtEl3 = new ArrayList<>();
        int undefined = 0;
        for (int i = 0; i < count; i++) {
            GuestState got = ours.run(sequences.get(i));
            if (got.status != 0) {
                undefined++;
            }
            if (!got.equals(expected.get(i))) {
                bad.add(sequences.get(i));
            }
            if (!oursAtEl3.run(sequences.get(i)).equals(expected.get(i))) {
                badAtEl3.add(sequences.get(i));
            }
        }
        long t2 = System.nanoTime();
        System.out.printf("DifferentialTest: %d sequences over %d rows, seed %d; qemu %d ms, ours (EL0 and EL3) %d ms; "
                + "%d ended UNDEFINED; %d mismatches at EL0, %d at EL3%n", count, gen.rows().size(), seed,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, undefined, bad.size(), badAtEl3.size());
        if (!bad.isEmpty()) {
            fail("at EL0: " + report(qemu, ours, bad));
        }
        if (!badAtEl3.isEmpty()) {
            fail("at EL3: " + report(qemu, oursAtEl3, badAtEl3));
        }
        assertEquals(0, bad.size() + badAtEl3.size());
    }

    /**
     * The converse for the integer classes: words of "Data processing -- immediate/register" that no
     * row decodes must be UNDEFINED in qemu's Cortex-A53 too, or an instruction is missing here.
     */
    @Test
    void unallocatedIntegerEncodingsAreUndefinedInQemu() throws Exception {
        requireTools();
        int count = Math.max(1, Integer.getInteger("visor.diff.count", 10_000) / 2);
        long seed = Long.getLong("visor.diff.seed", DEFAULT_SEED);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        List<Sequence> words = new ArrayList<>(count);
        GuestState zero = new GuestState();
        zero.sp = SequenceGenerator.SP_VALUE;
        List<Row> integerRows = new ArrayList<>(DataProcessingImmediate.ROWS);
        integerRows.addAll(DataProcessingRegister.ROWS);
        while (words.size() < count) {
            int w = rnd.nextInt();
            if (rnd.nextBoolean()) {
                // A neighbour of an allocated encoding: one or two of its fixed bits flipped.
                Row r = integerRows.get(rnd.nextInt(integerRows.size()));
                w = r.value() | (w & ~r.mask());
                for (int k = rnd.nextInt(1, 3); k > 0; k--) {
                    int bit = rnd.nextInt(32);
                    if ((r.mask() & (1 << bit)) != 0) {
                        w ^= 1 << bit;
                    }
                }
            }
            // op0 = 100x (immediate) or x101 (register), ARM ARM C4.1
            boolean immediateClass = ((w >>> 26) & 7) == 0b100;
            boolean registerClass = ((w >>> 25) & 7) == 0b101;
            if (!immediateClass && !registerClass) {
                w = rnd.nextBoolean() ? (w & ~(7 << 26)) | (0b100 << 26) : (w & ~(7 << 25)) | (0b101 << 25);
            }
            if (A64Decoder.row(w) == null) {
                words.add(new Sequence(seed, new int[] {w}, zero));
            }
        }
        QemuHarness qemu = QemuHarness.build();
        List<GuestState> theirs = qemu.run(words);
        StringBuilder missing = new StringBuilder();
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (theirs.get(i).status != GuestState.SIGILL) {
                if (n++ < 40) {
                    missing.append(String.format("  %08x%n", words.get(i).words()[0]));
                }
            }
        }
        System.out.printf("DifferentialTest: %d unallocated integer encodings, %d executed by qemu%n", count, n);
        assertEquals(0, n, n + " encodings without a row run in qemu (cortex-a53):\n" + missing);
    }

    /** Finds, for each failing sequence, the shortest failing prefix and blames its last instruction. */
    private static String report(QemuHarness qemu, Interpreter ours, List<Sequence> bad) throws Exception {
        List<Sequence> prefixes = new ArrayList<>();
        for (Sequence s : bad) {
            for (int k = 1; k <= s.words().length; k++) {
                prefixes.add(s.prefix(k));
            }
        }
        List<GuestState> theirs = qemu.run(prefixes);
        Map<String, Integer> byRow = new TreeMap<>();
        StringBuilder details = new StringBuilder();
        int p = 0;
        int shown = 0;
        for (Sequence s : bad) {
            int n = s.words().length;
            Sequence minimal = s;
            GuestState qemuState = theirs.get(p + n - 1);
            GuestState ourState = null;
            for (int k = 1; k <= n; k++) {
                GuestState q = theirs.get(p + k - 1);
                GuestState o = ours.run(s.prefix(k));
                if (!o.equals(q)) {
                    minimal = s.prefix(k);
                    qemuState = q;
                    ourState = o;
                    break;
                }
            }
            p += n;
            if (ourState == null) {
                ourState = ours.run(s);
            }
            int last = minimal.words()[minimal.words().length - 1];
            Row row = A64Decoder.row(last);
            String key = group(row) + ": " + (row == null ? "unallocated" : row.name());
            byRow.merge(key, 1, Integer::sum);
            if (shown++ < MAX_DETAILED) {
                details.append(String.format("seed %d (replay: -Dvisor.diff.seed=%d -Dvisor.diff.count=1)%n",
                        s.seed(), s.seed()));
                for (int w : minimal.words()) {
                    Row r = A64Decoder.row(w);
                    details.append(String.format("  %08x  %s%n", w, r == null ? "(unallocated)" : r.name()));
                }
                boolean simdFp = false;
                for (int w : minimal.words()) {
                    simdFp |= ((w >>> 25) & 7) == 0b111; // op0 = x111: SIMD&FP data processing
                }
                details.append("  initial: ").append(minimal.initial().describe(simdFp)).append('\n');
                details.append(ourState.diff(qemuState, "ours", "qemu"));
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(bad.size()).append(" sequences differ from qemu; blamed instruction (last of the shortest "
                + "failing prefix) by group:\n");
        Map<String, Integer> sorted = new LinkedHashMap<>(byRow);
        sorted.forEach((k, v) -> sb.append(String.format("  %5d  %s%n", v, k)));
        sb.append(details);
        return sb.toString();
    }

    private static String group(Row row) {
        if (row == null) {
            return "-";
        }
        if (DataProcessingImmediate.ROWS.contains(row)) {
            return "DataProcessingImmediate";
        }
        if (DataProcessingRegister.ROWS.contains(row)) {
            return "DataProcessingRegister";
        }
        if (FloatingPoint.ROWS.contains(row)) {
            return "FloatingPoint";
        }
        if (AdvancedSimd.ROWS.contains(row)) {
            return "AdvancedSimd";
        }
        return "other";
    }

    private static void requireTools() {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of(QemuHarness.QEMU, QemuHarness.CC, "make")) {
            if (!QemuHarness.onPath(tool)) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String msg = "differential test needs " + missing + " on PATH (Debian: qemu-user, gcc-aarch64-linux-gnu, make)";
        if ("true".equals(System.getenv("CI"))) {
            fail(msg);
        }
        Assumptions.abort(msg);
    }
}
