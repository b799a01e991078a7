package visor.mmu;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Address decoding for memory-mapped devices: each {@link MmioDevice} answers one range. An address no
 * device claims reads as zero and ignores writes, and the first such accesses are logged (a bounded
 * number, so a wild guest cannot flood the log), as a reserved region of the BCM2837 bus behaves.
 */
public final class MmioBus {
    private static final Logger log = LoggerFactory.getLogger(MmioBus.class);
    private static final int MAX_HOLE_REPORTS = 32;

    private record Region(long base, long end, MmioDevice device, long[] accesses) { }

    /** One device's range and the accesses it answered, for the monitor's {@code info mmio}. */
    public record Mapping(long base, long end, MmioDevice device, long accesses) { }

    private final String name;
    private final List<Region> regions = new ArrayList<>();
    private Region[] sorted = new Region[0];
    private final Set<Long> reportedHoles = new HashSet<>();
    private volatile MmioTracer tracer;

    public MmioBus(String name) {
        this.name = name;
    }

    public synchronized void map(long base, long size, MmioDevice device) {
        long end = base + size;
        for (Region r : regions) {
            if (base < r.end && r.base < end) {
                throw new IllegalArgumentException(String.format("%s at 0x%x overlaps %s at 0x%x",
                        device.name(), base, r.device.name(), r.base));
            }
        }
        regions.add(new Region(base, end, device, new long[1]));
        device.traceUnmodelled(tracer);
        regions.sort((a, b) -> Long.compare(a.base, b.base));
        sorted = regions.toArray(new Region[0]);
    }

    private Region region(long address) {
        Region[] rs = sorted;
        int lo = 0, hi = rs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Region r = rs[mid];
            if (address < r.base) {
                hi = mid - 1;
            } else if (address >= r.end) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        return null;
    }

    /** True if a device claims {@code address}. */
    public boolean claims(long address) {
        return region(address) != null;
    }

    public long read(long address, int size) {
        Region r = region(address);
        MmioTracer t = tracer;
        if (r != null) {
            r.accesses[0]++;
            long value = r.device.read(address - r.base, size);
            if (t != null) {
                t.access(name, r.device, address, size, false, value);
            }
            return value;
        }
        if (t != null) {
            t.unmapped(name, address, size, false, 0);
        }
        reportHole(address, "read");
        return 0;
    }

    public void write(long address, int size, long value) {
        Region r = region(address);
        MmioTracer t = tracer;
        if (r != null) {
            r.accesses[0]++;
            r.device.write(address - r.base, size, value);
            if (t != null) {
                t.access(name, r.device, address, size, true, value);
            }
            return;
        }
        if (t != null) {
            t.unmapped(name, address, size, true, value);
        }
        reportHole(address, "write");
    }

    /** Traces every access from now on ({@code null}: stops), and the devices' unimplemented registers. */
    public synchronized void trace(MmioTracer tracer) {
        this.tracer = tracer;
        for (Region r : regions) {
            r.device.traceUnmodelled(tracer);
        }
    }

    public String name() {
        return name;
    }

    /** The mapped devices in address order with their access counts (racy reads of plain counters). */
    public synchronized List<Mapping> mappings() {
        List<Mapping> out = new ArrayList<>();
        for (Region r : regions) {
            out.add(new Mapping(r.base, r.end, r.device, r.accesses[0]));
        }
        return out;
    }

    private void reportHole(long address, String what) {
        int reported;
        synchronized (reportedHoles) {
            if (reportedHoles.size() > MAX_HOLE_REPORTS || !reportedHoles.add(address >>> 12)) {
                return;
            }
            reported = reportedHoles.size();
        }
        log.warn("{}: {} at unmapped address 0x{}: reads as zero, writes ignored", name, what, Long.toHexString(address));
        if (reported == MAX_HOLE_REPORTS) {
            log.warn("{}: further accesses to unmapped addresses are not reported", name);
        }
    }
}
