package visor.cpu;

/** Why {@link Cpu#run} returned to its caller. */
public enum ExitReason {
    /** The instruction budget was used up; call run again. */
    BUDGET,
    /** WFI with no interrupt pending: the core sleeps until one is. */
    WFI,
    /** WFE with no event pending: the core sleeps until an event, an interrupt or a timeout. */
    WFE,
    /** An exception was taken to EL2 while EL2 is modelled in Java: the hypervisor handles it. */
    EL2,
    /**
     * {@link Cpu#EXCEPTION_LOOP_ENTRIES} exceptions were taken in a row without an instruction retired:
     * the core is stuck (hardware spins there forever). Reported once per loop; run again to spin on.
     */
    EXCEPTION_LOOP,
    /** {@link Cpu#requestExit()} was called. */
    REQUESTED,
    /** The attached {@link visor.cpu.debug.Debugger} stopped the core; its {@code lastStop()} says why. */
    DEBUG
}
