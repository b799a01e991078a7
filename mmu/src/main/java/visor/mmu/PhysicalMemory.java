package visor.mmu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The physical address space: RAM as a sparse array of 4 KiB primitive pages (allocated on first
 * touch) and MMIO regions dispatched to {@link MmioDevice}s. Addresses that hit neither read as zero
 * and ignore writes (logged once per 4 KiB), as a reserved bus region does on the BCM2837.
 *
 * <p>Code tracking: the decoder marks each 64-byte line it decodes from; a write to a marked line
 * clears the page's marks and tells the {@link CodeWriteListener}, so decoded blocks never go stale.
 */
public final class PhysicalMemory implements MemoryPort {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final int PAGE_MASK = PAGE_SIZE - 1;

    public static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long ramSize;
    private final byte[][] pages;
    /** Per RAM page, one bit per 64-byte line that holds decoded code. */
    public final long[] codeLines;
    private CodeWriteListener codeListener = page -> { };

    private final MmioBus mmio = new MmioBus("physical bus");

    public PhysicalMemory(long ramSize) {
        if (ramSize <= 0 || (ramSize & PAGE_MASK) != 0 || (ramSize >>> PAGE_SHIFT) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + ramSize);
        }
        this.ramSize = ramSize;
        int n = (int) (ramSize >>> PAGE_SHIFT);
        this.pages = new byte[n][];
        this.codeLines = new long[n];
    }

    public long ramSize() {
        return ramSize;
    }

    @Override
    public boolean isRam(long pa) {
        return pa >= 0 && pa < ramSize;
    }

    /** The host array backing the RAM page holding {@code pa}, allocated on first use; null if not RAM. */
    public byte[] ramPage(long pa) {
        if (!isRam(pa)) {
            return null;
        }
        int ppn = (int) (pa >>> PAGE_SHIFT);
        byte[] p = pages[ppn];
        if (p == null) {
            p = new byte[PAGE_SIZE];
            pages[ppn] = p;
        }
        return p;
    }

    public void map(long base, long size, MmioDevice device) {
        mmio.map(base, size, device);
    }

    /** The bus the MMIO regions hang on (tracing, access counts). */
    public MmioBus mmio() {
        return mmio;
    }

    /** True if {@code pa} belongs to an MMIO region. */
    public boolean isMmio(long pa) {
        return mmio.claims(pa);
    }

    /** Reads {@code size} bytes (1, 2, 4, 8) at {@code pa}; RAM accesses may cross pages. */
    @Override
    public long read(long pa, int size) {
        if (isRam(pa)) {
            int off = (int) (pa & PAGE_MASK);
            if (off + size <= PAGE_SIZE) {
                byte[] p = ramPage(pa);
                return switch (size) {
                    case 1 -> p[off] & 0xFFL;
                    case 2 -> (short) I16.get(p, off) & 0xFFFFL;
                    case 4 -> (int) I32.get(p, off) & 0xFFFF_FFFFL;
                    default -> (long) I64.get(p, off);
                };
            }
            long value = 0;
            for (int i = 0; i < size; i++) {
                value |= read(pa + i, 1) << (8 * i);
            }
            return value;
        }
        return mmio.read(pa, size);
    }

    /** Writes {@code size} bytes (1, 2, 4, 8) at {@code pa}; RAM accesses may cross pages. */
    @Override
    public void write(long pa, int size, long value) {
        if (isRam(pa)) {
            int off = (int) (pa & PAGE_MASK);
            if (off + size <= PAGE_SIZE) {
                byte[] p = ramPage(pa);
                switch (size) {
                    case 1 -> p[off] = (byte) value;
                    case 2 -> I16.set(p, off, (short) value);
                    case 4 -> I32.set(p, off, (int) value);
                    default -> I64.set(p, off, value);
                }
                checkCodeWrite(pa, size);
                return;
            }
            for (int i = 0; i < size; i++) {
                write(pa + i, 1, value >>> (8 * i));
            }
            return;
        }
        mmio.write(pa, size, value);
    }

    /** Copies {@code data} into RAM at {@code pa} (image loading, DMA). */
    public void load(long pa, byte[] data) {
        load(pa, data, 0, data.length);
    }

    public void load(long pa, byte[] data, int from, int length) {
        if (pa < 0 || pa + length > ramSize) {
            throw new IllegalArgumentException(String.format("0x%x bytes at 0x%x do not fit RAM of 0x%x bytes",
                    length, pa, ramSize));
        }
        int done = 0;
        while (done < length) {
            long a = pa + done;
            int off = (int) (a & PAGE_MASK);
            int n = Math.min(PAGE_SIZE - off, length - done);
            System.arraycopy(data, from + done, ramPage(a), off, n);
            invalidateCode((int) (a >>> PAGE_SHIFT));
            done += n;
        }
    }

    /** Zeroes the RAM page holding {@code pa} (a page handed to a new owner). */
    public void zeroPage(long pa) {
        byte[] p = ramPage(pa);
        if (p != null) {
            java.util.Arrays.fill(p, (byte) 0);
            invalidateCode((int) (pa >>> PAGE_SHIFT));
        }
    }

    public void setCodeWriteListener(CodeWriteListener listener) {
        this.codeListener = listener;
    }

    /** Marks the 64-byte lines of [pa, pa+length) as holding decoded code. */
    public void markCode(long pa, int length) {
        int ppn = (int) (pa >>> PAGE_SHIFT);
        int first = (int) (pa & PAGE_MASK) >>> 6;
        int last = (int) ((pa + length - 1) & PAGE_MASK) >>> 6;
        long bits = last == 63 ? -1L << first : ((1L << (last + 1)) - 1) & (-1L << first);
        codeLines[ppn] |= bits;
    }

    /** Called after a write of {@code size} bytes at RAM address {@code pa}. */
    public void checkCodeWrite(long pa, int size) {
        int ppn = (int) (pa >>> PAGE_SHIFT);
        long lines = codeLines[ppn];
        if (lines != 0) {
            int first = (int) (pa & PAGE_MASK) >>> 6;
            int last = (int) ((pa + size - 1) & PAGE_MASK) >>> 6;
            if ((lines & (1L << first)) != 0 || (lines & (1L << last)) != 0) {
                invalidateCode(ppn);
            }
        }
    }

    private void invalidateCode(int ppn) {
        if (codeLines[ppn] != 0) {
            codeLines[ppn] = 0;
            codeListener.codeWritten(ppn);
        }
    }
}
