package visor.hv;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import visor.cpu.Cpu;
import visor.cpu.ExitReason;
import visor.cpu.RegisterDump;
import visor.hv.emulators.VirtualBcm2837;
import visor.hv.mem.PagePool;
import visor.hv.mem.Stage2Tables;
import visor.soc.console.ConsoleChannel;

/**
 * The hypervisor: EL2 software modelled in Java on physical core 0. Its loop is a VMM loop — pick a VM,
 * load its vCPU, run it until it exits to EL2, handle the exit ({@link ExitHandler}), ERET — with
 * round-robin scheduling on the physical system timer and the host asleep when every VM waits.
 *
 * <p>Thread model: {@link #run()} owns the machine; other threads (the console) act on VMs through
 * {@link #onMachineThread}, which queues the action for the loop.
 */
public final class Hypervisor {
    private static final Logger log = LoggerFactory.getLogger(Hypervisor.class);

    /** VBAR_EL2 of every vCPU: EL2 runs in Java, so the vector address only identifies the vector. */
    public static final long EL2_VECTORS = 0x1000;
    /** Host RAM the hypervisor hands out to guests and stage-2 tables (below the VideoCore split). */
    public static final long POOL_BASE = 0x0100_0000L;
    public static final long POOL_LIMIT = 0x3C00_0000L;
    /** Host RAM for all VMs together: the Pi 3's 1 GiB less what lies below the pool and above the split. */
    public static final long POOL_BYTES = POOL_LIMIT - POOL_BASE;
    /** Instructions between device updates while a vCPU runs. */
    static final int SLICE = 20_000;
    /** The soonest the scheduler's timer is armed for another VM's character (see {@link #nextTick}). */
    static final long MIN_TICK_NANOS = 20_000;

    /**
     * HCR_EL2 for every VM: stage 2 (VM), set/way invalidate as clean+invalidate (SWIO), physical
     * interrupts to EL2 (FMO/IMO/AMO), WFI/WFE trapped to yield (TWI/TWE), SMC trapped for PSCI (TSC),
     * ACTLR and set/way maintenance trapped (TACR/TSW), EL1 is AArch64 (RW).
     */
    public static final long HCR = (1L << 0) | (1L << 1) | (1L << 3) | (1L << 4) | (1L << 5)
            | (1L << 13) | (1L << 14) | (1L << 19) | (1L << 21) | (1L << 22) | (1L << 31);

    private final HostPlatform host;
    private final PagePool pool;
    private final ExitHandler exits;
    private final VcpuScheduler scheduler = new VcpuScheduler();
    private final List<Vm> vms = new CopyOnWriteArrayList<>();
    private final long quantumNanos;
    private final Function<Vm, VirtualPlatform> platforms;
    private final ConcurrentLinkedQueue<FutureTask<?>> commands = new ConcurrentLinkedQueue<>();
    private volatile Thread machineThread;
    private volatile ExitTracer exitTracer;
    private volatile boolean shutdown;
    private int nextId = 1;
    private final List<java.util.function.Consumer<Vm>> debugStopListeners = new CopyOnWriteArrayList<>();

    /** A hypervisor whose VMs each get a {@link VirtualBcm2837}. */
    public Hypervisor(HostPlatform host, long quantumNanos) {
        this(host, quantumNanos, POOL_BYTES);
    }

    public Hypervisor(HostPlatform host, long quantumNanos, Function<Vm, VirtualPlatform> platforms) {
        this(host, quantumNanos, platforms, POOL_BYTES);
    }

    /**
     * @param memoryLimit host RAM the VMs may take in all (their pages and stage-2 tables), at most
     *                    {@link #POOL_BYTES}; a VM that needs a page beyond it is crashed
     */
    public Hypervisor(HostPlatform host, long quantumNanos, long memoryLimit) {
        this(host, quantumNanos, vm -> new VirtualBcm2837(vm.time(), vm.work(), vm.vcpu(), vm.console(), vm,
                vm.spec().memory(), 0x5650_0000L + vm.id()), memoryLimit);
    }

