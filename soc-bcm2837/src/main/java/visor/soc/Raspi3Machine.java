package visor.soc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import visor.cpu.CodeCache;
import visor.cpu.Cpu;
import visor.cpu.ExitReason;
import visor.cpu.RegisterDump;
import visor.mmu.MmioDevice;
import visor.mmu.PhysicalMemory;
import visor.soc.boot.ElfImage;
import visor.soc.boot.LinuxBoot;
import visor.soc.console.ConsoleChannel;
import visor.soc.device.ClockManager;
import visor.soc.device.Dma;
import visor.soc.device.Emmc;
import visor.soc.device.Framebuffer;
import visor.soc.device.Gpio;
import visor.soc.device.InterruptController;
import visor.soc.device.IrqLine;
import visor.soc.device.LocalPeripherals;
import visor.soc.device.Mailbox;
import visor.soc.device.MiniUart;
import visor.soc.device.Pl011;
import visor.soc.device.PowerManagement;
import visor.soc.device.PropertyTags;
import visor.soc.device.Reserved;
import visor.soc.device.Rng;
import visor.soc.device.SdCard;
import visor.soc.device.SdCardSlot;
import visor.soc.device.SdHost;
import visor.soc.device.SystemTimer;
import visor.soc.device.UsbOtg;

/**
 * A Raspberry Pi 3 Model B: RAM, the BCM2837 peripherals, the ARM-local block and up to four cores,
 * booted the way the firmware (armstub8) and QEMU's raspi3b {@code -kernel} do it: the image at
 * 0x80000, core 0 entering it at EL2 with x0-x3 = 0, cores 1-3 parked on the spin table at 0xD8 + 8n
 * until a non-zero entry address appears there.
 *
 * <p>{@link #run} is the cycle loop: cores run round-robin in slices; between slices the devices catch
 * up with the clock and interrupt lines are routed (legacy controller to the local block's GPU routing,
 * generic-timer outputs through the core timer interrupt control, into each core's IRQ/FIQ). When every
 * core waits (WFI/WFE), the loop sleeps until the next device or timer deadline or console input
 * (REALTIME), or jumps the clock to that deadline (VIRTUAL).
 */
public final class Raspi3Machine {
    private static final Logger log = LoggerFactory.getLogger(Raspi3Machine.class);

    public static final long PERIPHERAL_BASE = 0x3F00_0000L;
    public static final long PERIPHERAL_END = 0x4000_0000L;
    public static final long LOCAL_BASE = 0x4000_0000L;
    public static final long LOCAL_END = 0x4004_0000L;
    public static final long SYSTEM_TIMER = PERIPHERAL_BASE + 0x3000;
    public static final long INTERRUPT_CONTROLLER = PERIPHERAL_BASE + 0xB000;
    public static final long MAILBOX = PERIPHERAL_BASE + 0xB880;
    public static final long POWER_MANAGEMENT = PERIPHERAL_BASE + 0x10_0000;
    public static final long CPRMAN = PERIPHERAL_BASE + 0x10_1000;
    public static final long RNG = PERIPHERAL_BASE + 0x10_4000;
    public static final long GPIO = PERIPHERAL_BASE + 0x20_0000;
    public static final long UART0 = PERIPHERAL_BASE + 0x20_1000;
    public static final long SDHOST = PERIPHERAL_BASE + 0x20_2000;
    public static final long DMA = PERIPHERAL_BASE + 0x7000;
    public static final long AUX = PERIPHERAL_BASE + 0x21_5000;
    public static final long EMMC = PERIPHERAL_BASE + 0x30_0000;
    public static final long USB = PERIPHERAL_BASE + 0x98_0000;

    public static final long KERNEL_ADDRESS = 0x8_0000;
    public static final long SPIN_TABLE = 0xD8;

    public static final int IRQ_SYSTEM_TIMER0 = 0, IRQ_USB = 9, IRQ_AUX = 29, IRQ_GPIO0 = 49, IRQ_GPIO1 = 50, IRQ_GPIO_ALL = 52;
    public static final int IRQ_SDHOST = 56, IRQ_UART0 = 57, IRQ_EMMC = 62;

