package visor.hv;

/**
 * The HVC interface guests can call (SMC Calling Convention: function ID in x0, arguments x1-x3, result
 * in x0). PSCI 1.0 functions let Linux-style guests power off and reset; the visor range (SMCCC
 * vendor-specific hypervisor service calls, owner 6) gives version, yield, VM id and a debug console.
 */
public final class Hypercalls {
    public static final long PSCI_VERSION = 0x8400_0000L;
    public static final long PSCI_CPU_OFF = 0x8400_0002L;
    public static final long PSCI_CPU_ON_32 = 0x8400_0003L;
    public static final long PSCI_CPU_ON_64 = 0xC400_0003L;
    public static final long PSCI_AFFINITY_INFO_64 = 0xC400_0004L;
    public static final long PSCI_SYSTEM_OFF = 0x8400_0008L;
    public static final long PSCI_SYSTEM_RESET = 0x8400_0009L;
    public static final long PSCI_FEATURES = 0x8400_000AL;

    public static final long VISOR_VERSION = 0x8600_0000L;
    public static final long VISOR_YIELD = 0x8600_0001L;
    public static final long VISOR_VM_ID = 0x8600_0002L;
    public static final long VISOR_PUTC = 0x8600_0003L;

    /** visor hypercall interface version 1.0, as major << 16 | minor. */
    public static final long INTERFACE_VERSION = 0x0001_0000L;
    public static final long NOT_SUPPORTED = -1L;
    public static final long INVALID_PARAMETERS = -2L;

    /** What the scheduler does after a hypercall. */
    public enum Action { CONTINUE, YIELD, POWER_OFF, RESET }

    private Hypercalls() {
    }

    /**
     * Executes the call in {@code regs} (x0-x3, updated in place with the result) for VM {@code vmId}.
     * {@code console} receives VISOR_PUTC bytes.
     */
    public static Action call(long[] regs, int vmId, java.util.function.IntConsumer console) {
        long function = regs[0];
        if (function == PSCI_VERSION) {
            regs[0] = 0x0001_0000L; // PSCI 1.0
        } else if (function == PSCI_SYSTEM_OFF || function == PSCI_CPU_OFF) {
            return Action.POWER_OFF;
        } else if (function == PSCI_SYSTEM_RESET) {
            return Action.RESET;
        } else if (function == PSCI_CPU_ON_32 || function == PSCI_CPU_ON_64) {
            // Each VM has one vCPU (MPIDR affinity 0): no other CPU exists to power on.
            regs[0] = INVALID_PARAMETERS;
        } else if (function == PSCI_AFFINITY_INFO_64) {
            regs[0] = (regs[1] & 0xFF_00FF_FFFFL) == 0 ? 0 : INVALID_PARAMETERS; // 0 = ON
        } else if (function == PSCI_FEATURES) {
            long f = regs[1];
            boolean known = f == PSCI_VERSION || f == PSCI_CPU_OFF || f == PSCI_SYSTEM_OFF
                    || f == PSCI_SYSTEM_RESET || f == PSCI_FEATURES || f == PSCI_AFFINITY_INFO_64;
            regs[0] = known ? 0 : NOT_SUPPORTED;
        } else if (function == VISOR_VERSION) {
            regs[0] = INTERFACE_VERSION;
        } else if (function == VISOR_YIELD) {
            regs[0] = 0;
            return Action.YIELD;
        } else if (function == VISOR_VM_ID) {
            regs[0] = vmId;
        } else if (function == VISOR_PUTC) {
            console.accept((int) regs[1] & 0xFF);
            regs[0] = 0;
        } else {
            regs[0] = NOT_SUPPORTED;
        }
        return Action.CONTINUE;
    }
}
