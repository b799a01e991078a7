package visor.hv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import visor.soc.ClockMode;
import visor.soc.MachineConfig;
import visor.soc.Raspi3Machine;

/** A hypervisor on a Raspberry Pi 3, run on a background thread, for end-to-end tests. */
final class HypervisorTestSupport implements AutoCloseable {
    static final Path REPO = findRepo();

    final Raspi3Machine machine;
    final Hypervisor hv;
    private final Thread thread;
    /** What ended the hypervisor thread abnormally, if anything: a guest must never cause this. */
    private volatile Throwable died;
    private final CountDownLatch started = new CountDownLatch(1);
    /** What the host took from the newest hypervisor thread (tests run one at a time); set as it starts. */
    private static volatile StolenTime machineThread = StolenTime.NONE;

    /** Virtual clock: guest time advances with executed instructions, so runs are reproducible. */
    HypervisorTestSupport() throws IOException {
        this(ClockMode.VIRTUAL, UnaryOperator.identity());
    }

    /** {@code host} may wrap the physical platform (to count what the hypervisor asks of it). */
    HypervisorTestSupport(ClockMode clock, UnaryOperator<HostPlatform> host) throws IOException {
        this(clock, host, Hypervisor.POOL_BYTES);
    }

    /** Virtual clock; the VMs share {@code memoryLimit} bytes of host RAM. */
    HypervisorTestSupport(long memoryLimit) throws IOException {
        this(ClockMode.VIRTUAL, UnaryOperator.identity(), memoryLimit);
    }

    private HypervisorTestSupport(ClockMode clock, UnaryOperator<HostPlatform> host, long memoryLimit) throws IOException {
        machine = new Raspi3Machine(new MachineConfig(1L << 30, 1, clock, null, 1));
        hv = new Hypervisor(host.apply(new Raspi3Host(machine)), 10_000_000L, memoryLimit);
        thread = new Thread(() -> {
            machineThread = StolenTime.ofCurrentThread();
            started.countDown();
            hv.run();
        }, "hypervisor");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> died = e);
    }

    /** Starts the hypervisor thread; the waits below then measure its time. */
    void start() throws InterruptedException {
        thread.start();
        started.await();
    }

    static byte[] guest(String path) throws IOException {
        return Files.readAllBytes(REPO.resolve(path));
    }

    static boolean guestExists(String path) {
        return Files.isRegularFile(REPO.resolve(path));
    }

    /** A VM running the repository image {@code image}, loaded and entered at {@code load}. */
    Vm vm(String name, String image, long load, long sp, long memory) throws IOException {
        return hv.create(new VmSpec(name, image, guest(image), load, load, sp, memory), true);
    }

    /** A VM running {@code image} (e.g. from {@link #words}) at IPA 0 with SP 0x100000. */
    Vm vm(String name, byte[] image, long memory) {
        return hv.create(new VmSpec(name, name, image, 0, 0, 0x100000, memory), true);
    }

    /** A little-endian image of A64 instruction words. */
    static byte[] words(int... insns) {
        ByteBuffer b = ByteBuffer.allocate(4 * insns.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int insn : insns) {
            b.putInt(insn);
        }
        return b.array();
    }

    static String output(Vm vm) {
        return new String(vm.console().history(), StandardCharsets.ISO_8859_1);
    }

    /**
     * Waits until {@code text} appears in the VM's console output, or fails after {@code seconds} of the
     * hypervisor thread's time (see {@link Budget}).
     */
    static String awaitOutput(Vm vm, String text, double seconds) throws InterruptedException {
        return awaitOutputFrom(vm, 0, text, seconds);
    }

    /** Waits until {@code text} appears in the VM's console output after character {@code from}. */
    static String awaitOutputFrom(Vm vm, int from, String text, double seconds) throws InterruptedException {
        Budget budget = new Budget(seconds);
        long seen = -1;
        while (!budget.spent()) {
            // A copy of the history only when the guest wrote more: a 256 KiB copy every 5 ms is garbage
            // whose collection pauses the machine thread too.
            long written = vm.console().written();
            if (written != seen) {
                seen = written;
                String out = output(vm);
                if (out.indexOf(text, Math.min(from, out.length())) >= 0) {
                    return out;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("'" + text + "' did not appear on VM " + vm.name() + " (state " + vm.state()
                + ", " + vm.crashReason() + ") within " + budget + "; output:\n" + output(vm) + "\n" + vm.registerDump());
    }

    /** Waits until the VM is in {@code state}, or fails after {@code seconds} of the hypervisor thread's time. */
    static void awaitState(Vm vm, VmState state, double seconds) throws InterruptedException {
        Budget budget = new Budget(seconds);
        while (!budget.spent()) {
            if (vm.state() == state) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("VM " + vm.name() + " is " + vm.state() + ", not " + state + " within " + budget
                + "; output:\n" + output(vm) + "\n" + vm.registerDump());
    }

    /** What the host and the collector took from the hypervisor thread so far. */
    static long stolen() {
        return machineThread.runQueueNanos() + StolenTime.collectionNanos();
    }

    /** The newest hypervisor thread's run-queue wait. */
    static StolenTime machineThread() {
        return machineThread;
    }

    /**
     * A wait's time limit in the hypervisor thread's own time: wall time less the time the thread was
     * runnable but not running and the JVM's collection pauses. A loaded host slows the machine thread
     * without spending the budget; a hung or looping hypervisor (blocked or running) spends it at wall
     * speed, so a hang fails as fast as on an idle host. {@link #WALL_FACTOR} times the budget in wall
     * time ends the wait in any case.
     */
    private static final class Budget {
        static final int WALL_FACTOR = 10;
        final long budgetNanos;
        final long startWall = System.nanoTime();
        final long startStolen = stolen();
        long usedNanos;

        Budget(double seconds) {
            budgetNanos = (long) (seconds * 1e9);
        }

        boolean spent() {
            long wall = System.nanoTime() - startWall;
            usedNanos = wall - (stolen() - startStolen);
            return usedNanos >= budgetNanos || wall >= WALL_FACTOR * budgetNanos;
        }

        @Override
        public String toString() {
            return String.format("%.1f s of hypervisor time (%.1f s of wall time)", usedNanos / 1e9,
                    (System.nanoTime() - startWall) / 1e9);
        }
    }

    /** Fails if the hypervisor thread has died. */
    void assertAlive() {
        if (died != null) {
            throw new AssertionError("the hypervisor thread died", died);
        }
        if (!thread.isAlive()) {
            throw new AssertionError("the hypervisor thread ended");
        }
    }

    @Override
    public void close() throws InterruptedException {
        hv.shutdown();
        thread.join(5000);
    }

    private static Path findRepo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("guests"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (guests/) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
