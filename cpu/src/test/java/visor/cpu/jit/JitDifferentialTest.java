package visor.cpu.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import visor.cpu.CodeCache;
import visor.cpu.Cpu;
import visor.cpu.TestMachine;
import visor.cpu.a64.A64Decoder;
import visor.cpu.a64.Row;
import visor.mmu.PhysicalMemory;

/**
 * Random blocks run once by the interpreter (the reference, itself checked against qemu-aarch64 by the
 * differential tests) and once compiled on first use: registers, SP, NZCV, PC, the exception registers,
 * the retired-instruction count and the data memory must agree after every block, faulting or not. The
 * blocks mix the instructions the translator turns into bytecode with any other row (handler calls), and
 * half of the registers point into a data window so that loads and stores mostly succeed.
 */
class JitDifferentialTest {
    private static final long CODE = TestMachine.CODE;
    private static final long DATA = 0x20_0000;
    private static final int DATA_SIZE = 0x2_0000;
    /** Each block on a page of its own (from 4 MiB up), so that no page reaches CodeCache.CHURN_LIMIT. */
    private static final int BLOCKS = 3000;
    private static final long CODE_PAGES = 0x40_0000;

    private static final java.util.Set<String> INLINED_PREFIXES = java.util.Set.of("ADD", "SUB", "AND", "BIC", "ORR",
            "ORN", "EOR", "EON", "MOV", "UBFM", "SBFM", "CS", "MADD", "MSUB", "ADR", "LDR", "STR", "LDUR", "STUR", "LDP", "STP");

    private static Cpu core(PhysicalMemory memory, Jit jit) {
        Cpu cpu = new Cpu(0, memory, new CodeCache(memory, jit), new TestMachine.ManualClock());
        cpu.reset(CODE, 1);
        cpu.vbar[1] = TestMachine.VECTORS;
        for (long v = 0; v < 0x800; v += 0x80) {
            memory.write(TestMachine.VECTORS + v, 4, 0x14000000);
        }
        return cpu;
    }

