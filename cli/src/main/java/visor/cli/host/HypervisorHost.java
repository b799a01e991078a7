package visor.cli.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import visor.cli.config.RunConfig;
import visor.cli.config.VmConfig;
import visor.cli.console.VmHost;
import visor.cli.console.VmHostException;
import visor.cli.monitor.CpuTarget;
import visor.cli.monitor.MonitorTarget;
import visor.cli.trace.TraceCategory;
import visor.cli.trace.TraceLog;
import visor.hv.Hypervisor;
import visor.hv.LinuxVm;
import visor.hv.Raspi3Host;
import visor.hv.Vm;
import visor.hv.VmSpec;
import visor.hv.VmState;
import visor.hv.VmStats;
import visor.hv.emulators.VirtualBcm2837;
import visor.soc.ClockMode;
import visor.soc.MachineConfig;
import visor.soc.Raspi3Machine;
import visor.soc.boot.ElfImage;
import visor.soc.console.ConsoleChannel;
import visor.soc.device.Framebuffer;
import visor.soc.device.SdCard;

/** The console's view of a running {@link Hypervisor} on an emulated Raspberry Pi 3. */
public final class HypervisorHost implements VmHost {
    /** RAM of a VM made by {@code vmld}. */
    static final long VMLD_MEMORY = 512L << 20;

    private final RunConfig config;
    private final Raspi3Machine machine;
    private final Hypervisor hv;
    private final Thread thread;
    private volatile String failure;
    private final TraceLog trace;
    /** The SD card of each VM that has one ({@code sd} in its [[vm]]), by VM name. */
    private final Map<String, SdCard> cards = new HashMap<>();

    HypervisorHost(RunConfig config, TraceLog trace) throws IOException {
        this.trace = trace;
        this.config = config;
        ClockMode clock = config.hypervisor().clock() == visor.cli.config.HypervisorConfig.Clock.VIRTUAL
                ? ClockMode.VIRTUAL : ClockMode.REALTIME;
        machine = new Raspi3Machine(new MachineConfig(1L << 30, 1, clock, null, 0));
        // Each card is opened (and host-locked) before any VM starts, so a card in use fails the run at once.
        for (VmConfig vm : config.vms()) {
            if (vm.sd() != null) {
                cards.put(vm.name(), openCard(vm));
            }
        }
        hv = new Hypervisor(new Raspi3Host(machine), config.hypervisor().quantumMs() * 1_000_000L,
                vm -> VirtualBcm2837.of(vm, cards.get(vm.name())));
        for (VmConfig vm : config.vms()) {
            byte[] image = Files.readAllBytes(vm.image());
            String imageName = vm.image().getFileName().toString();
            VmSpec spec;
            if (vm.dtb() != null) {
                byte[] initrd = vm.initrd() == null ? null : Files.readAllBytes(vm.initrd());
                try {
                    spec = LinuxVm.spec(vm.name(), imageName, image, Files.readAllBytes(vm.dtb()), vm.append(), initrd, vm.memory());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("VM \"" + vm.name() + "\": " + e.getMessage(), e);
                }
            } else if (ElfImage.isElf(image)) {
                spec = VmSpec.ofElf(vm.name(), imageName, ElfImage.parse(image), vm.sp(), vm.memory());
            } else {
                spec = new VmSpec(vm.name(), imageName, image, vm.load(), vm.entry(), vm.sp(), vm.memory());
            }
            alignment(trace(hv.create(spec, vm.autostart())), vm.alignment() != null ? vm.alignment() : config.hypervisor().alignment());
        }
        if (trace != null) {
            machine.memory().mmio().trace(trace.tracesBuses() ? trace : null);
            hv.traceExits(trace.traces(TraceCategory.HV) ? trace : null);
        }
        thread = new Thread(this::runHypervisor, "hypervisor");
        thread.setDaemon(true);
        thread.start();
    }

    private SdCard openCard(VmConfig vm) throws IOException {
        try {
            return SdCard.open(vm.sd(), 0x5344_0000L + cards.size());
        } catch (IOException e) {
            closeCards();
            throw new IOException("VM \"" + vm.name() + "\": sd = " + vm.sd() + ": " + e.getMessage(), e);
        }
    }

    private void closeCards() {
        for (SdCard card : cards.values()) {
            try {
                card.close();
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(HypervisorHost.class).warn("closing SD card {}: {}", card.path(), e.getMessage());
            }
        }
        cards.clear();
    }

    /** The VM's alignment rule, its warnings logged under its id and name. */
    private static Vm alignment(Vm vm, visor.cpu.AlignmentPolicy policy) {
        vm.vcpu().alignment = policy;
        vm.vcpu().alignmentWarnings = w -> org.slf4j.LoggerFactory.getLogger(HypervisorHost.class)
                .warn("VM {} '{}': {}", vm.id(), vm.name(), w);
        return vm;
    }

    /** Puts {@code vm}'s vCPU and virtual devices under the trace log, if there is one; returns {@code vm}. */
    private Vm trace(Vm vm) {
        if (trace != null) {
            vm.vcpu().tracer = trace.tracesCores() ? trace : null;
            if (vm.mmioBus() != null) {
                vm.mmioBus().trace(trace.tracesBuses() ? trace : null);
            }
        }
        return vm;
    }

