package visor.mmu;

import static visor.mmu.AddressSize.mask;

/**
 * Stage 1 translation table walk of the EL1&amp;0 regime (TTBR0_EL1/TTBR1_EL1, TCR_EL1), the EL2
 * regime (TTBR0_EL2, TCR_EL2) or the EL3 regime (TTBR0_EL3, TCR_EL3), following AArch64.TranslationTableWalk (ARM ARM D5.2). When stage 2
 * is enabled every descriptor address is an IPA and is translated by the {@link Stage2Walker}.
 */
final class Stage1Walker {
    private static final long AF = 1L << 10;

    private final Mmu mmu;
    private final PhysicalMemory memory;
    private final Fault fault;
    private final Stage2Walker stage2;

    Stage1Walker(Mmu mmu, Stage2Walker stage2) {
        this.mmu = mmu;
        this.memory = mmu.memory;
        this.fault = mmu.fault;
        this.stage2 = stage2;
    }

    /**
     * Walks the tables for {@code va}. On success fills {@code r.ipa} (the output address of the
     * accessed byte), {@code s1Level}, {@code blockShift}, stage 1 {@code perms}, {@code attrData},
     * {@code attrFetch}, {@code sh} and {@code global}; otherwise fills {@link Mmu#fault}. {@code regime}
     * is the EL owning the regime: 1 (EL1&amp;0), 2 or 3.
     */
    boolean walk(long va, int regime, boolean viaStage2, TlbRecord r) {
        boolean el2 = regime >= 2;
        long tcr;
        long ttbr;
        int tsz;
        Granule g;
        boolean disabled;
        boolean upper;
        boolean tbi;
        int ps;
        long mair;
        boolean wxn;
        if (el2) {
            // TCR_EL2 (E2H = 0) and TCR_EL3: T0SZ [5:0], TG0 [15:14], PS [18:16], TBI [20]; no TTBR1, no ASID.
            boolean el3 = regime == 3;
            tcr = el3 ? mmu.tcrEl3 : mmu.tcrEl2;
            ttbr = el3 ? mmu.ttbr0El3 : mmu.ttbr0El2;
            tsz = (int) (tcr & 0x3F);
            g = Granule.fromTg0((int) (tcr >>> 14));
            ps = (int) (tcr >>> 16);
            tbi = (tcr & (1L << 20)) != 0;
            disabled = false;
            upper = false;
            mair = el3 ? mmu.mairEl3 : mmu.mairEl2;
            wxn = ((el3 ? mmu.sctlrEl3 : mmu.sctlrEl2) & (1L << 19)) != 0;
        } else {
            // TCR_EL1: VA bit 55 selects TTBR1 (D5.2.x); T1SZ [21:16], EPD1 [23], TG1 [31:30], TBI1 [38]
            // versus T0SZ [5:0], EPD0 [7], TG0 [15:14], TBI0 [37]; IPS [34:32].
            tcr = mmu.tcrEl1;
            upper = (va & (1L << 55)) != 0;
            if (upper) {
                ttbr = mmu.ttbr1El1;
                tsz = (int) (tcr >>> 16) & 0x3F;
                g = Granule.fromTg1((int) (tcr >>> 30));
                disabled = (tcr & (1L << 23)) != 0;
                tbi = (tcr & (1L << 38)) != 0;
            } else {
                ttbr = mmu.ttbr0El1;
                tsz = (int) (tcr & 0x3F);
                g = Granule.fromTg0((int) (tcr >>> 14));
                disabled = (tcr & (1L << 7)) != 0;
                tbi = (tcr & (1L << 37)) != 0;
            }
            ps = (int) (tcr >>> 32);
            mair = mmu.mairEl1;
            wxn = (mmu.sctlrEl1 & (1L << 19)) != 0;
        }
        // TxSZ outside [16, 39] is CONSTRAINED UNPREDICTABLE (FORCE or FAULT): we FORCE the input size
        // to the nearest limit, as the pseudocode allows.
        int inputSize = Math.max(25, Math.min(48, 64 - tsz));
        int top = tbi ? 55 : 63;
        long range = va & mask(top, inputSize);
        boolean inRange = upper ? range == mask(top, inputSize) : range == 0;
        if (!inRange || disabled) {
            // Outside both VA ranges, or a walk disabled by EPDn: a level 0 Translation fault.
            return fail(Fault.Kind.TRANSLATION, 0);
        }
        int outputSize = AddressSize.outputBits(ps);
        if ((ttbr & mask(47, outputSize)) != 0) {
            // A table base beyond the output size: Address size fault "level 0 or TTBR".
            return fail(Fault.Kind.ADDRESS_SIZE, 0);
        }
        int level = g.startLevel(inputSize);
        // The start table holds 2^(bits resolved at the start level) entries and is aligned to its size;
        // TTBR bits below that are RES0 and ignored (baselowerbound in the pseudocode).
        long table = ttbr & mask(47, 3 + inputSize - g.levelShift(level));
        int addrTop = inputSize - 1;
        int apTable = 0;
        boolean xnTable = false;
        boolean pxnTable = false;
        long desc;
        while (true) {
            int bottom = g.levelShift(level);
            long index = (va & mask(addrTop, bottom)) >>> bottom;
            long descAddr = table | (index << 3);
            if (viaStage2) {
                descAddr = stage2.translateWalk(descAddr);
                if (descAddr == Mmu.FAULT) {
                    return false;
                }
            }
            desc = memory.read(descAddr, 8);
            if ((desc & 1) == 0 || ((desc & 3) == 1 && level == 3)) {
                // Invalid, or the reserved "block" encoding at level 3.
                return fail(Fault.Kind.TRANSLATION, level);
            }
            if ((desc & 3) == 1 || level == 3) {
                break;
            }
            if ((desc & mask(47, outputSize)) != 0) {
                return fail(Fault.Kind.ADDRESS_SIZE, level);
            }
            table = desc & mask(47, g.shift);
            // Hierarchical permissions (D5.4.6): APTable[1] (bit 62) forbids writes below, APTable[0]
            // (bit 61) forbids EL0 access, UXNTable/XNTable (bit 60), PXNTable (bit 59). The EL2
            // and EL3 regimes have a single privilege level: APTable[0] and PXNTable are RES0 there.
            if (el2) {
                apTable |= (int) (desc >>> 61) & 2;
            } else {
                apTable |= (int) (desc >>> 61) & 3;
                pxnTable |= (desc & (1L << 59)) != 0;
            }
            xnTable |= (desc & (1L << 60)) != 0;
            level++;
            addrTop = bottom - 1;
        }
        if (level < g.firstBlockLevel) {
            // A block where the granule allows none: level 0 with 4K, levels 0-1 with 16K and 64K.
            return fail(Fault.Kind.TRANSLATION, level);
        }
        if ((desc & mask(47, outputSize)) != 0) {
            return fail(Fault.Kind.ADDRESS_SIZE, level);
        }
        // No hardware Access flag update in ARMv8.0: AF = 0 always faults.
        if ((desc & AF) == 0) {
            return fail(Fault.Kind.ACCESS_FLAG, level);
        }
        int blockShift = g.levelShift(level);
        int ap = (int) (desc >>> 6) & 3;
        ap |= apTable & 2;
        if ((apTable & 1) != 0) {
            ap &= ~1;
        }
        boolean xn = (desc & (1L << 54)) != 0 || xnTable;
        if (el2) {
            r.perms = AccessPermissions.stage1El2(ap, xn, wxn);
            r.global = true;
        } else {
            boolean pxn = (desc & (1L << 53)) != 0 || pxnTable;
            r.perms = AccessPermissions.stage1El10(ap, xn, pxn, wxn);
            r.global = (desc & (1L << 11)) == 0;
        }
        int attrIndx = (int) (desc >>> 2) & 7;
        r.attrData = (int) (mair >>> (8 * attrIndx)) & 0xFF;
        r.attrFetch = r.attrData;
        r.sh = (int) (desc >>> 8) & 3;
        r.ipa = (desc & mask(47, blockShift)) | (va & mask(blockShift - 1, 0));
        r.s1Level = level;
        r.blockShift = blockShift;
        return true;
    }

    private boolean fail(Fault.Kind kind, int level) {
        fault.set(kind, level, false, false, 0);
        return false;
    }
}
