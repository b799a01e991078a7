package visor.hv.mmio;

/** What a trapped guest access reaches: the VM's virtual devices (or RAM) by intermediate physical address. */
public interface GuestBus extends visor.mmu.MemoryPort {

    /** The IPA of guest virtual address {@code va} (AT S1E1R/W from EL2), or -1 if stage 1 faults. */
    long ipaOf(long va, boolean write);
}
