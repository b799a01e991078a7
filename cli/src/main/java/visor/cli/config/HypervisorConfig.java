package visor.cli.config;

import visor.cpu.AlignmentPolicy;

/** The {@code [hypervisor]} table; {@code alignment} is every VM's unless its {@code [[vm]]} says otherwise. */
public record HypervisorConfig(int quantumMs, Clock clock, visor.cli.console.EscapeKey escape, AlignmentPolicy alignment) {
    public static final AlignmentPolicy DEFAULT_ALIGNMENT = AlignmentPolicy.WARN;

    public HypervisorConfig(int quantumMs, Clock clock) {
        this(quantumMs, clock, visor.cli.console.EscapeKey.CTRL_A);
    }

    public HypervisorConfig(int quantumMs, Clock clock, visor.cli.console.EscapeKey escape) {
        this(quantumMs, clock, escape, DEFAULT_ALIGNMENT);
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
