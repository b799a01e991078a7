package visor.cpu.debug;

/** A watched range of guest virtual addresses [{@code address}, {@code address + length}). */
public record Watchpoint(long address, long length, WatchKind kind) {
    public Watchpoint {
        if (length <= 0) {
            throw new IllegalArgumentException("watchpoint length must be positive: " + length);
        }
    }

    /** True if the access of {@code size} bytes at {@code va} overlaps the range. */
    public boolean overlaps(long va, int size) {
        return Long.compareUnsigned(va, address + length) < 0 && Long.compareUnsigned(address, va + size) < 0;
    }

    /** True if any byte of the 4 KiB page holding {@code va} is watched. */
    public boolean coversPage(long va) {
        long page = va & ~0xFFFL;
        return overlaps(page, 0x1000);
    }
}
