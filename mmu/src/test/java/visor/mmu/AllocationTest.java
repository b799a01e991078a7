package visor.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static visor.mmu.Desc.*;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** translate() must not allocate on any path: hits, misses with walks (both stages) and faults. */
class AllocationTest extends MmuTestBase {
    @Test
    void translateDoesNotAllocate() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);

        TableBuilder s2 = new TableBuilder(mem, 12, 40, 1, 0x0300_0000L);
        s2.map(0x0100_0000L, 2, 0x0100_0000L, S2_RW | S2_NORMAL_WB);
        for (int i = 0; i < 64; i++) {
            s2.map(0x1000_0000L + ((long) i << 12), 3, 0x0800_0000L + ((long) i << 12), S2_RW | S2_NORMAL_WB);
        }
        TableBuilder t = new TableBuilder(mem, 12, 48, 0, 0x0100_0000L);
        for (int i = 0; i < 64; i++) {
            t.map((long) i << 12, 3, 0x1000_0000L + ((long) i << 12), attrIndx(NORMAL) | (i % 2 == 0 ? AP_RO : 0));
        }
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), t.root, 0);
        mmu.hcrEl2 = Mmu.HCR_VM;
        mmu.vtcrEl2 = vtcr(24, 1, TG0_4K, 2);
        mmu.vttbrEl2 = ttbr(s2.root, 1);

        long sink = 0;
        // Warm up so class loading and JIT do not count.
        for (int round = 0; round < 200; round++) {
            sink += exercise();
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int round = 0; round < 50; round++) {
            sink += exercise();
        }
        long after = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        assertEquals(0, after - before, "bytes allocated by translate (sink " + sink + ")");
    }

    private long exercise() {
        long sum = 0;
        mmu.invalidateAll();
        for (int i = 0; i < 64; i++) {
            long va = (long) i << 12;
            sum += mmu.translate(va, Mmu.READ, 1, false);        // miss: two-stage walk
            sum += mmu.translate(va | 8, Mmu.READ, 1, false);    // hit
            sum += mmu.translate(va, Mmu.WRITE, 1, false);       // permission fault on odd/even pages
            sum += mmu.translate(va, Mmu.READ, 0, false);        // EL0: permission fault
            sum += mmu.translate(0x100_0000 + va, Mmu.READ, 1, false);  // translation fault
        }
        sum += mmu.translate(0x1000, Mmu.READ, 2, false);         // MMU off at EL2
        return sum;
    }
}
