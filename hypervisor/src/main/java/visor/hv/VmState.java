package visor.hv;

/** Lifecycle of a VM as `vml` shows it. */
public enum VmState {
    /** Created from its image, not started yet. */
    CREATED,
    /** Runnable: on the physical core or waiting for its turn. */
    RUNNING,
    /** Blocked in WFI/WFE (or idle-polling its UART) until an interrupt or console input. */
    WAITING,
    PAUSED,
    STOPPED,
    /** Stopped by the hypervisor after a fault it could not resolve; the log has a register dump. */
    CRASHED;

    public boolean schedulable() {
        return this == RUNNING || this == WAITING;
    }
}
