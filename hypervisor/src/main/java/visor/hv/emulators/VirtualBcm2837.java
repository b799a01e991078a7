package visor.hv.emulators;

import visor.cpu.Clock;
import visor.cpu.Cpu;
import visor.hv.VirtualPlatform;
import visor.hv.VmSpec;
import visor.mmu.MemoryPort;
import visor.mmu.MmioBus;
import visor.soc.Firmware;
import visor.soc.Raspi3Machine;
import visor.soc.console.ConsoleChannel;
import visor.soc.device.ClockManager;
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
import visor.soc.device.Rng;
import visor.soc.device.SdBus;
import visor.soc.device.SdHost;
import visor.soc.device.SystemTimer;
import visor.soc.device.UsbOtg;

import static visor.soc.Raspi3Machine.AUX;
import static visor.soc.Raspi3Machine.CPRMAN;
import static visor.soc.Raspi3Machine.EMMC;
import static visor.soc.Raspi3Machine.GPIO;
import static visor.soc.Raspi3Machine.INTERRUPT_CONTROLLER;
import static visor.soc.Raspi3Machine.LOCAL_BASE;
import static visor.soc.Raspi3Machine.MAILBOX;
import static visor.soc.Raspi3Machine.POWER_MANAGEMENT;
import static visor.soc.Raspi3Machine.RNG;
import static visor.soc.Raspi3Machine.SDHOST;
import static visor.soc.Raspi3Machine.SYSTEM_TIMER;
import static visor.soc.Raspi3Machine.UART0;
import static visor.soc.Raspi3Machine.USB;

/**
 * A VM's virtual BCM2837: the same device models as the physical machine ({@code visor.soc.device}),
 * instantiated per VM and wired to the VM's own time, its own interrupt controller and local
 * peripherals (whose core-0 outputs become HCR_EL2.VI/VF), its console and its guest-physical memory.
 * Nothing here touches host devices; every register a guest reaches arrives by a trapped access.
 */
public final class VirtualBcm2837 implements VirtualPlatform {
    /** Power requests from the virtual watchdog / PM_RSTC (see {@link #takePowerRequest()}). */
    public static final int POWER_NONE = 0, POWER_RESET = 1, POWER_HALT = 2;

    private final Cpu vcpu;
    private final Clock time;
    private final Clock work;
    private final ConsoleChannel console;
    private final MmioBus bus;
    private final InterruptController ic = new InterruptController();
    private final LocalPeripherals local;
    private final SystemTimer systemTimer;
    private final MiniUart miniUart;
    private final Pl011 pl011;
    private final Mailbox mailbox;
    private final PropertyTags tags;
    private final MemoryPort guest;
    private final Gpio gpio;
    private final Rng rng;
    private final PowerManagement pm;
    private final ClockManager cprman = new ClockManager();
    private final Emmc emmc;
    private final SdHost sdHost;
    private final UsbOtg usb;
    private boolean irq, fiq;
    private int idlePolls;
    private int powerRequest = POWER_NONE;

