package visor.mmu;

/** Physical and intermediate physical address sizes (TCR_EL1.IPS, TCR_EL2.PS, VTCR_EL2.PS). */
final class AddressSize {
    /**
     * PAMax of the Cortex-A53: ID_AA64MMFR0_EL1.PARange = 0b0010, 40 bits (Cortex-A53 TRM 4.3.x).
     * Every output-size check is clamped to it.
     */
    static final int PA_MAX = 40;

    private AddressSize() {
    }

    /**
     * Decodes a PS/IPS field. Values above the implemented size behave as the implemented size
     * (ARM ARM D5.2.x, "the PE treats the field as the implemented PA size"); 0b110 (52 bits) is
     * ARMv8.2 and reserved here.
     */
    static int outputBits(int ps) {
        int bits = switch (ps & 7) {
            case 0 -> 32;
            case 1 -> 36;
            case 2 -> 40;
            case 3 -> 42;
            case 4 -> 44;
            default -> 48;
        };
        return Math.min(bits, PA_MAX);
    }

    /** Bits [hi:lo] set; zero when hi &lt; lo. */
    static long mask(int hi, int lo) {
        if (hi < lo) {
            return 0;
        }
        return (-1L >>> (63 - hi)) & (-1L << lo);
    }
}
