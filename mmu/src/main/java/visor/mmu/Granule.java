package visor.mmu;

/**
 * A translation granule of VMSAv8-64 (ARM ARM D5.2.4): the page size, how many VA bits each lookup
 * level resolves, and the first level at which a block descriptor is allowed (ARMv8.0, no FEAT_LPA).
 */
enum Granule {
    G4K(12, 1),
    G16K(14, 2),
    G64K(16, 2);

    /** log2 of the page (and table) size. */
    final int shift;
    /** VA bits resolved per level: log2(entries per table). */
    final int stride;
    /** Lowest level where a block descriptor is legal; a block above it is a Translation fault. */
    final int firstBlockLevel;

    Granule(int shift, int firstBlockLevel) {
        this.shift = shift;
        this.stride = shift - 3;
        this.firstBlockLevel = firstBlockLevel;
    }

    /**
     * TCR_ELx.TG0 / VTCR_EL2.TG0: 00 4K, 01 64K, 10 16K. The reserved value 11 is an IMPLEMENTATION
     * DEFINED choice among the implemented sizes; we pick 4K like QEMU does.
     */
    static Granule fromTg0(int tg0) {
        return switch (tg0 & 3) {
            case 1 -> G64K;
            case 2 -> G16K;
            default -> G4K;
        };
    }

    /** TCR_EL1.TG1 uses a different encoding from TG0: 01 16K, 10 4K, 11 64K (00 reserved, read as 4K). */
    static Granule fromTg1(int tg1) {
        return switch (tg1 & 3) {
            case 1 -> G16K;
            case 3 -> G64K;
            default -> G4K;
        };
    }

    /** Bit position of the lowest input-address bit resolved at {@code level}: the size of its blocks/pages. */
    int levelShift(int level) {
        return (3 - level) * stride + shift;
    }

    /** Stage 1 starting level: the number of strides needed to consume the input address (ARM ARM D5.2.6). */
    int startLevel(int inputSize) {
        int levels = (inputSize - shift + stride - 1) / stride;
        return 4 - levels;
    }
}
