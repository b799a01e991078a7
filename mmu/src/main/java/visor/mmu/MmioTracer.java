package visor.mmu;

/** Receives the accesses an {@link MmioBus} dispatches (the trace log); installed only while tracing. */
public interface MmioTracer {
    /** {@code device} answered an access at bus address {@code address}; {@code value} is read or written. */
    void access(String bus, MmioDevice device, long address, int size, boolean write, long value);

    /** An access no device or register model answers: an unmapped address or an unimplemented register. */
    void unmodelled(String where, long address, String what);
}
