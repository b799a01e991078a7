package visor.cli.trace;

import java.util.Locale;

/** What {@code --trace} can log, named as QEMU's {@code -d} items. */
public enum TraceCategory {
    /** Exceptions and interrupts taken: ELs, vector, ESR/FAR/ELR. */
    INT,
    /** Each block run. */
    EXEC,
    /** Each block decoded, disassembled. */
    IN_ASM,
    /** Translation, access-flag and permission faults. */
    MMU,
    /** Guest accesses to addresses no device claims. */
    GUEST_ERRORS,
    /** Guest accesses to registers the model lacks (device registers, system registers). */
    UNIMP,
    /** Every device register access. */
    MMIO,
    /** Every exit of a VM to the hypervisor and what it decided. */
    HV;

    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category named {@code word} (as QEMU spells it), or null. */
    public static TraceCategory named(String word) {
        for (TraceCategory c : values()) {
            if (c.spelling().equals(word)) {
                return c;
            }
        }
        return null;
    }
}
