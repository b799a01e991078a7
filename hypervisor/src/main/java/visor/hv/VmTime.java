package visor.hv;

import visor.cpu.Clock;

/**
 * A VM's own time: host time minus the time it spent descheduled (preempted by other VMs or paused), so
 * its system timer and virtual counter (through CNTVOFF_EL2) stop while another VM has the core. Time
 * keeps running while the VM waits for an interrupt, or timer-driven idle guests would never wake.
 */
public final class VmTime implements Clock {
    private final Clock host;
    private long lost;
    private long frozenAt = -1;

    public VmTime(Clock host) {
        this.host = host;
    }

    @Override
    public long nanos() {
        return (frozenAt >= 0 ? frozenAt : host.nanos()) - lost;
    }

    /** The VM leaves the core while still runnable (or is paused): its time stops. */
    public void freeze() {
        if (frozenAt < 0) {
            frozenAt = host.nanos();
        }
    }

    public void thaw() {
        if (frozenAt >= 0) {
            lost += host.nanos() - frozenAt;
            frozenAt = -1;
        }
    }

    /** Host nanoseconds at which this VM's clock will read {@code vmNanos}, assuming it is not frozen. */
    public long hostNanosFor(long vmNanos) {
        return vmNanos + lost;
    }

    /** CNTVOFF_EL2 so that CNTVCT counts this VM's time: the lost time in 19.2 MHz ticks. */
    public long cntvoff() {
        return Clock.counterTicks(lost);
    }
}
