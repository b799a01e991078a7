package visor.cli.config;

/** The {@code [hypervisor]} table. */
public record HypervisorConfig(int quantumMs, Clock clock) {
    /** How guest time advances. */
    public enum Clock {
        /** Guest timers follow the host's wall clock. */
        REALTIME,
        /** Guest time advances with executed instructions, so runs are reproducible. */
        VIRTUAL
    }

    public static final int DEFAULT_QUANTUM_MS = 10;

    public static HypervisorConfig defaults() {
        return new HypervisorConfig(DEFAULT_QUANTUM_MS, Clock.REALTIME);
    }
}