    /** Instructions a core runs before the others get their turn and devices catch up. */
    public static final long SLICE = 20_000;
    /** Slices while the watchdog is within WATCHDOG_NEAR_NANOS of firing: it fires on time between them. */
    static final long WATCHDOG_SLICE = 1_000, WATCHDOG_NEAR_NANOS = 10_000_000;
    /** Guest time after which a core in WFE wakes anyway (spurious wake-ups are allowed, ARM ARM D1.16.1). */
    public static final long WFE_TIMEOUT_NANOS = 100_000;

    private final MachineConfig config;
    private final MachineClock clock;
    private final PhysicalMemory memory;
    private final CodeCache codeCache;
    private final Cpu[] cpus;
    private final boolean[] started;
    private final long[] wfeSince;

    private final ConsoleChannel miniUartConsole = new ConsoleChannel("mini-uart", 1 << 16);
    private final ConsoleChannel pl011Console = new ConsoleChannel("pl011", 1 << 16);

    private final InterruptController ic = new InterruptController();
    private final LocalPeripherals local;
    private final SystemTimer systemTimer;
    private final MiniUart miniUart;
    private final Pl011 pl011;
    private final PropertyTags propertyTags;
    private final Mailbox mailbox;
    private final Gpio gpio;
    private final Rng rng;
    private final Dma dma;
    private final PowerManagement pm;
    private final ClockManager cprman = new ClockManager();
    private final Emmc emmc;
    private final SdHost sdHost;
    private final SdCard sdCard;
    private final SdCardSlot sdSlot;
    private final UsbOtg usb;

    private LinuxBoot boot = LinuxBoot.raw(new byte[0]);
    /** kernel_old=1: every core enters the image at EL3 (EL3 implemented), none waits on the spin table. */
    private boolean el3Entry;
    /** config.txt enable_uart: the firmware leaves the mini-UART console set up. */
    private boolean enableUart = true;
    /** config.txt core_freq in Hz, or 0 for the firmware's default clocks. */
    private long coreFreqHz;
    /** Host time since which every core has been waiting (REALTIME work time), -1 while one runs. */
    private long waitingSince = -1;
    /** The end of an idle wait that is spun rather than parked (see {@link #idleUntil}). */
    private static final long SPIN_NANOS = 100_000;
    /** The thread sleeping in {@link #idleUntil}, which {@link #wakeUp} unparks. */
    private volatile Thread idler;
    private volatile boolean wakeFlag;
    private volatile boolean stopRequested;
    private volatile boolean halted;
    private boolean resetPending;
    private boolean resetIsHalt;
    private long resets;
    private Cpu current;
    private boolean genericTimerAvailable = true;

