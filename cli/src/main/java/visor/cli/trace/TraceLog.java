package visor.cli.trace;

import visor.cpu.Block;
import visor.cpu.Cpu;
import visor.cpu.CpuTracer;
import visor.cpu.a64.Disassembler;
import visor.cpu.sysreg.SysRegEncoding;
import visor.hv.ExitTracer;
import visor.hv.Vm;
import visor.mmu.Fault;
import visor.mmu.MmioDevice;
import visor.mmu.MmioTracer;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The trace log: one line per event of the categories asked for (see {@link TraceCategory}), each
 * starting with the category's name. Installed as the cores' {@link CpuTracer}, the buses'
 * {@link MmioTracer} and the hypervisor's {@link ExitTracer}; cores without it pay nothing.
 */
public final class TraceLog implements CpuTracer, MmioTracer, ExitTracer, Closeable {
    private static final String[] VECTOR_KIND = {"sync", "irq", "fiq", "serror"};

    private final EnumSet<TraceCategory> on;
    private final long low, high;
    private final PrintWriter out;
    private final boolean closeOut;
    /** Blocks already disassembled (in_asm): a block decoded again after invalidation is a new object. */
    private final Map<Block, Boolean> shown = new WeakHashMap<>();

    public TraceLog(EnumSet<TraceCategory> categories, long[] range, PrintWriter out, boolean closeOut) {
        this.on = EnumSet.copyOf(categories);
        this.low = range[0];
        this.high = range[1];
        this.out = out;
        this.closeOut = closeOut;
    }

    public boolean traces(TraceCategory c) {
        return on.contains(c);
    }

    /** Whether the cores need the per-block hook (every category but mmio, guest_errors and hv comes from a core). */
    public boolean tracesCores() {
        return on.contains(TraceCategory.INT) || on.contains(TraceCategory.EXEC) || on.contains(TraceCategory.IN_ASM)
                || on.contains(TraceCategory.MMU) || on.contains(TraceCategory.UNIMP);
    }

    /** Whether the MMIO buses need a tracer. */
    public boolean tracesBuses() {
        return on.contains(TraceCategory.MMIO) || on.contains(TraceCategory.GUEST_ERRORS) || on.contains(TraceCategory.UNIMP);
    }

    private boolean inRange(long address) {
        return Long.compareUnsigned(address, low) >= 0 && Long.compareUnsigned(address, high) <= 0;
    }

    private boolean overlaps(long start, long bytes) {
        long end = start + bytes - 1;
        return Long.compareUnsigned(end, low) >= 0 && Long.compareUnsigned(start, high) <= 0;
    }

    private synchronized void line(String text) {
        out.println(text);
    }

    @Override
    public void block(Cpu cpu, Block block) {
        long va = cpu.pc;
        if (!overlaps(va, 4L * block.length())) {
            return;
        }
        if (on.contains(TraceCategory.IN_ASM)) {
            boolean fresh;
            synchronized (this) {
                fresh = shown.put(block, Boolean.TRUE) == null;
            }
            if (fresh) {
                StringBuilder sb = new StringBuilder();
                sb.append(String.format("in_asm core %d: IN: 0x%x (pa 0x%x), %d instructions", cpu.coreId, va,
                        block.pa(), block.length()));
                for (int i = 0; i < block.length(); i++) {
                    long pc = va + 4L * i;
                    int word = block.word(i);
                    sb.append(String.format("%nin_asm   0x%016x: %08x  %s", pc, word, Disassembler.disassemble(pc, word)));
                }
                line(sb.toString());
            }
        }
        if (on.contains(TraceCategory.EXEC)) {
            line(String.format("exec core %d EL%d: block 0x%x (pa 0x%x), %d instructions, instret %d", cpu.coreId,
                    cpu.el, va, block.pa(), block.length(), cpu.instret));
        }
    }

