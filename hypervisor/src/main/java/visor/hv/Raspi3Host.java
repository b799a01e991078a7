package visor.hv;

import visor.cpu.Clock;
import visor.cpu.CodeCache;
import visor.cpu.Cpu;
import visor.mmu.PhysicalMemory;
import visor.soc.Raspi3Machine;

/**
 * The physical Raspberry Pi 3 under the hypervisor. The scheduler's timer is the system timer's compare 3
 * (one of the two channels the VideoCore leaves to the ARM), programmed and acknowledged through the
 * physical registers exactly as EL2 software on the board would.
 */
public final class Raspi3Host implements HostPlatform {
    private static final long SYSTEM_TIMER = 0x3F00_3000L;
    private static final long TIMER_CS = SYSTEM_TIMER;
    private static final long TIMER_CLO = SYSTEM_TIMER + 0x04;
    private static final long TIMER_C3 = SYSTEM_TIMER + 0x18;
    private static final long IRQ_PENDING_1 = 0x3F00_B204L;
    private static final long ENABLE_IRQS_1 = 0x3F00_B210L;
    private static final int SCHEDULER_CHANNEL = 3;

    private final Raspi3Machine machine;
    private final PhysicalMemory memory;

    public Raspi3Host(Raspi3Machine machine) {
        this.machine = machine;
        this.memory = machine.memory();
        memory.write(ENABLE_IRQS_1, 4, 1L << SCHEDULER_CHANNEL);
    }

    public Raspi3Machine machine() {
        return machine;
    }

    @Override
    public PhysicalMemory memory() {
        return memory;
    }

    @Override
    public CodeCache codeCache() {
        return machine.codeCache();
    }

    @Override
    public Clock clock() {
        return machine.clock();
    }

    @Override
    public Cpu createVcpu() {
        Cpu cpu = new Cpu(0, memory, machine.codeCache(), machine.clock());
        machine.clock().register(cpu);
        return cpu;
    }

    @Override
    public void bindCore0(Cpu vcpu) {
        machine.bindCore(0, vcpu);
    }

    @Override
    public void armSchedulerTimer(long hostNanos) {
        // The counter is 1 MHz; a compare in the past would only match after the 32-bit wrap.
        long now = machine.clock().nanos();
        long at = Math.max(hostNanos, now + 1_000) / 1_000;
        memory.write(TIMER_CS, 4, 1L << SCHEDULER_CHANNEL);
        memory.write(TIMER_C3, 4, at & 0xFFFF_FFFFL);
        if (((memory.read(TIMER_CLO, 4) - at) & 0x8000_0000L) == 0) {
            memory.write(TIMER_C3, 4, (memory.read(TIMER_CLO, 4) + 1) & 0xFFFF_FFFFL);
        }
    }

    @Override
    public boolean acknowledgeSchedulerTimer() {
        boolean pending = (memory.read(IRQ_PENDING_1, 4) & (1L << SCHEDULER_CHANNEL)) != 0;
        if (pending) {
            memory.write(TIMER_CS, 4, 1L << SCHEDULER_CHANNEL);
            machine.tick();
        }
        return pending;
    }

    @Override
    public void tick() {
        machine.tick();
    }

    @Override
    public void idleUntil(long hostNanos) {
        machine.idleUntil(hostNanos);
    }

    @Override
    public void wakeUp() {
        machine.wakeUp();
    }
}
