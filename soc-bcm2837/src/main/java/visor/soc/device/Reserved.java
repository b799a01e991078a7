package visor.soc.device;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import visor.mmu.MmioDevice;
import visor.mmu.MmioTracer;

/**
 * A part of the peripheral window with no modelled device (ARM timer, DMA, USB, ...). Reading it gives
 * zero and writes vanish, so a guest that probes a device we lack sees an idle, absent block instead of
 * faulting; the first access is logged so the gap is visible.
 */
public final class Reserved implements MmioDevice {
    private static final Logger log = LoggerFactory.getLogger(Reserved.class);

    private final long base;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile MmioTracer tracer;

    public Reserved(long base) {
        this.base = base;
    }

    @Override
    public long read(long offset, int size) {
        report(offset, "read");
        return 0;
    }

    @Override
    public void write(long offset, int size, long value) {
        report(offset, "write");
    }

    @Override
    public void traceUnmodelled(MmioTracer tracer) {
        this.tracer = tracer;
    }

    private void report(long offset, String what) {
        MmioTracer t = tracer;
        if (t != null) {
            t.unimplemented(name(), offset, what);
        }
        if (!reported.getAndSet(true)) {
            log.info("{} at 0x{}: no device modelled here; reads as 0, writes ignored", what,
                    Long.toHexString(base + offset));
        }
    }

    @Override
    public String name() {
        return "reserved@0x" + Long.toHexString(base);
    }
}
