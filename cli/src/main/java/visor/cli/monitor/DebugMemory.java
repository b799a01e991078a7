package visor.cli.monitor;

import visor.cpu.Cpu;
import visor.mmu.Mmu;
import visor.mmu.PhysicalMemory;

/**
 * A debugger's access to a CPU's memory (gdb's m/M packets, the monitor's x/xp): virtual addresses through
 * the CPU's translation now (a VM's vCPU at EL1 through both stages; a bare core at its current EL), or
 * physical ones (for a VM its IPAs, through stage 2). RAM only: a device register is never touched
 * (reading one has effects). Call where the CPU's state is stable (the machine's thread).
 */
public final class DebugMemory {
    private DebugMemory() {
    }

    /**
     * {@code length} bytes at {@code address}.
     *
     * @param guest true for a VM's vCPU
     * @throws IllegalArgumentException naming the address that does not translate or is not RAM
     */
    public static byte[] read(Cpu cpu, boolean guest, long address, int length, boolean physical) {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long a = address + done;
            long pa = physical ? physicalOf(cpu, guest, a) : virtualOf(cpu, guest, a);
            byte[] page = ramPage(cpu, a, pa);
            int off = (int) (pa & PhysicalMemory.PAGE_MASK);
            int n = Math.min(length - done, PhysicalMemory.PAGE_SIZE - off);
            System.arraycopy(page, off, out, done, n);
            done += n;
        }
        return out;
    }

    /** Writes {@code data} at {@code address} (code written there is retranslated before it runs again). */
    public static void write(Cpu cpu, boolean guest, long address, byte[] data, boolean physical) {
        // Translate every page first, so a write that fails changes nothing.
        long[] pas = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            long a = address + i;
            pas[i] = physical ? physicalOf(cpu, guest, a) : virtualOf(cpu, guest, a);
            ramPage(cpu, a, pas[i]);
        }
        for (int i = 0; i < data.length; i++) {
            cpu.memory.write(pas[i], 1, data[i]);
        }
        // The core's micro-TLB may hold the written page for fetch with its old blocks linked.
        cpu.flushMicroTlb();
    }

    private static byte[] ramPage(Cpu cpu, long address, long pa) {
        byte[] page = cpu.memory.ramPage(pa);
        if (page == null) {
            throw new IllegalArgumentException(String.format("0x%x (pa 0x%x) is not RAM", address, pa));
        }
        return page;
    }

    private static long virtualOf(Cpu cpu, boolean guest, long va) {
        int el = guest ? 1 : cpu.el;
        long pa = cpu.mmu.translate(va, Mmu.READ, el, false);
        if (pa == Mmu.FAULT) {
            throw new IllegalArgumentException(String.format("0x%x does not translate at EL%d: %s", va, el, cpu.mmu.fault));
        }
        return pa;
    }

    private static long physicalOf(Cpu cpu, boolean guest, long address) {
        if (!guest) {
            return address;
        }
        long pa = cpu.mmu.translateStage2(address, Mmu.READ);
        if (pa == Mmu.FAULT) {
            throw new IllegalArgumentException(String.format("IPA 0x%x is not mapped at stage 2 (not backed yet, or a device)",
                    address));
        }
        return pa;
    }
}
