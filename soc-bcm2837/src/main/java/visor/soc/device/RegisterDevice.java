package visor.soc.device;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import visor.mmu.MmioDevice;
import visor.mmu.MmioTracer;

/**
 * A peripheral made of 32-bit registers, as every BCM2835 peripheral is (ARM Peripherals manual 1.2:
 * "all peripheral registers are 32 bits wide"). Narrow reads return the addressed byte lanes of the
 * word; a narrow store to the first lane of a word reaches the register zero-extended (that is how
 * {@code strb} to a UART data register behaves on the real bus); 8-byte accesses are two word
 * accesses, low word first. Registers a device does not model read as zero and ignore writes, logged
 * once per device and offset.
 */
public abstract class RegisterDevice implements MmioDevice {
    private static final Logger log = LoggerFactory.getLogger(RegisterDevice.class);

    private final Set<Integer> reported = new HashSet<>();
    private volatile MmioTracer tracer;

    protected abstract int readRegister(int offset);

    protected abstract void writeRegister(int offset, int value);

    @Override
    public long read(long offset, int size) {
        int off = (int) offset;
        if (size == 8) {
            long lo = readRegister(off) & 0xFFFF_FFFFL;
            return lo | ((long) readRegister(off + 4) << 32);
        }
        long word = readRegister(off & ~3) & 0xFFFF_FFFFL;
        long value = word >>> ((off & 3) * 8);
        return size == 4 ? value : value & ((1L << (size * 8)) - 1);
    }

    @Override
    public void write(long offset, int size, long value) {
        int off = (int) offset;
        if (size == 8) {
            writeRegister(off, (int) value);
            writeRegister(off + 4, (int) (value >>> 32));
        } else if (size == 4 || (off & 3) == 0) {
            writeRegister(off & ~3, size == 4 ? (int) value : (int) (value & ((1L << (size * 8)) - 1)));
        } else {
            writeNarrow(off, size, (int) value);
        }
    }

    /** A store narrower than a word to a lane other than the first; devices with 16-bit registers override. */
    protected void writeNarrow(int offset, int size, int value) {
        unimplementedWrite(offset, value);
    }

    /** Reserved or unmodelled register: reads as zero (logged once). */
    protected final int unimplementedRead(int offset) {
        report(offset, "read");
        return 0;
    }

    /** Reserved or unmodelled register: the write is ignored (logged once). */
    protected final void unimplementedWrite(int offset, int value) {
        report(offset, "write 0x" + Integer.toHexString(value));
    }

    @Override
    public void traceUnmodelled(MmioTracer tracer) {
        this.tracer = tracer;
    }

    private void report(int offset, String what) {
        MmioTracer t = tracer;
        if (t != null) {
            t.unimplemented(name(), offset, what);
        }
        if (reported.add(offset)) {
            log.info("{}: unimplemented register 0x{} ({}); reads as 0, writes ignored", name(),
                    Integer.toHexString(offset), what);
        }
    }
}
