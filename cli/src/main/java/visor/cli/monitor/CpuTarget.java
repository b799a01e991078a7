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

    /** How the CPU is held and stepped: its debugger, and a single step that waits for the stop. */
    public interface Control {
        /** The CPU's debugger, attached on first use (called through the runner). */
        visor.cpu.debug.Debugger debugger();

        /** See {@link MonitorTarget#step()} (called on the console's thread). */
        void step();
    }

    private final Cpu cpu;
    private final MmioBus bus;
    private final boolean guest;
    private final Runner runner;
    private final Control control;
    private final visor.cpu.debug.SymbolTable symbols;

    /** @param guest true for a VM's vCPU: addresses are guest virtual at EL1 and IPAs */
    public CpuTarget(Cpu cpu, MmioBus bus, boolean guest, Runner runner) {
        this(cpu, bus, guest, runner, null, visor.cpu.debug.SymbolTable.EMPTY);
    }

    /** @param control breakpoints and stepping, or null for a target without them */
    public CpuTarget(Cpu cpu, MmioBus bus, boolean guest, Runner runner, Control control, visor.cpu.debug.SymbolTable symbols) {
        this.cpu = cpu;
        this.bus = bus;
        this.guest = guest;
        this.runner = runner;
        this.control = control;
        this.symbols = symbols;
    }

    private Control control() {
        if (control == null) {
            throw new UnsupportedOperationException("this target has no breakpoints");
        }
        return control;
    }

    @Override
    public long pc() {
        return runner.run(() -> cpu.pc);
    }

    @Override
    public visor.cpu.debug.SymbolTable symbols() {
        return symbols;
    }

    @Override
    public long[] breakpoints() {
        Control c = control();
        return runner.run(() -> cpu.debugger() == null ? new long[0] : c.debugger().breakpoints());
    }

    @Override
    public void addBreakpoint(long va) {
        Control c = control();
        runner.run(() -> {
            c.debugger().addBreakpoint(va);
            return null;
        });
    }

    @Override
    public boolean removeBreakpoint(long va) {
        Control c = control();
        return runner.run(() -> cpu.debugger() != null && c.debugger().removeBreakpoint(va));
    }

    @Override
    public void step() {
        control().step();
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
