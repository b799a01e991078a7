package visor.cli.monitor;

import visor.cpu.Cpu;
import visor.cpu.RegisterDump;
import visor.mmu.Mmu;
import visor.mmu.MmioBus;

import java.util.List;
import java.util.function.Supplier;

/**
 * The monitor's view of one {@link Cpu}: a VM's vCPU (virtual addresses at EL1 through both stages,
 * physical addresses are IPAs) or a core of the bare machine (its current EL, physical addresses are PAs).
 */
public final class CpuTarget implements MonitorTarget {
    /** Runs an action where the CPU's state is stable (the hypervisor's machine thread), returning its result. */
    public interface Runner {
        <T> T run(Supplier<T> action);
    }

    private final Cpu cpu;
    private final MmioBus bus;
    private final boolean guest;
    private final Runner runner;

    /** @param guest true for a VM's vCPU: addresses are guest virtual at EL1 and IPAs */
    public CpuTarget(Cpu cpu, MmioBus bus, boolean guest, Runner runner) {
        this.cpu = cpu;
        this.bus = bus;
        this.guest = guest;
        this.runner = runner;
    }

    @Override
    public String registers() {
        return runner.run(() -> RegisterDump.format(cpu));
    }

    @Override
    public byte[] read(long address, int length, boolean physical) {
        return runner.run(() -> DebugMemory.read(cpu, guest, address, length, physical));
    }

    @Override
    public List<MmioBus.Mapping> mmio() {
        return bus == null ? List.of() : bus.mappings();
    }

    @Override
    public String tlb() {
        return runner.run(() -> {
            Mmu m = cpu.mmu;
            StringBuilder sb = new StringBuilder();
            if (guest || cpu.el < 2) {
                sb.append(String.format("EL1&0: SCTLR_EL1 0x%x (M %d), TCR_EL1 0x%x, TTBR0_EL1 0x%x, TTBR1_EL1 0x%x, MAIR_EL1 0x%x%n",
                        m.sctlrEl1, m.sctlrEl1 & 1, m.tcrEl1, m.ttbr0El1, m.ttbr1El1, m.mairEl1));
            }
            if (!guest) {
                sb.append(String.format("EL2: SCTLR_EL2 0x%x (M %d), TCR_EL2 0x%x, TTBR0_EL2 0x%x, MAIR_EL2 0x%x%n",
                        m.sctlrEl2, m.sctlrEl2 & 1, m.tcrEl2, m.ttbr0El2, m.mairEl2));
            }
            sb.append(String.format("stage 2: HCR_EL2 0x%x (VM %d), VTCR_EL2 0x%x, VTTBR_EL2 0x%x (VMID %d)%n",
                    m.hcrEl2, m.hcrEl2 & 1, m.vtcrEl2, m.vttbrEl2, m.currentVmid()));
            sb.append(String.format("TLB: %d entries cached, ASID %d%n", m.tlbSize(), m.currentAsid()));
            return sb.toString();
        });
    }
}
