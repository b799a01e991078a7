package visor.cpu.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import visor.cpu.CodeCache;
import visor.cpu.Cpu;
import visor.cpu.TestMachine;
import visor.mmu.PhysicalMemory;

/** Compiled blocks (threshold 1, compiled on the executing thread) against the architectural results. */
class JitTest {
    private static final long CODE = TestMachine.CODE;

    /** One core at EL1 whose code cache compiles every block on its first run. */
    private static Cpu core(PhysicalMemory memory) {
        Cpu cpu = new Cpu(0, memory, new CodeCache(memory, new Jit(1, true)), new TestMachine.ManualClock());
        cpu.reset(CODE, 1);
        cpu.vbar[1] = TestMachine.VECTORS;
        for (long v = 0; v < 0x800; v += 0x80) {
            memory.write(TestMachine.VECTORS + v, 4, 0x14000000);
        }
        return cpu;
    }

    private static void place(PhysicalMemory memory, int... words) {
        for (int i = 0; i < words.length; i++) {
            memory.write(CODE + 4L * i, 4, words[i]);
        }
    }

    @Test
    void loopRunsCompiledWithTheInterpretersResult() {
        PhysicalMemory memory = new PhysicalMemory(16L << 20);
        Cpu cpu = core(memory);
        place(memory,
                0xD2800000, // movz x0, #0
                0xD2800C81, // movz x1, #100
                0x91000C00, // add x0, x0, #3
                0xF1000421, // subs x1, x1, #1
                0x54FFFFC1, // b.ne back to the add
                0x14000000); // b .
        cpu.run(2 + 3 * 100);
        assertEquals(300L, cpu.x[0]);
        assertEquals(0L, cpu.x[1]);
        assertTrue(cpu.z, "the last SUBS set Z");
        assertEquals(CODE + 20, cpu.pc);
        assertEquals(302L, cpu.instret);
        assertEquals(302L, cpu.instretCompiled, "every block ran compiled");
        assertEquals(2L, cpu.codeCache.jit().compiledBlocks());
    }

    @Test
    void faultInsideACompiledBlockIsPrecise() {
        PhysicalMemory memory = new PhysicalMemory(16L << 20);
        Cpu cpu = core(memory);
        place(memory,
                0xD28000A0, // movz x0, #5
                0xD2820023, // movz x3, #0x1001
                0xF9400062, // ldr x2, [x3]: unaligned on Device memory (MMU off), an alignment fault
                0xD28000E0, // movz x0, #7: never runs
                0x14000000);
        cpu.run(3);
        assertEquals(CODE + 8, cpu.elr[1], "ELR_EL1 is the faulting load");
        assertEquals(0x25L, cpu.esr[1] >>> 26, "EC: data abort from the current EL");
        assertEquals(0x21L, cpu.esr[1] & 0x3F, "DFSC: alignment fault");
        assertEquals(0x1001L, cpu.far[1]);
        assertEquals(5L, cpu.x[0], "the instruction after the fault did not run");
        assertEquals(3L, cpu.instret);
        assertEquals(TestMachine.VECTORS + 0x200, cpu.pc, "current EL with SP_ELx, synchronous");
    }

    /** A fault in a later iteration of a block that loops inside its method sees the earlier iterations' registers. */
    @Test
    void faultInALaterIterationOfACompiledLoopIsPrecise() {
        PhysicalMemory memory = new PhysicalMemory(16L << 20);
        Cpu cpu = core(memory);
        place(memory,
                0xF9400003, // loop: ldr x3, [x0]: Device memory (MMU off), so x0 + 2 is an alignment fault
                0x91000800, // add x0, x0, #2
                0x91000442, // add x2, x2, #1
                0x17FFFFFD); // b loop
        cpu.x[0] = 0x20_0000;
        cpu.run(5);
        assertEquals(CODE, cpu.elr[1], "ELR_EL1 is the load, in the second iteration");
        assertEquals(0x20_0002L, cpu.far[1]);
        assertEquals(0x20_0002L, cpu.x[0], "the first iteration's x0");
        assertEquals(1L, cpu.x[2], "the first iteration's x2");
        assertEquals(5L, cpu.instret, "four instructions and the faulting load");
        assertEquals(4L, cpu.instretCompiled);
    }

    /** A loop of several blocks (a conditional skip inside) runs as one unit with the interpreter's result. */
    @Test
    void aLoopOfSeveralBlocksRunsAsOneUnit() {
        PhysicalMemory memory = new PhysicalMemory(16L << 20);
        Cpu cpu = core(memory);
        place(memory,
                0xD2800000, // movz x0, #0
                0xD2800C81, // movz x1, #100
                0x36000041, // loop: tbz w1, #0, skip
                0x8B010000, // add x0, x0, x1
                0xF1000421, // skip: subs x1, x1, #1
                0x54FFFFA1, // b.ne loop
                0x14000000); // b .
        // 50 odd iterations of 4 instructions, 50 even ones of 3, and the two movz.
        cpu.run(352);
        assertEquals(2500L, cpu.x[0], "the sum of the odd numbers below 100");
        assertEquals(0L, cpu.x[1]);
        assertEquals(CODE + 24, cpu.pc);
        assertEquals(352L, cpu.instret);
        assertEquals(352L, cpu.instretCompiled, "every block ran compiled");
        Jit jit = cpu.codeCache.jit();
        assertTrue(jit.unitBlocks() > jit.compiledBlocks(), "a unit took in more than its own block: "
                + jit.unitBlocks() + " blocks in " + jit.compiledBlocks() + " units");
    }

