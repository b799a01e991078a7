package visor.cpu;

/**
 * What the core does on the two alignment checks QEMU 7.2 does not make: SP alignment (SCTLR_ELx.SA/SA0)
 * and unaligned accesses to Device memory (every data access with stage 1 off). A Cortex-A53 faults on
 * both; guests written against QEMU rely on them passing.
 */
public enum AlignmentPolicy {
    /** Fault as the ARM ARM says: EC 0x26 SP alignment, or a data abort with DFSC 0x21 (alignment). */
    STRICT,
    /** Run on as QEMU does and warn once per PC that a real Cortex-A53 faults there. */
    WARN,
    /** Run on silently. */
    LENIENT
}
