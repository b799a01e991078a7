package visor.hv;

import java.util.function.Function;
import visor.cpu.Clock;
import visor.cpu.Cpu;
import visor.cpu.RegisterDump;
import visor.hv.mem.PagePool;
import visor.hv.mem.Stage2Tables;
import visor.hv.mmio.GuestBus;
import visor.mmu.Mmu;
import visor.mmu.PhysicalMemory;
import visor.soc.MachineClock;
import visor.soc.console.ConsoleChannel;
import visor.soc.device.Framebuffer;

/**
 * One virtual machine: a single vCPU (its own {@link Cpu}, run on physical core 0 when scheduled), guest
 * RAM backed on demand through stage-2 tables in host memory, its virtual BCM2837, its console and its
 * statistics. Guest accesses reach host memory only through the stage-2 tables built here.
 */
public final class Vm implements GuestBus {
    /** Virtual MPIDR_EL1 of every vCPU: affinity 0, uniprocessor bit clear, RES1 bit 31. */
    public static final long VMPIDR = 0x8000_0000L;

    private final int id;
    private final VmSpec spec;
    private final PhysicalMemory memory;
    private final PagePool pool;
    final Cpu vcpu;
    final VmTime time;
    final ConsoleChannel console;
    /** VISOR_PUTC's output: the console, made once so that a hypercall allocates nothing. */
    final java.util.function.IntConsumer putc;
    final VirtualPlatform platform;
    private Stage2Tables stage2;
    private VmState state = VmState.CREATED;
    private String crashReason;

    long pages;
    long wfx;
    long hvc;
    long sysreg;
    long pf;
    long mmio;
    long virqs;
    /** Host time until which an idle-polling guest sleeps unless input arrives (WAITING). */
    long pollSleepUntil = -1;
    /** Re-samples the vCPU's timer outputs into HCR_EL2.VI/VF (GenericTimer.changeHook). */
    Runnable timerChanged = () -> { };
    private long instructionsBefore;
    /** VM time spent WAITING (WFI, a parked poll loop) before the current wait, and when that began. */
    private long waited, waitingSince;
    private final Clock work = this::workNanos;

    Vm(int id, VmSpec spec, HostPlatform host, PagePool pool, ConsoleChannel console,
       Function<Vm, VirtualPlatform> platformFactory) {
        this.id = id;
        this.spec = spec;
        this.memory = host.memory();
        this.pool = pool;
        this.console = console;
        this.putc = console::emit;
        this.time = new VmTime(host.clock());
        this.vcpu = host.createVcpu();
        this.vcpu.el2Modelled = true;
        this.platform = platformFactory.apply(this);
    }

    public int id() {
        return id;
    }

    public String name() {
        return spec.name();
    }

    public VmSpec spec() {
        return spec;
    }

    public VmState state() {
        return state;
    }

    void setState(VmState state) {
        if (this.state == VmState.WAITING && state != VmState.WAITING) {
            waited += time.nanos() - waitingSince;
        } else if (this.state != VmState.WAITING && state == VmState.WAITING) {
            waitingSince = time.nanos();
        }
        this.state = state;
    }

    /**
     * The VM's work time: its vCPU's retired instructions x {@link MachineClock#NANOS_PER_INSTRUCTION}
     * plus its time spent waiting, which paces its serial input (the bare machine's
     * {@link MachineClock#workNanos}, per VM).
     */
    long workNanos() {
        long waiting = state == VmState.WAITING ? time.nanos() - waitingSince : 0;
        return vcpu.instret * MachineClock.NANOS_PER_INSTRUCTION + waited + waiting;
    }

    /** {@link #workNanos} as a clock, for the VM's UARTs. */
    public Clock work() {
        return work;
    }

    public ConsoleChannel console() {
        return console;
    }

    public String crashReason() {
        return crashReason;
    }

    /** The bus of this VM's virtual devices (tracing, access counts), or null. */
    public visor.mmu.MmioBus mmioBus() {
        return platform.mmioBus();
    }

    public Cpu vcpu() {
        return vcpu;
    }

    public VmTime time() {
        return time;
    }

    public VmStats stats() {
        long savedPc = vcpu.el == 2 ? vcpu.elr[2] : vcpu.pc;
        return new VmStats(pages, savedPc, wfx, hvc, sysreg, pf, mmio, vcpu.instret - instructionsBefore, virqs);
    }

    /** The guest's registers as `info` and crash reports show them. */
    public String registerDump() {
        return RegisterDump.format(vcpu);
    }

    /**
     * Builds fresh guest memory holding the image and puts the vCPU at its entry (EL1h, MMU off, x0-x2 = 0),
     * as design.md §3 specifies. Returns false (and crashes the VM) if host memory runs out.
     */
    boolean boot(int vmid, El2Setup el2) {
        release();
        stage2 = new Stage2Tables(memory, pool, vmid);
        if (!loadBytes(spec.load(), spec.image())) {
            return false;
        }
        for (VmSpec.Segment seg : spec.extras()) {
            if (!loadBytes(seg.ipa(), seg.bytes())) {
                return false;
            }
        }
        // A boot starts every statistic afresh (pages counts what the image load just backed).
        pf = wfx = hvc = sysreg = mmio = virqs = 0;
        instructionsBefore = vcpu.instret;
        vcpu.reset(spec.entry(), 1);
        vcpu.setSpEl(1, spec.sp());
        vcpu.setX(0, spec.x0());
        if (spec.consoleFramebuffer()) {
            platform.allocateConsoleFramebuffer();
        }
        el2.configure(this, stage2);
        crashReason = null;
        return true;
    }