    /** A fault in another block of a unit, reached through the unit's internal edge, is precise. */
    @Test
    void faultInAnotherBlockOfAUnitIsPrecise() {
        PhysicalMemory memory = new PhysicalMemory(16L << 20);
        Cpu cpu = core(memory);
        place(memory,
                0xF9400003, // loop: ldr x3, [x0]: Device memory (MMU off), so x0 + 2 is an alignment fault
                0x91000800, // add x0, x0, #2
                0xB4000045, // cbz x5, skip
                0x910004C6, // add x6, x6, #1
                0x91000442, // skip: add x2, x2, #1
                0x17FFFFFB); // b loop
        cpu.x[0] = 0x20_0000;
        cpu.run(6);
        // The first block ran alone (its successors were not decoded yet); skip's unit took in the loop head.
        Jit jit = cpu.codeCache.jit();
        assertEquals(2L, jit.compiledBlocks());
        assertEquals(3L, jit.unitBlocks(), "skip's unit holds skip and the loop head");
        assertEquals(CODE, cpu.elr[1], "ELR_EL1 is the load, in the second iteration");
        assertEquals(0x20_0002L, cpu.far[1]);
        assertEquals(0x21L, cpu.esr[1] & 0x3F, "DFSC: alignment fault");
        assertEquals(0x20_0002L, cpu.x[0], "the first iteration's x0");
        assertEquals(1L, cpu.x[2], "the first iteration's x2");
        assertEquals(0L, cpu.x[6], "the skipped block never ran");
        assertEquals(6L, cpu.instret, "five instructions and the faulting load");
        assertEquals(5L, cpu.instretCompiled);
    }

    /** A store into the code of the unit running ends its loop; the next iteration runs the new instruction. */
    @Test
    void aCodeWriteInsideACompiledLoopTakesEffectInTheNextIteration() {
        PhysicalMemory memory = new PhysicalMemory(16L << 20);
        Cpu cpu = core(memory);
        place(memory,
                0xD2800000, // movz x0, #0
                0x14000001, // b loop
                0x91000400, // loop: add x0, x0, #1
                0xB4000045, // cbz x5, skip
                0x910004C6, // add x6, x6, #1
                0xB9000107, // skip: str w7, [x8]: x8 is the next instruction's address
                0xD2800029, // movz x9, #1, rewritten to movz x9, #2
                0xF1000421, // subs x1, x1, #1
                0x54FFFF41, // b.ne loop
                0x14000000); // b .
        cpu.x[1] = 2;
        cpu.x[7] = 0xD2800049; // movz x9, #2
        cpu.x[8] = CODE + 24;
        cpu.run(14);
        assertEquals(2L, cpu.x[0]);
        assertEquals(0L, cpu.x[1]);
        assertEquals(2L, cpu.x[9], "the second iteration ran the rewritten instruction");
        assertEquals(CODE + 36, cpu.pc);
        assertEquals(14L, cpu.instret);
    }

    @Test
    void codeWriteReplacesACompiledBlock() {
        PhysicalMemory memory = new PhysicalMemory(16L << 20);
        Cpu cpu = core(memory);
        place(memory, 0xD2800020 /* movz x0, #1 */, 0x14000000);
        cpu.run(2);
        assertEquals(1L, cpu.x[0]);
        assertEquals(2L, cpu.instretCompiled);
        memory.write(CODE, 4, 0xD2800040); // movz x0, #2
        cpu.pc = CODE;
        cpu.run(2);
        assertEquals(2L, cpu.x[0], "the new instruction ran, not the stale translation");
    }

    /** Code that keeps being rewritten is compiled CHURN_LIMIT + 1 times, then only interpreted (and still right). */
    @Test
    void aPageWhoseCodeKeepsChangingStopsBeingCompiled() {
        PhysicalMemory memory = new PhysicalMemory(16L << 20);
        Cpu cpu = core(memory);
        place(memory, 0xD2800000, 0x14000000); // movz x0, #0; b .
        for (int k = 1; k <= 40; k++) {
            memory.write(CODE, 4, 0xD2800000 | k << 5); // movz x0, #k
            cpu.pc = CODE;
            cpu.run(2);
            assertEquals(k, cpu.x[0], "rewrite " + k + " ran");
        }
        // Each rewrite drops the page and its one block (movz; b .), compiled again each time until the limit.
        assertEquals(CodeCache.CHURN_LIMIT + 1, cpu.codeCache.jit().compiledBlocks());
    }

    @Test
    void aCoreWithTheJitDisallowedRunsInterpreted() {
        PhysicalMemory memory = new PhysicalMemory(16L << 20);
        Cpu cpu = core(memory);
        cpu.jitAllowed = false;
        place(memory, 0xD2800020, 0x14000000);
        cpu.run(10);
        assertEquals(1L, cpu.x[0]);
        assertEquals(10L, cpu.instret);
        assertEquals(0L, cpu.instretCompiled);
        assertEquals(0L, cpu.codeCache.jit().compiledBlocks());
    }
}