    private Hypervisor(HostPlatform host, long quantumNanos, Function<Vm, VirtualPlatform> platforms, long memoryLimit) {
        this.host = host;
        this.pool = new PagePool(host.memory(), POOL_BASE,
                Math.min(POOL_BASE + Math.min(memoryLimit, POOL_BYTES), Math.min(POOL_LIMIT, host.memory().ramSize())));
        this.exits = new ExitHandler(host);
        this.quantumNanos = quantumNanos;
        this.platforms = platforms;
    }

    /** Reports every exit to EL2 to {@code tracer} from now on (null: stop). */
    public void traceExits(ExitTracer tracer) {
        exitTracer = tracer;
    }

    public List<Vm> vms() {
        return vms;
    }

    /** The VM with this id or name, or null. */
    public Vm vm(String idOrName) {
        for (Vm vm : vms) {
            if (vm.name().equals(idOrName) || Integer.toString(vm.id()).equals(idOrName)) {
                return vm;
            }
        }
        return null;
    }

    // ---- Commands (any thread) ----------------------------------------------------------------------------

    /** Runs {@code action} on the machine thread between two vCPU slices and returns its result. */
    public <T> T onMachineThread(Supplier<T> action) {
        Thread t = machineThread;
        if (t == null || t == Thread.currentThread()) {
            return action.get();
        }
        FutureTask<T> task = new FutureTask<>(action::get);
        commands.add(task);
        host.wakeUp();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the hypervisor", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Creates a VM from {@code spec}; it starts at once if {@code start}. */
    public Vm create(VmSpec spec, boolean start) {
        return create(spec, start, vm -> { });
    }

    /**
     * Creates a VM from {@code spec}, lets {@code setup} configure its vCPU (alignment rule, tracer) before
     * it runs an instruction, and starts it if {@code start}. A VM that cannot start (no host memory for
     * its image) is removed again, its pages returned, and the reason thrown.
     *
     * @throws IllegalStateException when {@code start} and the VM could not be started
     */
    public Vm create(VmSpec spec, boolean start, java.util.function.Consumer<Vm> setup) {
        return onMachineThread(() -> {
            if (vm(spec.name()) != null) {
                throw new IllegalArgumentException("a VM named '" + spec.name() + "' exists already");
            }
            int id = nextId++;
            ConsoleChannel console = new ConsoleChannel(spec.name(), 256 * 1024);
            console.setInputHook(host::wakeUp);
            Vm vm = new Vm(id, spec, host, pool, console, platforms);
            vm.timerChanged = () -> injectVirtualInterrupts(vm);
            vms.add(vm);
            scheduler.add(vm);
            setup.accept(vm);
            log.info("VM {} '{}' created: {} bytes of {} at 0x{}", id, spec.name(), spec.image().length,
                    spec.imageName(), Long.toHexString(spec.load()));
            if (start && !bootVm(vm)) {
                vm.release();
                vms.remove(vm);
                scheduler.remove(vm);
                nextId = id;
                throw new IllegalStateException("VM '" + spec.name() + "' could not be started: " + vm.crashReason());
            }
            return vm;
        });
    }

    /** @throws IllegalStateException if the VM runs already or could not be started (it is crashed then) */
    public void start(Vm vm) {
        onMachineThread(() -> {
            if (vm.state().schedulable() || vm.state() == VmState.PAUSED) {
                throw new IllegalStateException("VM " + vm.id() + " is " + (vm.state().schedulable() ? "running" : "paused"));
            }
            if (!bootVm(vm)) {
                throw new IllegalStateException("VM " + vm.id() + " could not be started: " + vm.crashReason());
            }
            return null;
        });
    }

    public void stop(Vm vm) {
        onMachineThread(() -> {
            // A crashed VM is stopped too (its crash reason stays for `info`).
            vm.setState(VmState.STOPPED);
            log.info("VM {} '{}' stopped", vm.id(), vm.name());
            return null;
        });
    }

    public void reset(Vm vm) {
        onMachineThread(() -> {
            bootVm(vm);
            return null;
        });
    }

    public void pause(Vm vm) {
        onMachineThread(() -> {
            if (!vm.state().schedulable()) {
                throw new IllegalStateException("VM " + vm.id() + " is not running");
            }
            vm.time.freeze();
            vm.setState(VmState.PAUSED);
            return null;
        });
    }

    public void resume(Vm vm) {
        onMachineThread(() -> {
            if (vm.state() != VmState.PAUSED) {
                throw new IllegalStateException("VM " + vm.id() + " is not paused");
            }
            if (vm.vcpu.debugger() != null) {
                vm.vcpu.debugger().resume();
            }
            vm.setState(VmState.RUNNING);
            return null;
        });
    }

    // ---- Debugging a VM's vCPU (gdb, the monitor) ---------------------------------------------------------

    /**
     * The debugger of {@code vm}'s vCPU, attached on first use. When it stops the vCPU (breakpoint,
     * watchpoint, step) the VM is PAUSED, its time frozen, and the listeners hear it; the other VMs run on.
     */
    public visor.cpu.debug.Debugger debugger(Vm vm) {
        return onMachineThread(() -> {
            if (vm.vcpu.debugger() == null) {
                vm.vcpu.attachDebugger(new visor.cpu.debug.Debugger(vm.vcpu));
            }
            return vm.vcpu.debugger();
        });
    }

    /** Removes the vCPU's debugger with its breakpoints and watchpoints. */
    public void detachDebugger(Vm vm) {
        onMachineThread(() -> {
            if (vm.vcpu.debugger() != null) {
                vm.vcpu.detachDebugger();
            }
            return null;
        });
    }

    /** Runs one instruction of a paused VM, which then pauses again (the listeners hear it). */
    public void step(Vm vm) {
        onMachineThread(() -> {
            if (vm.state() != VmState.PAUSED) {
                throw new IllegalStateException("VM " + vm.id() + " is not paused");
            }
            debugger(vm).step();
            vm.setState(VmState.RUNNING);
            return null;
        });
    }

    /** Hears each VM whose debugger stopped it (on the machine thread). */
    public void addDebugStopListener(java.util.function.Consumer<Vm> listener) {
        debugStopListeners.add(listener);
    }

    public void removeDebugStopListener(java.util.function.Consumer<Vm> listener) {
        debugStopListeners.remove(listener);
    }

    /** Ends {@link #run()} after the current slice. Thread-safe. */
    public void shutdown() {
        shutdown = true;
        host.wakeUp();
    }

    private boolean bootVm(Vm vm) {
        if (vm.boot(vm.id(), this::configureEl2)) {
            vm.setState(VmState.RUNNING);
            vm.time.freeze(); // runnable, but its time only runs once it has the core
            log.info("VM {} '{}' started at 0x{}", vm.id(), vm.name(), Long.toHexString(vm.spec().entry()));
            return true;
        }
        log.error("VM {} '{}' could not be started: {}", vm.id(), vm.name(), vm.crashReason());
        return false;
    }

    /** What EL2 software programs before entering a VM for the first time. */
    private void configureEl2(Vm vm, Stage2Tables stage2) {
        Cpu cpu = vm.vcpu;
        cpu.vbar[2] = EL2_VECTORS;
        cpu.mmu.hcrEl2 = HCR;
        cpu.mmu.vtcrEl2 = Stage2Tables.VTCR;
        cpu.mmu.vttbrEl2 = stage2.vttbr();
        cpu.cptrEl2 = 0x33FF; // RES1 bits only: TFP = 0, the guest owns SIMD&FP
        cpu.sys.vmpidrEl2 = Vm.VMPIDR;
        cpu.sys.vpidrEl2 = cpu.sys.midr;
        // The guest reads the physical counter and timer directly (CNTHCTL_EL2.EL1PCTEN/EL1PCEN).
        cpu.timer.cnthctl = 0b11;
        // The timer outputs are wires into the VM's local peripherals: a guest that disarms its timer
        // (CNTx_CTL, no trap) drops HCR_EL2.VI before its next instruction, not at its next exit.
        cpu.timer.changeHook = vm.timerChanged;
        cpu.timer.setCntvoff(vm.time.cntvoff());
        cpu.updateFpAccess();
        cpu.stateChanged();
        cpu.flushMicroTlb();
    }

    // ---- The VMM loop (machine thread) ------------------------------------------------------------------

    /** Runs VMs until {@link #shutdown()}. */
    public void run() {
        machineThread = Thread.currentThread();
        try {
            while (!shutdown) {
                drainCommands();
                host.tick();
                wakeWaiting();
                Vm vm = scheduler.next();
                if (vm == null) {
                    host.idleUntil(nextWake());
                    continue;
                }
                runQuantum(vm);
            }
        } finally {
            drainCommands();
            machineThread = null;
        }
    }

    private void drainCommands() {
        FutureTask<?> task;
        while ((task = commands.poll()) != null) {
            task.run();
        }
    }

    private void runQuantum(Vm vm) {
        Cpu cpu = vm.vcpu;
        host.bindCore0(cpu);
        vm.time.thaw();
        cpu.timer.setCntvoff(vm.time.cntvoff());
        long quantumEnd = host.clock().nanos() + quantumNanos;
        host.armSchedulerTimer(nextTick(vm, quantumEnd));
        ExitHandler.Next next = ExitHandler.Next.RESUME;
        while (next == ExitHandler.Next.RESUME && !shutdown) {
            injectVirtualInterrupts(vm);
            next = ExitHandler.powerRequest(vm);
            if (next != ExitHandler.Next.RESUME) {
                break;
            }
            ExitReason reason = cpu.run(SLICE);
            if (reason == ExitReason.EL2) {
                ExitTracer t = exitTracer;
                long elr = cpu.elr[2];
                int vector = (int) (cpu.pc - cpu.vbar[2]);
                next = exits.handle(vm);
                if (t != null) {
                    t.exit(vm, vector, cpu.esr[2], cpu.far[2], cpu.hpfarEl2, elr, next.name());
                }
                if (next == ExitHandler.Next.TICK) {
                    // A waiting VM whose next character arrived takes the core: a paste into one VM must
                    // not wait for a computing neighbour's quantum per character. (Timer wake-ups wait
                    // for the quantum's end as before: they would cut a computing VM's share.)
                    boolean expired = host.clock().nanos() >= quantumEnd || wakeWaiting();
                    next = expired ? ExitHandler.Next.YIELD : ExitHandler.Next.RESUME;
                    if (!expired) {
                        host.armSchedulerTimer(nextTick(vm, quantumEnd));
                    }
                }
                if (next == ExitHandler.Next.RESUME && (host.clock().nanos() >= quantumEnd || !commands.isEmpty())) {
                    // A guest that traps more often than a slice ends never lets the physical timer's
                    // interrupt through; EL2 reads the counter before ERET and ends the quantum itself. A console
                    // command waiting ends it too, so the console answers whatever the guest does.
                    next = ExitHandler.Next.YIELD;
                }
                if (vm.state() == VmState.RUNNING && next != ExitHandler.Next.STOP && next != ExitHandler.Next.RESET) {
                    cpu.exceptionReturn();
                }
            } else if (reason == ExitReason.DEBUG) {
                next = ExitHandler.Next.HALT;
            } else if (reason == ExitReason.EXCEPTION_LOOP) {
                next = exits.crash(vm, RegisterDump.exceptionLoop(cpu));
            } else {
                host.tick();
                if (!commands.isEmpty() || host.clock().nanos() >= quantumEnd + quantumNanos) {
                    next = ExitHandler.Next.YIELD;
                }
            }
        }
        switch (next) {
            case YIELD, RESUME -> vm.time.freeze();
            case BLOCK -> vm.setState(VmState.WAITING);
            case STOP -> {
                if (vm.state() != VmState.CRASHED) {
                    vm.setState(VmState.STOPPED);
                    log.info("VM {} '{}' powered off", vm.id(), vm.name());
                }
            }
            case RESET -> {
                log.info("VM {} '{}' requested a reset", vm.id(), vm.name());
                bootVm(vm);
            }
            case HALT -> {
                vm.time.freeze();
                vm.setState(VmState.PAUSED);
                debugStopListeners.forEach(l -> l.accept(vm));
            }
            default -> { }
        }
    }

    /** HCR_EL2.VI/VF follow the VM's virtual interrupt controller (ARM ARM D1.14.3). */
    private void injectVirtualInterrupts(Vm vm) {
        Cpu cpu = vm.vcpu;
        vm.platform.update();
        long hcr = cpu.mmu.hcrEl2 & ~(Cpu.HCR_VI | Cpu.HCR_VF);
        if (vm.platform.irqPending()) {
            if ((cpu.mmu.hcrEl2 & Cpu.HCR_VI) == 0) {
                vm.virqs++;
            }
            hcr |= Cpu.HCR_VI;
        }
        if (vm.platform.fiqPending()) {
            hcr |= Cpu.HCR_VF;
        }
        if (hcr != cpu.mmu.hcrEl2) {
            cpu.mmu.hcrEl2 = hcr;
            cpu.stateChanged();
        }
    }

    /**
     * Moves WAITING VMs whose interrupt, input or poll timeout arrived back to RUNNING; true if one woke
     * with received characters to read.
     */
    private boolean wakeWaiting() {
        boolean woke = false;
        long now = host.clock().nanos();
        for (int i = 0; i < vms.size(); i++) {
            Vm vm = vms.get(i);
            if (vm.state() != VmState.WAITING) {
                continue;
            }
            boolean wake;
            if (vm.pollSleepUntil >= 0) {
                vm.platform.update(); // the serial line delivers what is due
                wake = now >= vm.pollSleepUntil || vm.platform.inputPending();
            } else {
                vm.platform.update();
                wake = vm.platform.irqPending() || vm.platform.fiqPending() || ExitHandler.timerFiring(vm);
            }
            if (wake) {
                vm.pollSleepUntil = -1;
                vm.setState(VmState.RUNNING);
                vm.time.freeze();
                woke |= vm.platform.inputPending();
            }
        }
        return woke;
    }

    /** Host time of the next event that can make a waiting VM runnable. */
    private long nextWake() {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < vms.size(); i++) {
            Vm vm = vms.get(i);
            if (vm.state() == VmState.WAITING) {
                next = Math.min(next, vm.pollSleepUntil >= 0 ? Math.min(vm.pollSleepUntil, nextInputHost(vm)) : nextEventHost(vm));
            }
        }
        return next;
    }

