package visor.mmu;

import static visor.mmu.AddressSize.mask;

/**
 * Stage 2 translation table walk of the EL1&amp;0 regime: IPA to PA through VTTBR_EL2 as configured by
 * VTCR_EL2 (ARM ARM D5.2, AArch64.TranslationTableWalk with secondstage = TRUE). Stage 2 tables have
 * no hierarchical attributes, and the leaf holds MemAttr, S2AP, SH, AF and XN.
 */
final class Stage2Walker {
    private final Mmu mmu;
    private final PhysicalMemory memory;
    private final Fault fault;

    /** Results of the last successful {@link #walk}. */
    long outputAddress;
    int level;
    /** {@link AccessPermissions} stage 2 bits. */
    int perms;
    /** MemAttr converted to MAIR format. */
    int attr;
    int sh;

    Stage2Walker(Mmu mmu) {
        this.mmu = mmu;
        this.memory = mmu.memory;
        this.fault = mmu.fault;
    }

    /**
     * Translates a stage 1 descriptor address. Stage 1 walks are checked as reads at stage 2 whatever
     * the original access (AArch64.CheckS2Permission, s2fs1walk), and with HCR_EL2.PTW set a walk
     * that lands in stage 2 Device memory is a stage 2 Permission fault (AArch64.SecondStageTranslate,
     * "protected table walk"). Faults carry S1PTW and the descriptor's IPA.
     *
     * @return the PA of the descriptor, or {@link Mmu#FAULT}
     */
    long translateWalk(long descIpa) {
        if (!walk(descIpa, true)) {
            return Mmu.FAULT;
        }
        boolean readable = (perms & (1 << (AccessPermissions.S2 + Mmu.READ))) != 0;
        boolean protectedWalk = (mmu.hcrEl2 & Mmu.HCR_PTW) != 0 && MemoryAttributes.isDevice(attr);
        if (!readable || protectedWalk) {
            fault.set(Fault.Kind.PERMISSION, level, true, true, descIpa);
            return Mmu.FAULT;
        }
        return outputAddress;
    }

    /**
     * Walks the stage 2 tables for {@code ipa}. Permissions are not checked here; the caller does it
     * with {@link #perms}. On a fault, {@link Mmu#fault} reports stage 2 with {@code ipa}.
     */
    boolean walk(long ipa, boolean s1ptw) {
        long vtcr = mmu.vtcrEl2;
        Granule g = Granule.fromTg0((int) (vtcr >>> 14));
        int inputSize = 64 - (int) (vtcr & 0x3F);
        int sl0 = (int) (vtcr >>> 6) & 3;
        int start = g == Granule.G4K ? 2 - sl0 : 3 - sl0;
        int outputSize = AddressSize.outputBits((int) (vtcr >>> 16));
        // VTCR_EL2.T0SZ out of [25, 48] is CONSTRAINED UNPREDICTABLE (FORCE or FAULT): we FORCE to the
        // limit as the ARM ARM pseudocode allows.
        inputSize = Math.max(25, Math.min(48, inputSize));
        if (!validStartLevel(g, start, inputSize) || (ipa >>> inputSize) != 0) {
            // An inconsistent T0SZ/SL0 or an IPA beyond the input size: "basefound = FALSE", reported
            // as a level 0 Translation fault.
            return fail(Fault.Kind.TRANSLATION, 0, s1ptw, ipa);
        }
        long vttbr = mmu.vttbrEl2;
        if ((vttbr & mask(47, outputSize)) != 0) {
            return fail(Fault.Kind.ADDRESS_SIZE, 0, s1ptw, ipa);
        }
        int lvl = start;
        long table = vttbr & mask(47, 3 + inputSize - g.levelShift(lvl));
        int addrTop = inputSize - 1;
        long desc;
        while (true) {
            int bottom = g.levelShift(lvl);
            long index = (ipa & mask(addrTop, bottom)) >>> bottom;
            desc = memory.read(table | (index << 3), 8);
            if ((desc & 1) == 0 || ((desc & 3) == 1 && lvl == 3)) {
                return fail(Fault.Kind.TRANSLATION, lvl, s1ptw, ipa);
            }
            if ((desc & 3) == 1 || lvl == 3) {
                break;
            }
            if ((desc & mask(47, outputSize)) != 0) {
                return fail(Fault.Kind.ADDRESS_SIZE, lvl, s1ptw, ipa);
            }
            table = desc & mask(47, g.shift);
            lvl++;
            addrTop = bottom - 1;
        }
        if (lvl < g.firstBlockLevel) {
            return fail(Fault.Kind.TRANSLATION, lvl, s1ptw, ipa);
        }
        int blockShift = g.levelShift(lvl);
        if ((desc & mask(47, outputSize)) != 0) {
            return fail(Fault.Kind.ADDRESS_SIZE, lvl, s1ptw, ipa);
        }
        // ARMv8.0 has no hardware Access flag management (FEAT_HAFDBS is v8.1).
        if ((desc & (1L << 10)) == 0) {
            return fail(Fault.Kind.ACCESS_FLAG, lvl, s1ptw, ipa);
        }
        outputAddress = (desc & mask(47, blockShift)) | (ipa & mask(blockShift - 1, 0));
        level = lvl;
        perms = AccessPermissions.stage2((int) (desc >>> 6) & 3, (desc & (1L << 54)) != 0);
        attr = MemoryAttributes.fromStage2((int) (desc >>> 2) & 0xF);
        sh = (int) (desc >>> 8) & 3;
        return true;
    }

    /**
     * The start level must be consistent with the input size (at most 16 concatenated tables) and
     * supported by the implemented PA size (AArch64.TranslationTableWalk, "Limits on IPA controls
     * based on implemented PA size"): with PAMax = 40, 4K cannot start at level 0 and 16K/64K cannot
     * start at level 0 or 1.
     */
    private static boolean validStartLevel(Granule g, int level, int inputSize) {
        if (level < 0 || level > 3) {
            return false;
        }
        int startSizeCheck = inputSize - g.levelShift(level);
        if (startSizeCheck < 1 || startSizeCheck > g.stride + 4) {
            return false;
        }
        if (inputSize > AddressSize.PA_MAX) {
            // An IPA size above PAMax is CONSTRAINED UNPREDICTABLE; we choose the FAULT behaviour.
            return false;
        }
        return switch (g) {
            case G4K -> !(level == 0 && AddressSize.PA_MAX <= 42);
            case G16K -> level != 0 && !(level == 1 && AddressSize.PA_MAX <= 40);
            case G64K -> level != 0 && !(level == 1 && AddressSize.PA_MAX <= 42);
        };
    }

    private boolean fail(Fault.Kind kind, int lvl, boolean s1ptw, long ipa) {
        fault.set(kind, lvl, true, s1ptw, ipa);
        return false;
    }
}