    private void runHypervisor() {
        try {
            hv.run();
        } catch (RuntimeException | Error e) {
            failure = "the hypervisor stopped: " + e;
            org.slf4j.LoggerFactory.getLogger(HypervisorHost.class).error("hypervisor thread died", e);
        }
    }

    private Vm vm(int id) {
        Vm vm = hv.vm(Integer.toString(id));
        if (vm == null) {
            throw new VmHostException("no VM with id " + id);
        }
        return vm;
    }

    private static <T> T checked(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new VmHostException(e.getMessage());
        }
    }

    @Override
    public List<VmInfo> list() {
        List<VmInfo> rows = new ArrayList<>();
        for (Vm vm : hv.vms()) {
            VmStats s = vm.stats();
            rows.add(new VmInfo(vm.id(), vm.name(), listedState(vm.state()), s.pages(), s.savedPc(), s.wfx(),
                    s.hvc(), s.sysreg(), s.pf(), s.mmio()));
        }
        return rows;
    }

    /**
     * The state {@code vml} shows. A guest idling in WFI or busy-polling an empty UART is WAITING for the
     * scheduler, but to its user it is running (it answers the moment input or its timer arrives), so
     * {@code vml} says {@code running} for both; {@code info} tells them apart.
     */
    static String listedState(VmState state) {
        return state == VmState.WAITING ? "running" : detailedState(state);
    }

    static String detailedState(VmState state) {
        return state == VmState.WAITING ? "running (waiting for an interrupt or console input)"
                : state.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public ConsoleChannel console(int id) {
        return vm(id).console();
    }

    @Override
    public void stop(int id) {
        Vm vm = vm(id);
        checked(() -> {
            hv.stop(vm);
            return null;
        });
    }

    @Override
    public void start(int id) {
        Vm vm = vm(id);
        checked(() -> {
            hv.start(vm);
            return null;
        });
    }

    @Override
    public void reset(int id) {
        Vm vm = vm(id);
        checked(() -> {
            hv.reset(vm);
            return null;
        });
    }

    @Override
    public void pause(int id) {
        Vm vm = vm(id);
        checked(() -> {
            hv.pause(vm);
            return null;
        });
    }

    @Override
    public void resume(int id) {
        Vm vm = vm(id);
        checked(() -> {
            hv.resume(vm);
            return null;
        });
    }

    @Override
    public Framebuffer.Snapshot screen(int id) {
        Vm vm = vm(id);
        return hv.onMachineThread(vm::screen);
    }

    @Override
    public String info(int id) {
        Vm vm = vm(id);
        return hv.onMachineThread(() -> {
            VmStats s = vm.stats();
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("VM %d '%s': %s, image %s at 0x%x, entry 0x%x, memory %d MiB%n", vm.id(), vm.name(),
                    detailedState(vm.state()), vm.spec().imageName(), vm.spec().load(), vm.spec().entry(),
                    vm.spec().memory() >> 20));
            if (vm.crashReason() != null) {
                sb.append("crashed: ").append(vm.crashReason()).append('\n');
            }
            sb.append(String.format("instructions %d, pages %d, page faults %d, mmio %d, wfx %d, hvc %d, sysreg %d, virqs %d%n",
                    s.instructions(), s.pages(), s.pf(), s.mmio(), s.wfx(), s.hvc(), s.sysreg(), s.virqs()));
            sb.append(vm.registerDump());
            return sb.toString();
        });
    }

    @Override
    public MonitorTarget monitor(int id) {
        Vm vm = vm(id);
        return new CpuTarget(vm.vcpu(), vm.mmioBus(), true, new CpuTarget.Runner() {
            @Override
            public <T> T run(java.util.function.Supplier<T> action) {
                return hv.onMachineThread(action);
            }
        });
    }

    @Override
    public List<ImageInfo> images() {
        List<ImageInfo> images = new ArrayList<>();
        Path base = config.baseDir();
        try (Stream<Path> files = Files.walk(base, 4)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".bin") || p.toString().endsWith(".img"))
                    .sorted()
                    .forEach(p -> {
                        try {
                            images.add(new ImageInfo(base.relativize(p).toString(), Files.size(p)));
                        } catch (IOException e) {
                            // vanished while listing: not an image any more
                        }
                    });
        } catch (IOException e) {
            throw new VmHostException("cannot list " + base + ": " + e.getMessage());
        }
        return images;
    }

    @Override
    public int load(String image, long load, long entry) {
        Path path = config.baseDir().resolve(image);
        if (!Files.isRegularFile(path)) {
            throw new VmHostException("no image " + image + " (ls lists them)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new VmHostException("cannot read " + path + ": " + e.getMessage());
        }
        String base = path.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String name = base;
        for (int n = 2; hv.vm(name) != null; n++) {
            name = base + "-" + n;
        }
        String vmName = name;
        // The guest sets its own stack (our guests and U-Boot do when entered with SP = 0).
        // An ELF image places itself: vmld's load and entry are ignored for it.
        VmSpec spec = checked(() -> ElfImage.isElf(bytes)
                ? VmSpec.ofElf(vmName, path.getFileName().toString(), ElfImage.parse(bytes), 0, VMLD_MEMORY)
                : new VmSpec(vmName, path.getFileName().toString(), bytes, load, entry, 0, VMLD_MEMORY));
        return alignment(trace(checked(() -> hv.create(spec, true))), config.hypervisor().alignment()).id();
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public void shutdown() {
        hv.shutdown();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeCards();
    }
}
