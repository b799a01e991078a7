package visor.hv;

/** Receives every exit a VM's vCPU makes to EL2 and what EL2 decided (the trace log's {@code hv}). */
public interface ExitTracer {
    /**
     * {@code vm} took an exception to EL2 at vector offset {@code vector} with these EL2 registers (ELR as
     * the exception left it); {@code outcome} is what the exit handler decided (RESUME, YIELD, BLOCK, ...).
     */
    void exit(Vm vm, int vector, long esr, long far, long hpfar, long elr, String outcome);
}