    /** Backs the pages of {@code bytes} at {@code ipa} (if not yet backed) and copies them in. */
    private boolean loadBytes(long at, byte[] bytes) {
        long end = at + bytes.length;
        for (long ipa = at & ~0xFFFL; ipa < end; ipa += PhysicalMemory.PAGE_SIZE) {
            if (stage2.lookup(ipa) < 0 && !pageIn(ipa)) {
                return false;
            }
        }
        for (int off = 0; off < bytes.length; ) {
            long ipa = at + off;
            int n = (int) Math.min(PhysicalMemory.PAGE_SIZE - (ipa & 0xFFF), bytes.length - off);
            memory.load(stage2.lookup(ipa & ~0xFFFL) | (ipa & 0xFFF), bytes, off, n);
            off += n;
        }
        return true;
    }

    /** Backs the guest page at {@code ipa} with a fresh zeroed host page (stage-2 translation fault). */
    boolean pageIn(long ipa) {
        if (!spec.isMemory(ipa)) {
            return false;
        }
        long pa = pool.allocate();
        if (pa < 0) {
            crashOutOfMemory(String.format("host memory exhausted backing IPA 0x%x", ipa));
            return false;
        }
        if (!stage2.map(ipa & ~0xFFFL, pa)) {
            pool.release(pa);
            crashOutOfMemory(String.format("host memory exhausted for stage-2 tables at IPA 0x%x", ipa));
            return false;
        }
        pages++;
        pf++;
        return true;
    }

    /** Stops the VM after a fault EL2 cannot resolve, keeping its registers for `info`. */
    void crash(String reason) {
        crashReason = reason;
        state = VmState.CRASHED;
    }

    /**
     * Crashes the VM when the host has no page left for it and gives back every page it has, so the other
     * VMs can use them; its registers stay for {@code info}, its memory is gone.
     */
    private void crashOutOfMemory(String reason) {
        // Pages first: whoever sees CRASHED (vml, a waiting test) also sees them returned.
        long returned = pages;
        release();
        crash(reason + String.format(" (%d pages returned to the host)", returned));
    }

    /** Returns every host page of this VM to the pool. */
    void release() {
        if (stage2 != null) {
            stage2.destroy((ipa, pa) -> {
                pool.release(pa);
                return 0;
            });
            stage2 = null;
            pages = 0;
            // Host PA 0 lies below the page pool, is never handed out and reads as zero: with VTTBR_EL2
            // there, a stage-2 walk (the monitor's, an AT) finds no mapping instead of freed tables.
            vcpu.mmu.vttbrEl2 = 0;
            vcpu.mmu.invalidateAll();
            vcpu.flushMicroTlb();
        }
    }

    Stage2Tables stage2() {
        return stage2;
    }

    // ---- GuestBus: accesses the MMIO emulator completes on the guest's behalf -------------------------

    @Override
    public long read(long ipa, int size) {
        if (ipa >= VmSpec.MMIO_BASE && ipa < VmSpec.MMIO_END) {
            return platform.read(ipa, size);
        }
        long page = stage2 == null ? -1 : stage2.lookup(ipa & ~0xFFFL);
        return page < 0 ? 0 : memory.read(page | (ipa & 0xFFF), size);
    }

    @Override
    public void write(long ipa, int size, long value) {
        if (ipa >= VmSpec.MMIO_BASE && ipa < VmSpec.MMIO_END) {
            platform.write(ipa, size, value);
            return;
        }
        long page = stage2 == null ? -1 : stage2.lookup(ipa & ~0xFFFL);
        if (page >= 0) {
            memory.write(page | (ipa & 0xFFF), size, value);
        }
    }

    /**
     * A device's write into guest RAM (the DMA controller filling a page-cache page): unlike a write
     * the MMIO emulator completes for the guest, it backs a page the guest never touched.
     */
    public void deviceWrite(long ipa, int size, long value) {
        if (!(ipa >= VmSpec.MMIO_BASE && ipa < VmSpec.MMIO_END) && stage2.lookup(ipa & ~0xFFFL) < 0
                && !pageIn(ipa)) {
            return;
        }
        write(ipa, size, value);
    }

    /** The VM's framebuffer picture now, or null while it has allocated none. */
    public Framebuffer.Snapshot screen() {
        return platform.screen();
    }

    /** Guest memory (RAM and the VideoCore window, {@link VmSpec#isMemory}); pages not touched yet read as zero. */
    @Override
    public boolean isRam(long ipa) {
        return spec.isMemory(ipa);
    }

    /** AT S1E1R/S1E1W from EL2: the guest's own stage-1 translation of {@code va}. */
    @Override
    public long ipaOf(long va, boolean write) {
        long par = vcpu.mmu.at(va, write ? Mmu.WRITE : Mmu.READ, 1, false, true);
        if ((par & 1) != 0) {
            return -1;
        }
        return (par & 0x0000_FFFF_FFFF_F000L) | (va & 0xFFF);
    }

    /** The guest instruction at virtual address {@code va} (AT S12E1R, then a physical read), or -1. */
    long fetchGuestInstruction(long va) {
        long par = vcpu.mmu.at(va, Mmu.READ, 1, false, false);
        if ((par & 1) != 0) {
            return -1;
        }
        return memory.read((par & 0x0000_FFFF_FFFF_F000L) | (va & 0xFFF), 4);
    }

    /** Programs the EL2 registers that make a VM (HCR_EL2, stage 2, timers) on its vCPU. */
    @FunctionalInterface
    interface El2Setup {
        void configure(Vm vm, Stage2Tables stage2);
    }
}
