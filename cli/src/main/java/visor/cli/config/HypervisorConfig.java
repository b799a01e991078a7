package visor.cli.config;

/** The {@code [hypervisor]} table. */
public record HypervisorConfig(int quantumMs, Clock clock, visor.cli.console.EscapeKey escape) {
    public HypervisorConfig(int quantumMs, Clock clock) {
        this(quantumMs, clock, visor.cli.console.EscapeKey.CTRL_A);
    }

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
