package visor.cli.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import visor.cli.config.GuestMemory;
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
import visor.soc.ClockMode;
import visor.soc.MachineConfig;
import visor.soc.Raspi3Machine;
import visor.soc.boot.ElfImage;
import visor.soc.boot.LinuxBoot;
import visor.soc.console.ConsoleChannel;
import visor.soc.device.Framebuffer;

/** The console's view of a running {@link Hypervisor} on an emulated Raspberry Pi 3. */
public final class HypervisorHost implements VmHost {
    /** RAM of a VM made by {@code vmld}. */
    static final long VMLD_MEMORY = 512L << 20;
    /** Debugging events are hypervisor events: shown on the console at INFO as VM starts and stops are. */
    private static final org.slf4j.Logger DEBUG_LOG = org.slf4j.LoggerFactory.getLogger(
            visor.cli.logging.LogLevels.HYPERVISOR_LOGGER + ".debug");

    private final RunConfig config;
    private final Raspi3Machine machine;
    private final Hypervisor hv;
    private final Thread thread;
    private volatile String failure;
    private final TraceLog trace;
    /** gdb servers by VM id ({@code gdb} command, {@code gdb = PORT} in [[vm]]). */
    private final java.util.Map<Integer, visor.cli.gdb.GdbServer> gdbServers = new java.util.concurrent.ConcurrentHashMap<>();
    /** The symbols of each VM made from an ELF image, by VM name. */
    private final java.util.Map<String, visor.cpu.debug.SymbolTable> symbols = new java.util.concurrent.ConcurrentHashMap<>();

    HypervisorHost(RunConfig config, TraceLog trace) throws IOException {
        this.trace = trace;
        this.config = config;
        ClockMode clock = config.hypervisor().clock() == visor.cli.config.HypervisorConfig.Clock.VIRTUAL
                ? ClockMode.VIRTUAL : ClockMode.REALTIME;
        machine = new Raspi3Machine(new MachineConfig(1L << 30, 1, clock, null, 0));
        hv = new Hypervisor(new Raspi3Host(machine), config.hypervisor().quantumMs() * 1_000_000L,
                config.hypervisor().memoryLimit());
        for (VmConfig vm : config.vms()) {
            byte[] image = Files.readAllBytes(vm.image());
            String imageName = vm.image().getFileName().toString();
            VmSpec spec;
            if (vm.dtb() != null) {
                byte[] initrd = vm.initrd() == null ? null : Files.readAllBytes(vm.initrd());
                try {
                    spec = LinuxVm.spec(vm.name(), imageName, image, Files.readAllBytes(vm.dtb()), vm.append(), initrd, vm.memory());
                } catch (LinuxBoot.RefusedException e) {
                    Path file = switch (e.part()) {
                        case KERNEL -> vm.image();
                        case INITRD -> vm.initrd();
                        case DTB -> vm.dtb();
                    };
                    throw new IllegalArgumentException("VM \"" + vm.name() + "\": " + file + ": " + e.getMessage(), e);
                }
            } else if (ElfImage.isElf(image)) {
                ElfImage elf = ElfImage.parse(image);
                symbols.put(vm.name(), elf.symbols());
                spec = VmSpec.ofElf(vm.name(), imageName, elf, vm.sp(), vm.memory());
            } else {
                spec = new VmSpec(vm.name(), imageName, image, vm.load(), vm.entry(), vm.sp(), vm.memory());
            }
            Vm created = hv.create(spec, false, setup(vm.alignment() != null ? vm.alignment() : config.hypervisor().alignment()));
            if (vm.gdb() >= 0) {
                DEBUG_LOG.info(gdbServer(created, vm.gdb()));
            }
            if (vm.autostart()) {
                try {
                    hv.start(created);
                } catch (IllegalStateException e) {
                    // Logged by the hypervisor; the VM stays in vml as crashed, the others run.
                }
            }
        }
        if (trace != null) {
            machine.memory().mmio().trace(trace.tracesBuses() ? trace : null);
            hv.traceExits(trace.traces(TraceCategory.HV) ? trace : null);
        }
        hv.addDebugStopListener(this::announceStop);
        thread = new Thread(this::runHypervisor, "hypervisor");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * What a new VM gets before its first instruction: its alignment rule, its warnings logged under its id
     * and name, and the trace log if there is one.
     */
    private java.util.function.Consumer<Vm> setup(visor.cpu.AlignmentPolicy policy) {
        return vm -> {
            vm.vcpu().alignment = policy;
            vm.vcpu().alignmentWarnings = w -> org.slf4j.LoggerFactory.getLogger(HypervisorHost.class)
                    .warn("VM {} '{}': {}", vm.id(), vm.name(), w);
            if (trace != null) {
                vm.vcpu().tracer = trace.tracesCores() ? trace : null;
                if (vm.mmioBus() != null) {
                    vm.mmioBus().trace(trace.tracesBuses() ? trace : null);
                }
            }
        };
    }

    /** A breakpoint or watchpoint hit is said on the console (a step is answered by the command that made it). */
    private void announceStop(Vm vm) {
        visor.cpu.debug.DebugStop stop = vm.vcpu().debugger() == null ? null : vm.vcpu().debugger().lastStop();
        String text = visor.cli.monitor.BreakpointCommands.describe(stop,
                symbols.getOrDefault(vm.name(), visor.cpu.debug.SymbolTable.EMPTY));
        if (text != null) {
            DEBUG_LOG.info("VM {} '{}' paused: {}", vm.id(), vm.name(), text);
        }
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
        }, new CpuTarget.Control() {
            @Override
            public visor.cpu.debug.Debugger debugger() {
                return hv.debugger(vm);
            }

            @Override
            public void step() {
                java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
                java.util.function.Consumer<Vm> listener = v -> {
                    if (v == vm) {
                        stopped.countDown();
                    }
                };
                hv.addDebugStopListener(listener);
                try {
                    checked(() -> {
                        if (vm.state() != VmState.PAUSED) {
                            throw new IllegalStateException("VM " + vm.id() + " is " + listedState(vm.state())
                                    + ": 'pause' it (or stop it at a breakpoint) first");
                        }
                        hv.step(vm);
                        return null;
                    });
                    if (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new VmHostException("VM " + vm.id() + " sleeps in WFI: it stops after its next instruction");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    hv.removeDebugStopListener(listener);
                }
            }
        }, symbols.getOrDefault(vm.name(), visor.cpu.debug.SymbolTable.EMPTY));
    }

