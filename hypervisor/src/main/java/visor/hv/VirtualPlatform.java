package visor.hv;

import visor.soc.device.Framebuffer;

/** A VM's virtual BCM2837: the devices behind its trapped MMIO window and the interrupts they raise. */
public interface VirtualPlatform {
    /** Reads a device register at {@code ipa} in the MMIO window. */
    long read(long ipa, int size);

    void write(long ipa, int size, long value);

    /** Brings device state up to the VM's current time (timer matches, UART receive from the console). */
    void update();

    /** True while the virtual interrupt controller has an enabled IRQ pending for the vCPU (HCR_EL2.VI). */
    boolean irqPending();

    /** True while a source is routed to FIQ and pending (HCR_EL2.VF). */
    boolean fiqPending();

    /** VM-time nanoseconds of the next device event that may raise an interrupt, or Long.MAX_VALUE. */
    long nextEventNanos();

    /**
     * Consecutive reads of a UART status register that found no input, with nothing else in between:
     * a guest busy-polling its console, which the scheduler may put to sleep until input arrives.
     */
    int idlePolls();

    /** True while received characters wait in a UART's FIFO for the guest to read them. */
    boolean inputPending();

    /** VM-time nanoseconds at which the next character can reach a UART's FIFO, or Long.MAX_VALUE. */
    long nextInputNanos();

    /** 0 normally; 1 when the guest asked for a reset, 2 for a halt (PM_RSTC, watchdog); cleared by the call. */
    int takePowerRequest();

    /** The bus the virtual devices hang on (tracing, {@code info mmio}), or null for a platform without one. */
    default visor.mmu.MmioBus mmioBus() {
        return null;
    }

    /** Allocates the firmware's console framebuffer, as the firmware does before it starts a kernel. */
    default void allocateConsoleFramebuffer() {
    }

    /** The VM's framebuffer picture now (read from its IPA space), or null while it has allocated none. */
    default Framebuffer.Snapshot screen() {
        return null;
    }
}
