package visor.hv;

import visor.cpu.Clock;
import visor.cpu.CodeCache;
import visor.cpu.Cpu;
import visor.mmu.PhysicalMemory;

/**
 * The physical Raspberry Pi 3 as the hypervisor's EL2 code sees it: RAM, the host clock, physical core 0
 * and the one physical device the scheduler programs (the system timer's ARM-free compare channel).
 */
public interface HostPlatform {
    PhysicalMemory memory();

    CodeCache codeCache();

    Clock clock();

    /** Puts {@code vcpu} on physical core 0: it receives the core's IRQ/FIQ lines. */
    void bindCore0(Cpu vcpu);

    /** Programs the physical system timer so that an IRQ reaches core 0 (EL2) at {@code hostNanos}. */
    void armSchedulerTimer(long hostNanos);

    /** Acknowledges the scheduler timer interrupt at the physical controller; true if it was pending. */
    boolean acknowledgeSchedulerTimer();

    /** Advances the physical devices to the current time and routes their interrupt lines. */
    void tick();

    /** Sleeps the host thread until {@code hostNanos} or until {@link #wakeUp()} (virtual clock: jumps). */
    void idleUntil(long hostNanos);

    /** Ends an {@link #idleUntil} early (console input, a command from another thread). Thread-safe. */
    void wakeUp();
}
