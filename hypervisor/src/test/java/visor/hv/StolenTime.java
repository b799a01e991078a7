package visor.hv;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Host time taken from one thread while it could have run: the Linux scheduler's run-queue wait for the
 * thread (second field of /proc/&lt;pid&gt;/task/&lt;tid&gt;/schedstat, nanoseconds). With
 * {@link #collectionNanos} (pauses that stop every thread) it separates what a loaded host costs a
 * thread from what the thread itself spends. Where schedstat is missing, it reads as zero.
 */
final class StolenTime {
    /** No thread known. */
    static final StolenTime NONE = new StolenTime(null);

    private final Path schedstat;
    private volatile long lastRunQueueNanos;

    private StolenTime(Path schedstat) {
        this.schedstat = schedstat;
    }

    /** The calling thread's (its task directory is what /proc/thread-self links to). */
    static StolenTime ofCurrentThread() {
        try {
            Path stat = Path.of("/proc/thread-self").toRealPath().resolve("schedstat");
            return Files.isReadable(stat) ? new StolenTime(stat) : NONE;
        } catch (IOException e) {
            return NONE;
        }
    }

    /** Total run-queue wait of the thread so far; after the thread ended, its last value. */
    long runQueueNanos() {
        if (schedstat != null) {
            try {
                lastRunQueueNanos = Long.parseLong(Files.readString(schedstat).trim().split(" ")[1]);
            } catch (IOException | RuntimeException e) {
                // the thread ended: nothing more is taken from it
            }
        }
        return lastRunQueueNanos;
    }

    /** Total collection time of this JVM so far (G1's young and full collections are pauses). */
    static long collectionNanos() {
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis * 1_000_000;
    }
}
