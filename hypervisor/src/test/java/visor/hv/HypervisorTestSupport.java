package visor.hv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import visor.soc.ClockMode;
import visor.soc.MachineConfig;
import visor.soc.Raspi3Machine;

/** A hypervisor on a virtual-clock Raspberry Pi 3, run on a background thread, for end-to-end tests. */
final class HypervisorTestSupport implements AutoCloseable {
    static final Path REPO = findRepo();

    final Raspi3Machine machine;
    final Hypervisor hv;
    private final Thread thread;

    HypervisorTestSupport() throws IOException {
        machine = new Raspi3Machine(new MachineConfig(1L << 30, 1, ClockMode.VIRTUAL, null, 1));
        hv = new Hypervisor(new Raspi3Host(machine), 10_000_000L);
        thread = new Thread(hv::run, "hypervisor");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    static byte[] guest(String path) throws IOException {
        return Files.readAllBytes(REPO.resolve(path));
    }

    Vm vm(String name, String image, long load, long sp, long memory) throws IOException {
        return hv.create(new VmSpec(name, image, guest(image), load, load, sp, memory), true);
    }

    /** Waits until {@code text} appears in the VM's console output, or fails after {@code seconds}. */
    static String awaitOutput(Vm vm, String text, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            String out = new String(vm.console().history(), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (out.contains(text)) {
                return out;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("'" + text + "' did not appear on VM " + vm.name() + " (state " + vm.state()
                + ", " + vm.crashReason() + "); output:\n"
                + new String(vm.console().history(), java.nio.charset.StandardCharsets.ISO_8859_1)
                + "\n" + vm.registerDump());
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