    /**
     * When the scheduler's timer next takes the core from running {@code vm}: its quantum's end, its own
     * next device event, or the next character of a waiting VM (not sooner than {@link #MIN_TICK_NANOS}
     * from now, so a due character that wakes nobody cannot keep the timer firing).
     */
    private long nextTick(Vm vm, long quantumEnd) {
        long input = Long.MAX_VALUE;
        for (int i = 0; i < vms.size(); i++) {
            Vm other = vms.get(i);
            if (other.state() == VmState.WAITING) {
                input = Math.min(input, nextInputHost(other));
            }
        }
        long others = input == Long.MAX_VALUE ? input : Math.max(input, host.clock().nanos() + MIN_TICK_NANOS);
        return Math.min(quantumEnd, Math.min(nextEventHost(vm), others));
    }

    /** Host time at which the next character reaches a UART of {@code vm}, which a parked poll loop reads. */
    private long nextInputHost(Vm vm) {
        long input = vm.platform.nextInputNanos();
        return input == Long.MAX_VALUE ? Long.MAX_VALUE : vm.time.hostNanosFor(input);
    }

    private long nextEventHost(Vm vm) {
        long device = vm.platform.nextEventNanos();
        long deviceHost = device == Long.MAX_VALUE ? Long.MAX_VALUE : vm.time.hostNanosFor(device);
        return Math.min(deviceHost, vm.vcpu.timer.nextDeadlineNanos());
    }
}