    @Override
    public void exception(Cpu cpu, int fromEl, int vectorType) {
        int el = cpu.el;
        long elr = cpu.elr[el];
        if (!on.contains(TraceCategory.INT) || !inRange(elr)) {
            return;
        }
        String kind = VECTOR_KIND[vectorType >>> 7];
        StringBuilder sb = new StringBuilder(String.format("int core %d: %s EL%d -> EL%d, vector 0x%x (VBAR_EL%d + 0x%x), "
                + "ELR_EL%d 0x%x, SPSR_EL%d 0x%x", cpu.coreId, kind, fromEl, el, cpu.pc, el, cpu.pc - cpu.vbar[el],
                el, elr, el, cpu.spsr[el]));
        if (vectorType == Cpu.VECTOR_SYNC) {
            long esr = cpu.esr[el];
            sb.append(String.format(", ESR_EL%d 0x%x (EC 0x%02x), FAR_EL%d 0x%x", el, esr, (esr >>> 26) & 0x3F, el, cpu.far[el]));
        }
        line(sb.toString());
    }

    @Override
    public void fault(Cpu cpu, long va, Fault fault, boolean fetch, boolean write) {
        if (!on.contains(TraceCategory.MMU) || !inRange(cpu.pc)) {
            return;
        }
        line(String.format("mmu core %d EL%d: %s fault, level %d, stage %d%s, on %s of va 0x%x at pc 0x%x%s", cpu.coreId,
                cpu.el, fault.kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), fault.level,
                fault.stage2 ? 2 : 1, fault.s1ptw ? " (stage-1 table walk)" : "", fetch ? "fetch" : write ? "write" : "read",
                va, cpu.pc, fault.stage2 ? String.format(", ipa 0x%x", fault.ipa) : ""));
    }

    @Override
    public void unknownSystemRegister(Cpu cpu, int insn) {
        if (!on.contains(TraceCategory.UNIMP) || !inRange(cpu.pc)) {
            return;
        }
        line(String.format("unimp core %d EL%d: %s at pc 0x%x names %s, not modelled: UNDEFINED", cpu.coreId, cpu.el,
                Disassembler.disassemble(cpu.pc, insn), cpu.pc, SysRegEncoding.name(SysRegEncoding.keyOf(insn))));
    }

    @Override
    public void access(String bus, MmioDevice device, long address, int size, boolean write, long value) {
        if (!on.contains(TraceCategory.MMIO) || !inRange(address)) {
            return;
        }
        line(String.format("mmio %s: %s %s %d bytes at 0x%x %s 0x%x", bus, device.name(), write ? "write" : "read", size,
                address, write ? "<-" : "->", value));
    }

    @Override
    public void unmapped(String bus, long address, int size, boolean write, long value) {
        if (!on.contains(TraceCategory.GUEST_ERRORS) || !inRange(address)) {
            return;
        }
        line(String.format("guest_errors %s: %s of %d bytes at unmapped address 0x%x%s", bus, write ? "write" : "read",
                size, address, write ? String.format(" (0x%x ignored)", value) : " (reads as 0)"));
    }

    @Override
    public void unimplemented(String device, long offset, String what) {
        if (on.contains(TraceCategory.UNIMP)) {
            line(String.format("unimp %s: register 0x%x not modelled (%s)", device, offset, what));
        }
    }

    @Override
    public void exit(Vm vm, int vector, long esr, long far, long hpfar, long elr, String outcome) {
        if (!on.contains(TraceCategory.HV) || !inRange(elr)) {
            return;
        }
        String kind = vector >= 0x400 && vector < 0x600 ? VECTOR_KIND[(vector - 0x400) >>> 7] : "vector 0x" + Integer.toHexString(vector);
        StringBuilder sb = new StringBuilder(String.format("hv vm %d %s: %s exit, ELR_EL2 0x%x", vm.id(), vm.name(), kind, elr));
        if (vector == 0x400) {
            sb.append(String.format(", ESR_EL2 0x%x (EC 0x%02x), FAR_EL2 0x%x, HPFAR_EL2 0x%x", esr, (esr >>> 26) & 0x3F,
                    far, hpfar));
        }
        sb.append(" -> ").append(outcome);
        line(sb.toString());
    }

    @Override
    public synchronized void close() throws IOException {
        out.flush();
        if (closeOut) {
            out.close();
        }
    }
}
