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
}
