package visor.mmu;

/**
 * Memory as a DMA-capable device sees it (the VideoCore mailbox reading a property buffer): the host's
 * physical memory, or a VM's guest-physical memory through its stage-2 tables.
 */
public interface MemoryPort {
    long read(long address, int size);

    void write(long address, int size, long value);

    /** True if {@code address} is RAM (not a device or a hole). */
    boolean isRam(long address);
}
