package visor.mmu;

/**
 * A memory-mapped device as seen from the physical bus. Offsets are relative to the base the device
 * was mapped at; sizes are 1, 2, 4 or 8 bytes. Values are zero-extended little-endian.
 */
public interface MmioDevice {
    long read(long offset, int size);

    void write(long offset, int size, long value);

    /** A model with registers it does not implement reports accesses to them to {@code tracer} (null: stop). */
    default void traceUnmodelled(MmioTracer tracer) {
    }

    /** Name used in logs and error messages. */
    default String name() {
        return getClass().getSimpleName();
    }
}