    /** Actions of other threads (a debugger, the monitor), run by the loop between slices. */
    private final java.util.concurrent.ConcurrentLinkedQueue<java.util.concurrent.FutureTask<?>> commands =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Thread machineThread;
    /** Every core held by a debugger or the monitor (QEMU's vm_stop): no core runs, guest time is frozen. */
    private volatile boolean debugHalted;
    /** While >= 0, only this core runs (a debugger's single step); the others stay where they stopped. */
    private int stepCore = -1;
    private final List<java.util.function.IntConsumer> debugStopListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Raspi3Machine(MachineConfig config) throws IOException {
        this.config = config;
        this.clock = new MachineClock(config.clock());
        long ram = Math.min(config.ramBytes(), PERIPHERAL_BASE);
        this.memory = new PhysicalMemory(ram);
        this.codeCache = new CodeCache(memory);
        long serial = 0x1000_0000L | (mix(config.rngSeed()) & 0x0FFF_FFFFL);
        this.sdCard = config.sdCard() == null ? null : SdCard.open(config.sdCard(), serial);

        local = new LocalPeripherals(clock);
        ic.setOutputListener(() -> local.setGpu(ic.irq(), ic.fiq()));
        IrqLine[] timerLines = new IrqLine[SystemTimer.CHANNELS];
        for (int i = 0; i < timerLines.length; i++) {
            timerLines[i] = ic.gpuLine(IRQ_SYSTEM_TIMER0 + i);
        }
        systemTimer = new SystemTimer(clock, timerLines);
        miniUart = new MiniUart(miniUartConsole, ic.gpuLine(IRQ_AUX), clock.work(), clock);
        pl011 = new Pl011(pl011Console, ic.gpuLine(IRQ_UART0), clock.work(), clock);
        propertyTags = new PropertyTags(ram, serial);
        mailbox = new Mailbox(memory, propertyTags, ic.armLine(InterruptController.ARM_IRQ_MAILBOX));
        gpio = new Gpio(ic.gpuLine(IRQ_GPIO0), ic.gpuLine(IRQ_GPIO1), ic.gpuLine(IRQ_GPIO_ALL));
        long seed = config.clock() == ClockMode.VIRTUAL || config.rngSeed() != 0
                ? config.rngSeed() : System.nanoTime() ^ mix(System.identityHashCode(this));
        rng = new Rng(seed);
        pm = new PowerManagement(clock);
        if (clock.mode() == ClockMode.REALTIME) {
            pm.setDeadlineListener(clock::holdAt);
        }
        pm.setResetHandler(this::requestReset);
        sdSlot = new SdCardSlot(sdCard, SdCardSlot.Host.SDHOST);
        emmc = new Emmc(sdSlot.bus(SdCardSlot.Host.EMMC), ic.gpuLine(IRQ_EMMC));
        sdHost = new SdHost(sdSlot.bus(SdCardSlot.Host.SDHOST), ic.gpuLine(IRQ_SDHOST));
        gpio.setFunctionListener(() -> sdSlot.followPins(gpio));
        usb = new UsbOtg(ic.gpuLine(IRQ_USB));
        dma = new Dma(memory, n -> ic.gpuLine(Dma.gpuIrq(n)));

        cpus = new Cpu[config.cores()];
        started = new boolean[cpus.length];
        wfeSince = new long[cpus.length];
        for (int i = 0; i < cpus.length; i++) {
            cpus[i] = new Cpu(i, memory, codeCache, clock);
            cpus[i].sendEventHook = this::sendEvent;
            // The four A53s form one Inner Shareable domain: TLBI ...IS from one core reaches all
            // (ARM ARM D5.10.2); Linux relies on it when it frees and reuses vmalloc space.
            cpus[i].shareability = cpus;
        }
        clock.attach(cpus);
        local.setCoreLines((core, irq, fiq) -> {
            if (core < cpus.length) {
                cpus[core].setIrqLine(irq);
                cpus[core].setFiqLine(fiq);
            }
        });

        mapDevices();
        miniUartConsole.setInputHook(this::wakeUp);
        pl011Console.setInputHook(this::wakeUp);
        bootCores();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    private void mapDevices() {
        List<long[]> used = new ArrayList<>();
        map(used, SYSTEM_TIMER, 0x20, systemTimer);
        map(used, INTERRUPT_CONTROLLER, InterruptController.SIZE, ic);
        map(used, MAILBOX, Mailbox.SIZE, mailbox);
        map(used, POWER_MANAGEMENT, PowerManagement.SIZE, pm);
        map(used, CPRMAN, ClockManager.SIZE, cprman);
        map(used, RNG, Rng.SIZE, rng);
        map(used, GPIO, Gpio.SIZE, gpio);
        map(used, UART0, Pl011.SIZE, pl011);
        map(used, SDHOST, SdHost.SIZE, sdHost);
        map(used, DMA, Dma.SIZE, dma);
        map(used, AUX, MiniUart.SIZE, miniUart);
        map(used, EMMC, Emmc.SIZE, emmc);
        map(used, USB, UsbOtg.SIZE, usb);
        fillGaps(used, PERIPHERAL_BASE, PERIPHERAL_END);
        List<long[]> localUsed = new ArrayList<>();
        map(localUsed, LOCAL_BASE, LocalPeripherals.SIZE, local);
        fillGaps(localUsed, LOCAL_BASE, LOCAL_END);
    }

    private void map(List<long[]> used, long base, long size, MmioDevice device) {
        memory.map(base, size, device);
        used.add(new long[] {base, base + size});
    }

    /** Everything in the window no device claims answers as reserved space instead of a bus hole. */
    private void fillGaps(List<long[]> used, long from, long to) {
        used.sort((a, b) -> Long.compare(a[0], b[0]));
        long at = from;
        for (long[] r : used) {
            if (r[0] > at) {
                memory.map(at, r[0] - at, new Reserved(at));
            }
            at = Math.max(at, r[1]);
        }
        if (at < to) {
            memory.map(at, to - at, new Reserved(at));
        }
    }

    // ---- public API ----------------------------------------------------------------------------------

    public MachineConfig config() {
        return config;
    }

    /** Loads a kernel image at 0x80000 and resets the cores to boot it. */
    public void loadKernel(byte[] image) {
        loadKernel(image, KERNEL_ADDRESS);
    }

    /** Loads a raw image at {@code address} (config.txt kernel_address): core 0 at EL2 there, the others on the spin table. */
    public void loadKernel(byte[] image, long address) {
        load(new LinuxBoot(image.clone(), address, null, 0, null, 0), false);
    }

    /**
     * Boots {@code plan} as the firmware does after reading config.txt: with {@code kernelOld}
     * (kernel_old=1) there is no armstub, so all cores start at the kernel address at EL3 with EL3
     * implemented; otherwise core 0 starts at EL2 and cores 1-3 wait on the spin table.
     */
    public void load(LinuxBoot plan, boolean kernelOld) {
        long end = plan.kernelAddress() + plan.kernel().length;
        if (plan.kernelAddress() < 0 || end > memory.ramSize()) {
            throw new IllegalArgumentException(String.format("kernel image of %d bytes at 0x%x does not fit in RAM",
                    plan.kernel().length, plan.kernelAddress()));
        }
        if ((plan.kernelAddress() & 3) != 0) {
            throw new IllegalArgumentException(String.format("kernel address 0x%x is not 4-byte aligned", plan.kernelAddress()));
        }
        if (plan.initrd() != null && (plan.initrdAddress() < 0 || plan.initrdAddress() + plan.initrd().length > memory.ramSize())) {
            throw new IllegalArgumentException(String.format("initramfs of %d bytes at 0x%x does not fit in RAM",
                    plan.initrd().length, plan.initrdAddress()));
        }
        if (!kernelOld && cpus.length > 1 && plan.kernelAddress() < SPIN_TABLE + 32 && end > SPIN_TABLE) {
            throw new IllegalArgumentException(String.format("a kernel at 0x%x covers the spin table at 0x%x-0x%x where"
                    + " cores 1-3 wait: boot it with --cores 1, kernel_old=1 or another kernel_address",
                    plan.kernelAddress(), SPIN_TABLE, SPIN_TABLE + 31));
        }
        elf = null;
        el3Entry = kernelOld;
        load(plan);
    }

    /**
     * What config.txt asks of the firmware before the kernel runs: {@code enableUart} (enable_uart) sets up
     * the mini-UART console; {@code coreFreqHz} (core_freq, 0 for the default) fixes the core clock the
     * mailbox reports and the mini-UART divisor is computed from. Takes effect at the next boot or reset.
     */
    public void setFirmwareOptions(boolean enableUart, long coreFreqHz) {
        this.enableUart = enableUart;
        this.coreFreqHz = coreFreqHz;
        propertyTags.setCoreClock(coreFreqHz);
        miniUart.setCoreClock(coreFreqHz != 0 ? coreFreqHz : MiniUart.CORE_CLOCK_HZ);
    }

    /**
     * Loads an ELF image as QEMU's {@code -kernel} does for ELF files: each PT_LOAD segment at its physical
     * address, core 0 starting at the ELF entry point (EL2, MMU off); the other cores spin as usual.
     */
    public void loadElf(ElfImage image) {
        for (ElfImage.Segment seg : image.segments()) {
            if (Long.compareUnsigned(seg.address(), memory.ramSize()) >= 0
                    || Long.compareUnsigned(seg.memSize(), memory.ramSize() - seg.address()) > 0) {
                throw new IllegalArgumentException(String.format("ELF segment at 0x%x (0x%x bytes) does not fit in RAM",
                        seg.address(), seg.memSize()));
            }
            // An image over the spin table would release cores 1-3 to whatever its bytes there say.
            if (cpus.length > 1 && Long.compareUnsigned(seg.address(), SPIN_TABLE + 32) < 0
                    && Long.compareUnsigned(seg.address() + seg.memSize(), SPIN_TABLE) > 0) {
                throw new IllegalArgumentException(String.format("ELF segment at 0x%x (0x%x bytes) covers the spin table"
                        + " at 0x%x-0x%x where cores 1-3 wait: boot it with --cores 1 or link it above 0x%x",
                        seg.address(), seg.memSize(), SPIN_TABLE, SPIN_TABLE + 31, SPIN_TABLE + 32));
            }
        }
        elf = image;
        el3Entry = false;
        load(new LinuxBoot(new byte[0], image.entry(), null, 0, null, 0));
    }

    /**
     * Loads Linux the way QEMU's {@code -kernel -dtb -append -initrd} does (see {@link LinuxBoot#plan})
     * and resets the cores to boot it: core 0 at the kernel with x0 = the device tree's address.
     */
    public void loadLinux(byte[] image, byte[] dtb, String bootargs, byte[] initrd) {
        el3Entry = false;
        load(LinuxBoot.plan(image, dtb, bootargs, initrd, armMemory(), memory.ramSize(), propertyTags.framebuffer()));
    }

    /** The ELF image booted instead of {@link #boot}'s kernel, or null. */
    private ElfImage elf;

    private void load(LinuxBoot plan) {
        boot = plan;
        bootCores();
    }

    /** RAM the ARM owns from address 0: below the VideoCore's share, as the mailbox reports it. */
    public long armMemory() {
        return Math.min(memory.ramSize(), PropertyTags.VC_MEMORY_BASE);
    }

    public ConsoleChannel miniUartConsole() {
        return miniUartConsole;
    }

    public ConsoleChannel pl011Console() {
        return pl011Console;
    }

    public Cpu core(int i) {
        return cpus[i];
    }

    public int cores() {
        return cpus.length;
    }

    /** True once core {@code i} has been released (core 0 always is). */
    public boolean started(int i) {
        return started[i];
    }

    public visor.cpu.CodeCache codeCache() {
        return codeCache;
    }

    /**
     * Puts {@code cpu} on physical core {@code i}: it receives that core's IRQ/FIQ lines and timer routing
     * from now on (a hypervisor loading a vCPU). The machine's own loop must not be running.
     */
    public void bindCore(int i, Cpu cpu) {
        cpus[i] = cpu;
        started[i] = true;
        cpu.setIrqLine(local.irq(i));
        cpu.setFiqLine(local.fiq(i));
    }

    public PhysicalMemory memory() {
        return memory;
    }

    /** The firmware framebuffer's picture now, or null while the guest has allocated none. */
    public Framebuffer.Snapshot screen() {
        return propertyTags.framebuffer().snapshot(memory);
    }

    public MachineClock clock() {
        return clock;
    }

    /** Retired instructions, all cores. */
    public long instructions() {
        long n = 0;
        for (Cpu c : cpus) {
            n += c.instret;
        }
        return n;
    }

    /** Retired instructions that ran in compiled blocks, all cores. */
    public long compiledInstructions() {
        long n = 0;
        for (Cpu c : cpus) {
            n += c.instretCompiled;
        }
        return n;
    }

    /** Watchdog resets performed so far. */
    public long resets() {
        return resets;
    }

    /** True after the guest powered the board off (watchdog reset with the halt partition). */
    public boolean halted() {
        return halted;
    }

    public InterruptController interruptController() {
        return ic;
    }

    public LocalPeripherals localPeripherals() {
        return local;
    }

    public SystemTimer systemTimer() {
        return systemTimer;
    }

    public MiniUart miniUart() {
        return miniUart;
    }

    public Pl011 pl011() {
        return pl011;
    }

    public Emmc emmc() {
        return emmc;
    }

    public SdHost sdHost() {
        return sdHost;
    }

    /** The microSD slot and the controller GPIO 48-53 route it to. */
    public SdCardSlot sdSlot() {
        return sdSlot;
    }

    public PowerManagement powerManagement() {
        return pm;
    }

    /** Thread-safe: {@link #run} returns after the slice in progress. */
    public void stop() {
        stopRequested = true;
        wakeUp();
    }

    /** Closes the SD card image. */
    public void close() throws IOException {
        if (sdCard != null) {
            sdCard.close();
        }
    }

    // ---- boot and reset ------------------------------------------------------------------------------

    private void bootCores() {
        if (enableUart) {
            Firmware.initConsole(miniUart, gpio, coreFreqHz == 0 ? Firmware.BAUD_115200 : Firmware.miniUartDivisor(coreFreqHz));
        }
        Firmware.initSdPins(gpio);
        Firmware.initClocks(cprman);
        if (boot.dtb() != null) {
            Firmware.initPl011(pl011);
        }
        for (int i = 0; i < 4; i++) {
            memory.write(SPIN_TABLE + 8L * i, 8, 0);
        }
        memory.load(boot.kernelAddress(), boot.kernel());
        if (elf != null) {
            for (ElfImage.Segment seg : elf.segments()) {
                memory.load(seg.address(), seg.bytes());
                // The segment's p_memsz beyond p_filesz (.bss) reads as zero, also after a reset.
                memory.load(seg.address() + seg.bytes().length, new byte[(int) (seg.memSize() - seg.bytes().length)]);
            }
        }
        if (boot.initrd() != null) {
            memory.load(boot.initrdAddress(), boot.initrd());
        }
        if (boot.dtb() != null) {
            memory.load(boot.dtbAddress(), boot.dtb());
        }
        for (int i = 0; i < cpus.length; i++) {
            started[i] = i == 0 || el3Entry;
            wfeSince[i] = -1;
            cpus[i].reset(boot.kernelAddress(), el3Entry ? 3 : 2);
        }
        // booting.rst: x0 = the device tree's physical address, x1-x3 = 0 (reset cleared them).
        cpus[0].setX(0, boot.dtbAddress());
    }

    /** Resets the board as a watchdog reset does (the monitor's system_reset), before the next slice. */
    public void requestReset() {
        requestReset(false);
        wakeUp();
    }

    private void requestReset(boolean halt) {
        resetPending = true;
        resetIsHalt = halt;
        if (current != null) {
            current.requestExit();
        }
    }

    private void performReset() {
        resetPending = false;
        if (resetIsHalt) {
            log.info("guest powered the board off (PM_RSTS partition 63)");
            halted = true;
            return;
        }
        resets++;
        log.info("watchdog reset #{}: reloading the kernel", resets);
        ic.reset();
        local.reset();
        systemTimer.reset();
        miniUart.reset();
        pl011.reset();
        propertyTags.reset();
        mailbox.reset();
        gpio.reset();
        rng.reset();
        dma.reset();
        emmc.reset();
        sdHost.reset();
        usb.reset();
        pm.afterWatchdogReset();
        bootCores();
    }

    private void sendEvent() {
        for (Cpu c : cpus) {
            c.signalEvent();
        }
    }

    /** Ends an idle wait early (console input, a command from another thread). Thread-safe. */
    public void wakeUp() {
        wakeFlag = true;
        Thread t = idler;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ---- the cycle loop ------------------------------------------------------------------------------

    /** Runs until {@link #stop} (returns normally), a power-off, or a fatal error (thrown). */
    public void run() {
        machineThread = Thread.currentThread();
        try {
            tick();
            while (!stopRequested && !halted) {
                drainCommands();
                if (resetPending) {
                    performReset();
                    continue;
                }
                if (debugHalted) {
                    idleUntil(Long.MAX_VALUE);
                    continue;
                }
                boolean ran = false;
                for (int i = 0; i < cpus.length && !stopRequested && !resetPending && !debugHalted; i++) {
                    if (started[i] && (stepCore < 0 || stepCore == i)) {
                        ran |= runCore(i);
                    }
                }
                current = null;
                tick();
                if (ran) {
                    waitingSince = -1;
                } else if (!resetPending && !debugHalted && commands.isEmpty()) {
                    idle();
                    // Devices see the time that passed before a core runs again: a watchdog that ran out
                    // during the wait resets the board before Linux's restart handler gives up.
                    tick();
                }
            }
        } finally {
            current = null;
            stopRequested = false;
            machineThread = null;
            drainCommands();
        }
    }

    private void drainCommands() {
        java.util.concurrent.FutureTask<?> task;
        while ((task = commands.poll()) != null) {
            task.run();
        }
    }

    // ---- debugging (a gdb stub, the monitor) ---------------------------------------------------------------

    /**
     * Runs {@code action} on the machine's thread between two slices, where every core is at an
     * instruction boundary, and returns its result. Runs it at once when the machine is not running.
     */
    public <T> T onMachineThread(java.util.function.Supplier<T> action) {
        Thread t = machineThread;
        if (t == null || t == Thread.currentThread()) {
            return action.get();
        }
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(action::get);
        commands.add(task);
        wakeUp();
        try {
            while (true) {
                try {
                    return task.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    if (machineThread == null && commands.remove(task)) {
                        // The loop ended before taking it: nothing runs the cores any more.
                        task.run();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the machine", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Core {@code i}'s debugger, attached on first use. Machine thread (or before {@link #run}). When an
     * attached debugger stops its core, every core stops ({@link #debugHalted()}) and the listeners hear
     * which core stopped.
     */
    public visor.cpu.debug.Debugger debugger(int i) {
        Cpu c = cpus[i];
        if (c.debugger() == null) {
            c.attachDebugger(new visor.cpu.debug.Debugger(c));
        }
        return c.debugger();
    }

    /** Detaches every core's debugger (breakpoints and watchpoints gone). Machine thread. */
    public void detachDebuggers() {
        for (Cpu c : cpus) {
            if (c.debugger() != null) {
                c.detachDebugger();
            }
        }
    }

    /** Hears the index of the core whose debugger stopped the machine (machine thread). */
    public void addDebugStopListener(java.util.function.IntConsumer listener) {
        debugStopListeners.add(listener);
    }

    public void removeDebugStopListener(java.util.function.IntConsumer listener) {
        debugStopListeners.remove(listener);
    }

    /** Holds every core where it is and freezes guest time (the monitor's stop, gdb's interrupt). Machine thread. */
    public void debugHalt() {
        debugHalted = true;
        stepCore = -1;
        clock.freeze();
    }

    /** True while every core is held ({@link #debugHalt()}, a debugger stop). */
    public boolean debugHalted() {
        return debugHalted;
    }

    /** Lets every core run again; attached debuggers resume past the breakpoint they stopped at. Machine thread. */
    public void debugContinue() {
        for (Cpu c : cpus) {
            if (c.debugger() != null) {
                c.debugger().resume();
            }
        }
        stepCore = -1;
        debugHalted = false;
        clock.thaw();
    }

    /** Runs core {@code i} alone for one instruction, then holds the machine again (its listeners hear it). Machine thread. */
    public void debugStep(int i) {
        for (Cpu c : cpus) {
            if (c.debugger() != null) {
                c.debugger().resume();
            }
        }
        if (!started[i]) {
            throw new IllegalStateException("core " + i + " waits on the spin table: it has no instruction to step");
        }
        debugger(i).step();
        stepCore = i;
        debugHalted = false;
        clock.thaw();
    }

    private void debugStopped(int core) {
        debugHalt();
        for (java.util.function.IntConsumer l : debugStopListeners) {
            l.accept(core);
        }
    }

    /** One slice of core {@code i}; true if it retired instructions. */
    private boolean runCore(int i) {
        Cpu c = cpus[i];
        if (c.waitingFor() == ExitReason.WFE && wfeSince[i] >= 0 && clock.nanos() - wfeSince[i] >= WFE_TIMEOUT_NANOS) {
            c.wake();
        }
        current = c;
        long start = c.instret;
        long budget = sliceBudget();
        while (budget > 0) {
            // While a generic timer holds the core's line, step block by block so the line drops as
            // soon as the guest's MSR to the timer does (no spurious interrupt after the handler).
            boolean stepping = local.timerDriven(i);
            long before = c.instret;
            ExitReason r = c.run(stepping ? 1 : budget);
            budget -= Math.max(1, c.instret - before);
            local.setTimerOutputs(i, timerOutputs(c));
            if (r == ExitReason.DEBUG) {
                debugStopped(i);
                break;
            }
            if (r == ExitReason.EXCEPTION_LOOP) {
                // The board has no watchdog on this: a Cortex-A53 keeps taking the exception forever.
                log.warn("core {}: {}; a real board spins here too, the machine runs on", i, RegisterDump.exceptionLoop(c));
            }
            if (r != ExitReason.BUDGET || !stepping || resetPending || stopRequested) {
                break;
            }
        }
        if (c.waitingFor() == ExitReason.WFE) {
            if (wfeSince[i] < 0) {
                wfeSince[i] = clock.nanos();
            }
        } else {
            wfeSince[i] = -1;
        }
        return c.instret != start;
    }

    /**
     * In VIRTUAL time a slice ends at the next deadline so timers fire on time. In REALTIME it ends at
     * the next received character: serial input is paced in work time ({@link MachineClock#workNanos}),
     * so each character raises its interrupt on its own, as a serial line delivers it.
     */
    private long sliceBudget() {
        long next = clock.mode() == ClockMode.VIRTUAL ? nextDeadline() : nextInputWork();
        // A watchdog about to fire resets the board within its countdown: Linux's restart handler
        // arms ~150 us and gives up ("Reboot failed") after mdelay(1).
        long slice = clock.mode() != ClockMode.VIRTUAL && pm.nextDeadlineNanos() - clock.nanos() < WATCHDOG_NEAR_NANOS
                ? WATCHDOG_SLICE : SLICE;
        if (next == Long.MAX_VALUE) {
            return slice;
        }
        long until = next - clock.workNanos();
        if (until <= 0) {
            return 1;
        }
        return Math.max(1, Math.min(slice, until / MachineClock.NANOS_PER_INSTRUCTION));
    }

    /** Devices catch up with the clock; interrupt lines and the spin table are looked at. */
    public void tick() {
        systemTimer.update();
        local.update();
        miniUart.pullInput();
        pl011.tick();
        pm.update();
        for (int i = 0; i < cpus.length; i++) {
            if (started[i]) {
                local.setTimerOutputs(i, timerOutputs(cpus[i]));
            } else {
                long entry = memory.read(SPIN_TABLE + 8L * i, 8);
                if (entry != 0) {
                    log.debug("core {} released to 0x{}", i, Long.toHexString(entry));
                    cpus[i].reset(entry, 2);
                    started[i] = true;
                }
            }
        }
    }

    private int timerOutputs(Cpu c) {
        if (!genericTimerAvailable) {
            return 0;
        }
        try {
            return c.timer.outputs();
        } catch (UnsupportedOperationException e) {
            genericTimerAvailable = false;
            log.warn("generic timer not available: core timer interrupts are not routed ({})", e.getMessage());
            return 0;
        }
    }

    private long timerDeadline(Cpu c) {
        if (!genericTimerAvailable) {
            return Long.MAX_VALUE;
        }
        try {
            return c.timer.nextDeadlineNanos();
        } catch (UnsupportedOperationException e) {
            genericTimerAvailable = false;
            return Long.MAX_VALUE;
        }
    }

    /** Work time ({@link MachineClock#workNanos}) of the next received character. */
    private long nextInputWork() {
        return Math.min(miniUart.nextInputNanos(), pl011.nextInputNanos());
    }

    private long nextDeadline() {
        long d = Math.min(systemTimer.nextDeadlineNanos(), Math.min(local.nextDeadlineNanos(), pm.nextDeadlineNanos()));
        d = Math.min(d, clock.nanosForWork(nextInputWork()));
        for (int i = 0; i < cpus.length; i++) {
            if (started[i]) {
                d = Math.min(d, timerDeadline(cpus[i]));
            }
        }
        return d;
    }

    /** Every started core waits: let time pass until something can wake one. */
    private void idle() {
        for (int i = 0; i < cpus.length; i++) {
            Cpu c = cpus[i];
            if (started[i] && (c.waitingFor() == null || c.interruptPending()
                    || (c.waitingFor() == ExitReason.WFE && c.eventRegister))) {
                return; // the last tick made a core runnable (interrupt, event, release)
            }
        }
        // Real time: every core has waited since the last look, which counts as work time (MachineClock).
        long now = clock.nanos();
        if (waitingSince >= 0) {
            clock.slept(now - waitingSince);
        }
        idleUntil(nextDeadline());
        waitingSince = clock.nanos();
        clock.slept(waitingSince - now);
    }

    /**
     * Lets time pass until {@code deadline} (guest nanoseconds) or {@link #wakeUp()}: the host thread
     * sleeps in REALTIME; VIRTUAL time jumps to the deadline.
     */
    public void idleUntil(long deadline) {
        long now = clock.nanos();
        if (deadline <= now) {
            return;
        }
        if (clock.mode() == ClockMode.VIRTUAL && deadline != Long.MAX_VALUE) {
            clock.advanceTo(deadline);
            return;
        }
        // Parking, not Object.wait: its timeout rounds up to whole milliseconds, and a serial line's
        // next character is often tens of microseconds away. The last SPIN_NANOS are spun: a parked
        // thread wakes tens of microseconds late (timer slack, a loaded host), once per character.
        idler = Thread.currentThread();
        while (!wakeFlag && !stopRequested) {
            if (deadline == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long left = deadline - clock.nanos();
                if (left <= 0) {
                    break;
                }
                if (left > SPIN_NANOS) {
                    LockSupport.parkNanos(this, left - SPIN_NANOS);
                } else {
                    Thread.onSpinWait();
                }
            }
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                stopRequested = true;
            }
        }
        idler = null;
        wakeFlag = false;
    }
}
