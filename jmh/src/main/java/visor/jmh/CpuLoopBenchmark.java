package visor.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import visor.cpu.CodeCache;
import visor.cpu.Cpu;
import visor.cpu.jit.Jit;
import visor.mmu.PhysicalMemory;

/**
 * Nanoseconds per guest instruction of one core at EL1 (MMU off) running an endless guest loop, on the
 * interpreter or with every block compiled on its first run. The loops stress the three paths a JIT
 * changes: straight-line dispatch inside a block ({@code alu}: a 4-instruction block branching to itself),
 * dispatch between blocks ({@code calls}: a call and return per iteration, blocks of 1-3 instructions) and
 * the load/store path ({@code memory}: a load and a store through the micro-TLB per iteration).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CpuLoopBenchmark {
    private static final long CODE = 0x8_0000;
    private static final long DATA = 0x10_0000;
    private static final int BUDGET = 100_000;

    @Param({"interpreter", "jit"})
    public String engine;

    @Param({"alu", "calls", "memory"})
    public String loop;

    private Cpu cpu;

    private static final int[] ALU = {
        0x91000C00, // loop: add x0, x0, #3
        0xCA000063, // eor x3, x3, x0
        0xF1000421, // subs x1, x1, #1
        0x54FFFFA1, // b.ne loop
    };
    private static final int[] CALLS = {
        0x94000003, // loop: bl f
        0xF1000421, // subs x1, x1, #1
        0x54FFFFC1, // b.ne loop
        0x91000400, // f: add x0, x0, #1
        0xD65F03C0, // ret
    };
    private static final int[] MEMORY = {
        0xF94000A2, // loop: ldr x2, [x5]
        0x91000442, // add x2, x2, #1
        0xF90000A2, // str x2, [x5]
        0xF1000421, // subs x1, x1, #1
        0x54FFFF81, // b.ne loop
    };

    @Setup
    public void setUp() {
        PhysicalMemory memory = new PhysicalMemory(16L << 20);
        Jit jit = engine.equals("jit") ? new Jit(1, true) : null;
        cpu = new Cpu(0, memory, new CodeCache(memory, jit), () -> 0L);
        int[] words = switch (loop) {
            case "alu" -> ALU;
            case "calls" -> CALLS;
            default -> MEMORY;
        };
        for (int i = 0; i < words.length; i++) {
            memory.write(CODE + 4L * i, 4, words[i]);
        }
        cpu.reset(CODE, 1);
        cpu.x[1] = 1L << 62; // the loops never end within a run
        cpu.x[5] = DATA;
    }

    @Benchmark
    @OperationsPerInvocation(BUDGET)
    public long run() {
        cpu.run(BUDGET);
        return cpu.x[0] + cpu.x[2];
    }
}
