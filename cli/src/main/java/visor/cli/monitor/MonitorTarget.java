package visor.cli.monitor;

import visor.mmu.MmioBus;

import java.util.List;

/**
 * What the monitor inspects: one CPU (a VM's vCPU or a core of the bare machine) and the memory and
 * devices it sees. Implementations read on the machine's thread, so what they return is consistent.
 */
public interface MonitorTarget {
    /** A register dump (X0-X30, SP, PC, PSTATE, the exception registers). */
    String registers();

    /**
     * {@code length} bytes at {@code address}: a virtual address through the CPU's current translation, or
     * a physical address (for a VM its IPA). RAM only: a device register is never read (reading has effects).
     *
     * @throws IllegalArgumentException naming the address that does not translate or is not RAM
     */
    byte[] read(long address, int length, boolean physical);

    /** The devices on the CPU's bus with their access counts. */
    List<MmioBus.Mapping> mmio();

    /** The translation regime: SCTLR/TCR/TTBRs (and stage 2 for a VM) and the TLB's use. */
    String tlb();

    /** The PC of the CPU now. */
    default long pc() {
        throw new UnsupportedOperationException("this target has no PC to show");
    }

    /** The image's symbols ({@code break tick}, {@code <tick+0x4>} in listings); empty for a raw image. */
    default visor.cpu.debug.SymbolTable symbols() {
        return visor.cpu.debug.SymbolTable.EMPTY;
    }

    /** Breakpoint addresses (virtual), ascending. */
    default long[] breakpoints() {
        throw new UnsupportedOperationException("this target has no breakpoints");
    }

    /** Stops the CPU before it executes the instruction at virtual address {@code va}. */
    default void addBreakpoint(long va) {
        throw new UnsupportedOperationException("this target has no breakpoints");
    }

    /** False if there was no breakpoint at {@code va}. */
    default boolean removeBreakpoint(long va) {
        throw new UnsupportedOperationException("this target has no breakpoints");
    }

    /**
     * Runs one instruction of the stopped CPU and returns once it stopped again.
     *
     * @throws IllegalStateException if the CPU is not stopped, or did not stop again within a second (it sleeps
     *     in WFI: it stops after its next instruction)
     */
    default void step() {
        throw new UnsupportedOperationException("this target cannot step");
    }
}