    @Override
    public List<ImageInfo> images() {
        List<ImageInfo> images = new ArrayList<>();
        Path base = config.baseDir();
        try (Stream<Path> files = Files.walk(base, IMAGE_DEPTH)) {
            files.filter(Files::isRegularFile)
                    .filter(HypervisorHost::looksLikeImage)
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

    /** How deep below the configuration's directory {@code ls} looks for images. */
    private static final int IMAGE_DEPTH = 4;

    private static boolean looksLikeImage(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".bin") || name.endsWith(".img") || name.endsWith(".elf");
    }

    /**
     * {@code vmld}: only an image {@code ls} lists, checked as the configuration checks a [[vm]] (not empty,
     * load and entry in the VM's RAM and out of the MMIO window, entry 4-byte aligned, the image fits); the
     * VM gets its alignment rule before it starts, and one that cannot start is not kept.
     */
    @Override
    public int load(String image, long load, long entry) {
        Path base = config.baseDir().toAbsolutePath().normalize();
        Path path = base.resolve(image).normalize();
        if (!path.startsWith(base) || !Files.isRegularFile(path) || !looksLikeImage(path)
                || base.relativize(path).getNameCount() > IMAGE_DEPTH) {
            throw new VmHostException("no image " + image + " in " + base + " ('ls' lists what vmld can load)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new VmHostException("cannot read " + path + ": " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new VmHostException(image + " is empty");
        }
        boolean elf = ElfImage.isElf(bytes);
        if (!elf) {
            String problem = GuestMemory.addressProblem(load, VMLD_MEMORY, 1, false);
            if (problem == null) {
                problem = GuestMemory.addressProblem(entry, VMLD_MEMORY, 4, false);
                problem = problem == null ? null : "entry " + problem;
            } else {
                problem = "load " + problem;
            }
            if (problem != null) {
                throw new VmHostException(problem);
            }
            if (entry < load || entry >= load + bytes.length) {
                org.slf4j.LoggerFactory.getLogger(HypervisorHost.class).warn(
                        "vmld {}: entry {} is outside the image, loaded at {}-{}; the VM starts in zeroed memory",
                        image, GuestMemory.hex(entry), GuestMemory.hex(load), GuestMemory.hex(load + bytes.length - 1));
            }
        }
        String stem = path.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String name = stem;
        for (int n = 2; hv.vm(name) != null; n++) {
            name = stem + "-" + n;
        }
        String vmName = name;
        // The guest sets its own stack (our guests and U-Boot do when entered with SP = 0).
        // An ELF image places itself: vmld's load and entry are ignored for it.
        VmSpec spec = checked(() -> {
            if (!elf) {
                return new VmSpec(vmName, path.getFileName().toString(), bytes, load, entry, 0, VMLD_MEMORY);
            }
            ElfImage parsed = ElfImage.parse(bytes);
            symbols.put(vmName, parsed.symbols());
            return VmSpec.ofElf(vmName, path.getFileName().toString(), parsed, 0, VMLD_MEMORY);
        });
        return checked(() -> hv.create(spec, true, setup(config.hypervisor().alignment()))).id();
    }

    @Override
    public String gdb(int id, int port) {
        return gdbServer(vm(id), port);
    }

    /** Starts a gdb server for {@code vm}'s vCPU on {@code port} (0: a free one); returns how to connect. */
    private String gdbServer(Vm vm, int port) {
        visor.cli.gdb.GdbServer running = gdbServers.get(vm.id());
        if (running != null) {
            throw new VmHostException("VM " + vm.id() + " '" + vm.name() + "' has a gdb server on tcp::" + running.port()
                    + " already");
        }
        try {
            visor.cli.gdb.GdbServer server = new visor.cli.gdb.GdbServer(new VmGdbTarget(hv, vm, monitor(vm.id())),
                    new visor.cli.gdb.GdbServer.Address("", port));
            gdbServers.put(vm.id(), server);
            return "gdb server for VM " + vm.id() + " '" + vm.name() + "' on tcp::" + server.port()
                    + " (gdb: target remote localhost:" + server.port() + ")";
        } catch (IOException e) {
            throw new VmHostException("gdb server for VM " + vm.id() + " on port " + port + ": " + e.getMessage());
        }
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public void shutdown() {
        gdbServers.values().forEach(visor.cli.gdb.GdbServer::close);
        hv.shutdown();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
