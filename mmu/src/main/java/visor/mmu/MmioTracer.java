package visor.mmu;

/** Receives the accesses an {@link MmioBus} dispatches (the trace log); installed only while tracing. */
public interface MmioTracer {
    /** {@code device} answered an access at bus address {@code address}; {@code value} is read or written. */
    void access(String bus, MmioDevice device, long address, int size, boolean write, long value);

    /** An access to an address no device on {@code bus} claims (a guest error: reads 0, writes vanish). */
    void unmapped(String bus, long address, int size, boolean write, long value);

    /** {@code device} has no model for the register at {@code offset} ({@code what}: the access). */
    void unimplemented(String device, long offset, String what);
}
