package visor.mmu;

/**
 * Memory attributes in MAIR_ELx byte format (ARM ARM D13.2.x MAIR_EL1): high nibble 0000 is Device
 * with the type in bits [3:2]; otherwise the outer (high) and inner (low) nibbles each give Normal
 * cacheability. Stage 2 MemAttr is converted into the same format so the stages can be combined.
 */
final class MemoryAttributes {
    static final int DEVICE_NGNRNE = 0x00;
    static final int NORMAL_NC = 0x44;
    static final int NORMAL_WT = 0xAA;
    static final int NORMAL_WB = 0xFF;

    static final int SH_NON = 0b00;
    static final int SH_OUTER = 0b10;
    static final int SH_INNER = 0b11;

    private static final int NC = 0, WT = 1, WB = 2;

    private MemoryAttributes() {
    }

    static boolean isDevice(int attr) {
        return (attr & 0xF0) == 0;
    }

    /**
     * Stage 2 MemAttr[3:0] (D5.5.x): [3:2]=00 is Device with type [1:0]; otherwise [3:2] outer and
     * [1:0] inner cacheability, 01 NC, 10 WT, 11 WB (inner 00 is UNPREDICTABLE; read as NC).
     */
    static int fromStage2(int memAttr) {
        int outer = (memAttr >>> 2) & 3;
        if (outer == 0) {
            return (memAttr & 3) << 2;
        }
        return stage2Nibble(outer) << 4 | stage2Nibble(memAttr & 3);
    }

    private static int stage2Nibble(int cacheability) {
        return switch (cacheability) {
            case 2 -> 0b1010;
            case 3 -> 0b1111;
            default -> 0b0100;
        };
    }

    /**
     * Combines stage 1 and stage 2 attributes (D5.5.x "Combining the stage 1 and stage 2 attributes"):
     * Device if either stage is Device, the more restrictive Device type; else per inner/outer the
     * weaker cacheability, allocation hints from stage 1.
     */
    static int combine(int s1, int s2) {
        if (isDevice(s1) || isDevice(s2)) {
            int t1 = isDevice(s1) ? (s1 >>> 2) & 3 : 3;
            int t2 = isDevice(s2) ? (s2 >>> 2) & 3 : 3;
            return Math.min(t1, t2) << 2;
        }
        return combineNibble(s1 >>> 4, s2 >>> 4) << 4 | combineNibble(s1 & 0xF, s2 & 0xF);
    }

    private static int combineNibble(int n1, int n2) {
        int c1 = cacheability(n1);
        int c = Math.min(c1, cacheability(n2));
        if (c == c1) {
            return n1;
        }
        // Stage 2 lowered the cacheability: keep stage 1's allocation hints where they still mean something.
        return c == NC ? 0b0100 : 0b1000 | (n1 & 3);
    }

    /** Cacheability of a Normal MAIR nibble: 0100 NC; 00RW/10RW Write-Through; 01RW/11RW Write-Back. */
    private static int cacheability(int nibble) {
        if (nibble == 0b0100) {
            return NC;
        }
        return (nibble & 0b0100) != 0 ? WB : WT;
    }

    /**
     * Attributes used for an instruction fetch. Fetching from Device memory that is not XN is
     * CONSTRAINED UNPREDICTABLE (AArch64.InstructionDevice): we take the permitted "no fault" choice
     * and treat it as Normal Non-cacheable.
     */
    static int forFetch(int attr) {
        return isDevice(attr) ? NORMAL_NC : attr;
    }

    /** Shareability of the combined translation: the more shareable of the two (D5.5.x). */
    static int combineShareability(int sh1, int sh2) {
        return rank(sh1) >= rank(sh2) ? sh1 : sh2;
    }

    private static int rank(int sh) {
        return switch (sh) {
            case SH_OUTER -> 2;
            case SH_INNER -> 1;
            default -> 0;
        };
    }

    /**
     * The SH value PAR_EL1 reports (D13.2.x PAR_EL1.SH): Device memory and Normal Inner and Outer
     * Non-cacheable memory are always Outer Shareable.
     */
    static int reportedShareability(int attr, int sh) {
        return isDevice(attr) || attr == NORMAL_NC ? SH_OUTER : sh;
    }
}
