package visor.cpu;

import visor.mmu.PhysicalMemory;

/** A single core on 64 MiB of RAM for instruction tests: code at {@link #CODE}, MMU off, EL1h by default. */
public final class TestMachine {
    public static final long CODE = 0x8_0000;
    public static final long VECTORS = 0x1_0000;

    public final PhysicalMemory memory = new PhysicalMemory(64L << 20);
    public final ManualClock clock = new ManualClock();
    public final Cpu cpu = new Cpu(0, memory, new CodeCache(memory), clock);

    public static final class ManualClock implements Clock {
        public long nanos;

        @Override
        public long nanos() {
            return nanos;
        }
    }

    public TestMachine() {
        this(1);
    }

    /**
     * A machine whose core starts at {@code el} (handler stacks and vectors set up for EL1, EL2 and, at
     * EL3, for EL3 at {@link #VECTORS} + 0x2000): a core started at EL3 implements EL3.
     */
    public TestMachine(int el) {
        cpu.reset(CODE, el);
        cpu.vbar[1] = VECTORS;
        cpu.vbar[2] = VECTORS + 0x1000;
        cpu.vbar[3] = VECTORS + 0x2000;
        cpu.setSpEl(0, 0x70_0000);
        cpu.setSpEl(1, 0x80_0000);
        cpu.setSpEl(2, 0x90_0000);
        cpu.setSpEl(3, 0xA0_0000);
        cpu.cpacrEl1 = 3L << 20;
        cpu.cptrEl2 = 0;
        cpu.updateFpAccess();
        // Every vector branches to itself, so a taken exception parks the core where a test can see it.
        for (long v = 0; v < 0x800; v += 0x80) {
            memory.write(VECTORS + v, 4, 0x14000000);
            memory.write(VECTORS + 0x1000 + v, 4, 0x14000000);
            memory.write(VECTORS + 0x2000 + v, 4, 0x14000000);
        }
    }

    /**
     * Normal cacheable memory with stage 1 off: HCR_EL2.DC (which behaves as if HCR_EL2.VM were set, ARM
     * ARM D13.2.46) over an identity stage-2 map of the first GiB as one Normal read/write block.
     */
    public TestMachine normalMemory() {
        normalMemory(cpu);
        return this;
    }

    /** {@link #normalMemory()} for any core: the stage-2 table goes in the last page of its RAM. */
    public static void normalMemory(Cpu cpu) {
        long table = cpu.memory.ramSize() - 0x1000;
        // Level-1 block: AF, inner shareable, S2AP read/write, MemAttr Normal write-back, block.
        cpu.memory.write(table, 8, (1L << 10) | (3L << 8) | (3L << 6) | (0xFL << 2) | 0b01);
        cpu.mmu.vtcrEl2 = 32 | (1L << 6); // T0SZ = 32, SL0 = 1 (start at level 1), 4K granule
        cpu.mmu.vttbrEl2 = table;
        cpu.mmu.hcrEl2 |= visor.mmu.Mmu.HCR_DC;
        cpu.stateChanged();
        cpu.flushMicroTlb();
    }

    /** Places {@code words} at {@link #CODE} followed by a branch-to-self and returns this. */
    public TestMachine code(int... words) {
        for (int i = 0; i < words.length; i++) {
            memory.write(CODE + 4L * i, 4, words[i]);
        }
        memory.write(CODE + 4L * words.length, 4, 0x14000000);
        return this;
    }

    /**
     * Places {@code word} and resets the core to it at EL1, with the EL1 vectors and SIMD&amp;FP access
     * enabled again: for tests that run many single words on one machine.
     */
    public void restartWith(int word) {
        code(word);
        cpu.reset(CODE, 1);
        cpu.vbar[1] = VECTORS;
        cpu.cpacrEl1 = 3L << 20;
        cpu.cptrEl2 = 0;
        cpu.updateFpAccess();
    }

    /** Address of the branch-to-self after the code. */
    public long end(int words) {
        return CODE + 4L * words;
    }

    /** Runs the placed code until it reaches the final branch-to-self or an exception vector. */
    public Cpu run(int maxInstructions) {
        for (int i = 0; i < maxInstructions; i++) {
            cpu.run(1);
            long pc = cpu.pc;
            if (memory.read(pc, 4) == 0x14000000L) {
                break;
            }
        }
        return cpu;
    }

    /** Places {@code words} and runs them to the final branch-to-self or the first exception. */
    public Cpu runCode(int... words) {
        code(words);
        return run(words.length + 4);
    }

    /** Runs a straight-line sequence of {@code words} and returns the core. */
    public static Cpu exec(int... words) {
        TestMachine m = new TestMachine();
        m.code(words);
        return m.run(words.length + 16);
    }
}