    private static boolean inlinedFamily(Row r) {
        for (String p : INLINED_PREFIXES) {
            if (r.name().startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static int instance(Row r, SplittableRandom random) {
        for (int attempt = 0; attempt < 16; attempt++) {
            int w = r.value() | (random.nextInt() & ~r.mask());
            if (A64Decoder.row(w) == r) {
                return w;
            }
        }
        return r.value();
    }

    @Test
    void compiledBlocksLeaveTheInterpretersState() {
        List<Row> family = new ArrayList<>();
        List<Row> others = new ArrayList<>();
        List<Row> branches = new ArrayList<>();
        for (Row r : A64Decoder.rows()) {
            if (A64Decoder.endsBlock(r.value())) {
                if (r.name().startsWith("B") || r.name().startsWith("CB") || r.name().startsWith("TB") || r.name().equals("RET")) {
                    branches.add(r);
                }
            } else if (inlinedFamily(r)) {
                family.add(r);
            } else {
                others.add(r);
            }
        }
        SplittableRandom random = new SplittableRandom(0x5EED_0011L);
        PhysicalMemory refMemory = new PhysicalMemory(16L << 20);
        PhysicalMemory jitMemory = new PhysicalMemory(16L << 20);
        Cpu ref = core(refMemory, null);
        Cpu jit = core(jitMemory, new Jit(1, true));
        long compiledBefore = 0;
        for (int block = 0; block < BLOCKS; block++) {
            int length = 1 + random.nextInt(12);
            int[] words = new int[length];
            for (int i = 0; i < length; i++) {
                boolean end = i == length - 1 && random.nextBoolean();
                List<Row> from = end ? branches : random.nextInt(10) < 8 ? family : others;
                words[i] = instance(from.get(random.nextInt(from.size())), random);
                if (A64Decoder.endsBlock(words[i]) && !end) {
                    words[i] = 0xD503201F; // NOP: blocks end only at the last instruction here
                }
            }
            if (length > 1 && random.nextInt(4) == 0) {
                // A loop: the last instruction branches back to the first (B.cond, CBNZ or TBNZ).
                int back = -(length - 1);
                int t = random.nextInt(31);
                words[length - 1] = switch (random.nextInt(3)) {
                    case 0 -> 0x54000000 | (back & 0x7FFFF) << 5 | random.nextInt(16);
                    case 1 -> 0xB5000000 | (back & 0x7FFFF) << 5 | t;
                    default -> 0x37000000 | random.nextInt(32) << 19 | (back & 0x3FFF) << 5 | t;
                };
            }
            // Up to 200 instructions: loops go round, a block that falls through spins on the b . after it.
            runAndCompare(ref, jit, CODE_PAGES + 0x1000L * block, words, 1 + random.nextInt(200), random,
                    "block " + block, false);
            compiledBefore = jit.codeCache.jit().compiledBlocks();
        }
        assertTrue(compiledBefore >= BLOCKS, "every block ran compiled");
        Jit j = jit.codeCache.jit();
        assertTrue(j.inlinedInstructions() > j.compiledInstructions() / 3,
                "a good share of the instructions became bytecode: " + j.inlinedInstructions() + " of " + j.compiledInstructions());
    }

    /** Runs {@code words} (then a {@code b .}) at {@code code} on both cores from the same random state. */
    private static void runAndCompare(Cpu ref, Cpu jit, long code, int[] words, int budget, SplittableRandom random,
            String label, boolean aligned) {
        int length = words.length;
        long[] regs = new long[31];
        for (int r = 0; r < 31; r++) {
            regs[r] = aligned ? DATA + (random.nextInt(DATA_SIZE - 0x1000) & ~15)
                    : random.nextBoolean() ? DATA + random.nextInt(DATA_SIZE - 0x1000) : random.nextLong();
        }
        long sp = DATA + (random.nextInt(DATA_SIZE - 0x1000) & ~(random.nextBoolean() ? 15 : 0));
        long flags = (long) random.nextInt(16) << 28;
        for (Cpu c : new Cpu[] {ref, jit}) {
            PhysicalMemory m = c.memory;
            for (int i = 0; i < length; i++) {
                m.write(code + 4L * i, 4, words[i]);
            }
            m.write(code + 4L * length, 4, 0x14000000); // b . : the end if nothing before it branches
            c.reset(code, 1);
            c.vbar[1] = TestMachine.VECTORS;
            System.arraycopy(regs, 0, c.x, 0, 31);
            c.sp = sp;
            c.setNzcv(flags);
            c.run(budget);
        }
        String where = String.format("%s at 0x%x: %s", label, code, hex(words));
        assertArrayEquals(ref.x, jit.x, "X registers after " + where);
        assertEquals(ref.sp, jit.sp, "SP after " + where);
        assertEquals(ref.nzcv(), jit.nzcv(), "NZCV after " + where);
        assertEquals(ref.pc, jit.pc, "PC after " + where);
        assertEquals(ref.instret, jit.instret, "instructions retired after " + where);
        assertEquals(ref.elr[1], jit.elr[1], "ELR_EL1 after " + where);
        assertEquals(ref.esr[1], jit.esr[1], "ESR_EL1 after " + where);
        assertEquals(ref.far[1], jit.far[1], "FAR_EL1 after " + where);
        PhysicalMemory refMemory = ref.memory, jitMemory = jit.memory;
        for (long a = DATA; a < DATA + DATA_SIZE; a += 8) {
            if (refMemory.read(a, 8) != jitMemory.read(a, 8)) {
                throw new AssertionError(String.format("memory at 0x%x after %s", a, where));
            }
        }
    }

    /**
     * Loops of three blocks on one page, compiled on their second run (so the first has decoded them all
     * and each hot block's unit takes in the others), registers pointing at 16-byte aligned data so that
     * most accesses succeed and loops go round: X ends in a random conditional branch to Y, Z follows
     * X and falls into Y, Y branches back to X, always or under a random condition.
     */
    @Test
    void unitsOfSeveralBlocksLeaveTheInterpretersState() {
        List<Row> family = new ArrayList<>();
        List<Row> others = new ArrayList<>();
        for (Row r : A64Decoder.rows()) {
            if (!A64Decoder.endsBlock(r.value())) {
                (inlinedFamily(r) ? family : others).add(r);
            }
        }
        SplittableRandom random = new SplittableRandom(0x5EED_0022L);
        Cpu ref = core(new PhysicalMemory(16L << 20), null);
        Cpu jit = core(new PhysicalMemory(16L << 20), new Jit(2, true));
        for (int program = 0; program < 1000; program++) {
            int x = 1 + random.nextInt(6), z = random.nextInt(6), y = 1 + random.nextInt(6);
            int[] words = new int[x + z + y];
            for (int i = 0; i < words.length; i++) {
                List<Row> from = random.nextInt(20) < 19 ? family : others;
                int w = instance(from.get(random.nextInt(from.size())), random);
                words[i] = A64Decoder.endsBlock(w) ? 0xD503201F : w;
            }
            words[x - 1] = conditionalBranch(z + 1, random);
            int back = -(words.length - 1);
            // Half of the loops end only with the budget: they go round until it runs out.
            words[words.length - 1] = random.nextBoolean() ? 0x14000000 | (back & 0x3FFFFFF) : conditionalBranch(back, random);
            runAndCompare(ref, jit, CODE_PAGES + 0x1000L * program, words, 1 + random.nextInt(300), random,
                    "program " + program, true);
        }
        Jit j = jit.codeCache.jit();
        assertTrue(j.unitBlocks() - j.compiledBlocks() >= 30, "units took in other blocks: " + j.unitBlocks()
                + " blocks in " + j.compiledBlocks() + " units");
    }

    /** B.cond, CBZ/CBNZ or TBZ/TBNZ on a random condition or register, {@code offset} instructions away. */
    private static int conditionalBranch(int offset, SplittableRandom random) {
        int t = random.nextInt(31);
        return switch (random.nextInt(3)) {
            case 0 -> 0x54000000 | (offset & 0x7FFFF) << 5 | random.nextInt(16);
            case 1 -> 0xB4000000 | random.nextInt(2) << 24 | (offset & 0x7FFFF) << 5 | t;
            default -> 0x36000000 | random.nextInt(2) << 24 | random.nextInt(32) << 19 | (offset & 0x3FFF) << 5 | t;
        };
    }

    private static String hex(int[] words) {
        StringBuilder b = new StringBuilder();
        for (int w : words) {
            b.append(String.format("%08x ", w));
        }
        return b.toString().trim();
    }
}