    /**
     * @param time    the VM's clock (stops while it is descheduled)
     * @param work    the VM's work time (its instructions and waits), which paces its serial input
     * @param vcpu    the vCPU, whose generic-timer outputs reach the virtual local peripherals
     * @param guest   guest-physical memory, for the mailbox's property buffers and the framebuffer
     * @param memory  the VM's RAM size, reported by the ARM-memory property tag
     * @param serial  the board serial number the mailbox reports (distinct per VM)
     */
    public VirtualBcm2837(Clock time, Clock work, Cpu vcpu, ConsoleChannel console, MemoryPort guest, long memory,
                          long serial) {
        this.guest = guest;
        this.vcpu = vcpu;
        this.time = time;
        this.work = work;
        this.console = console;
        this.bus = new MmioBus("VM " + console.name());
        local = new LocalPeripherals(time);
        local.setCoreLines((core, irqLevel, fiqLevel) -> {
            if (core == 0) {
                irq = irqLevel;
                fiq = fiqLevel;
            }
        });
        ic.setOutputListener(() -> local.setGpu(ic.irq(), ic.fiq()));
        IrqLine[] timerLines = new IrqLine[SystemTimer.CHANNELS];
        for (int i = 0; i < timerLines.length; i++) {
            timerLines[i] = ic.gpuLine(Raspi3Machine.IRQ_SYSTEM_TIMER0 + i);
        }
        systemTimer = new SystemTimer(time, timerLines);
        // Both UARTs are wired to the one VM console: a guest uses whichever it drives.
        miniUart = new MiniUart(console, ic.gpuLine(Raspi3Machine.IRQ_AUX), work, time);
        pl011 = new Pl011(console, ic.gpuLine(Raspi3Machine.IRQ_UART0), work, time);
        // The ARM gets the VM's RAM; the VideoCore's memory (framebuffer) stays where a Pi 3B has it.
        tags = new PropertyTags(Math.min(memory, PropertyTags.VC_MEMORY_BASE), VmSpec.RAM_LIMIT, serial);
        mailbox = new Mailbox(guest, tags, ic.armLine(InterruptController.ARM_IRQ_MAILBOX));
        gpio = new Gpio(ic.gpuLine(Raspi3Machine.IRQ_GPIO0), ic.gpuLine(Raspi3Machine.IRQ_GPIO1),
                ic.gpuLine(Raspi3Machine.IRQ_GPIO_ALL));
        rng = new Rng(serial);
        pm = new PowerManagement(time);
        // A VM has an empty SD slot: both controllers answer, commands time out at once (no card).
        emmc = new Emmc(SdBus.EMPTY, ic.gpuLine(Raspi3Machine.IRQ_EMMC));
        sdHost = new SdHost(SdBus.EMPTY, ic.gpuLine(Raspi3Machine.IRQ_SDHOST));
        // The USB host controller with nothing plugged in, as on the bare machine.
        usb = new UsbOtg(ic.gpuLine(Raspi3Machine.IRQ_USB));
        pm.setResetHandler(halt -> powerRequest = halt ? POWER_HALT : POWER_RESET);

        // A VM starts as a board does after the firmware: console UART enabled on GPIO 14/15, the SD
        // slot's pins 48-53 on SDHOST, the clock manager's PLLs locked.
        Firmware.initConsole(miniUart, gpio);
        Firmware.initSdPins(gpio);
        Firmware.initClocks(cprman);
        bus.map(SYSTEM_TIMER, SystemTimer.SIZE, systemTimer);
        bus.map(INTERRUPT_CONTROLLER, InterruptController.SIZE, ic);
        bus.map(MAILBOX, Mailbox.SIZE, mailbox);
        bus.map(POWER_MANAGEMENT, 0x1000, pm);
        bus.map(CPRMAN, ClockManager.SIZE, cprman);
        bus.map(RNG, 0x1000, rng);
        bus.map(GPIO, 0x1000, gpio);
        bus.map(UART0, 0x1000, pl011);
        bus.map(AUX, 0x1000, miniUart);
        bus.map(SDHOST, SdHost.SIZE, sdHost);
        bus.map(EMMC, Emmc.SIZE, emmc);
        bus.map(USB, UsbOtg.SIZE, usb);
        bus.map(LOCAL_BASE, Raspi3Machine.LOCAL_END - LOCAL_BASE, local);
    }

    @Override
    public long read(long ipa, int size) {
        long value = bus.read(ipa, size);
        boolean emptyPoll = (ipa == AUX + MiniUart.MU_LSR && (value & 1) == 0)
                || (ipa == UART0 + Pl011.FR && (value & (1 << 4)) != 0);
        idlePolls = emptyPoll ? idlePolls + 1 : 0;
        return value;
    }

    @Override
    public void write(long ipa, int size, long value) {
        idlePolls = 0;
        bus.write(ipa, size, value);
    }

    @Override
    public void update() {
        systemTimer.update();
        local.setTimerOutputs(0, vcpu.timer.outputs());
        local.update();
        miniUart.pullInput();
        pl011.tick();
        pm.update();
    }

    @Override
    public boolean irqPending() {
        return irq;
    }

    @Override
    public boolean fiqPending() {
        return fiq;
    }

    @Override
    public long nextEventNanos() {
        return Math.min(Math.min(systemTimer.nextDeadlineNanos(), nextInputNanos()), Math.min(local.nextDeadlineNanos(), pm.nextDeadlineNanos()));
    }

    /** The UARTs pace input in work time: the earliest VM time at which the VM can have worked until then. */
    @Override
    public long nextInputNanos() {
        long input = Math.min(miniUart.nextInputNanos(), pl011.nextInputNanos());
        return input == Long.MAX_VALUE ? Long.MAX_VALUE : time.nanos() + Math.max(0, input - work.nanos());
    }

    @Override
    public int idlePolls() {
        return idlePolls;
    }

    @Override
    public boolean inputPending() {
        return miniUart.hasReceived() || pl011.hasReceived();
    }

    @Override
    public void allocateConsoleFramebuffer() {
        tags.framebuffer().allocateForConsole();
    }

    @Override
    public Framebuffer.Snapshot screen() {
        return tags.framebuffer().snapshot(guest);
    }

    /** A reset or halt the guest asked for through PM_RSTC or the watchdog, once. */
    @Override
    public int takePowerRequest() {
        int r = powerRequest;
        powerRequest = POWER_NONE;
        return r;
    }

    @Override
    public MmioBus mmioBus() {
        return bus;
    }
}
