package visor.mmu;

/**
 * Access permissions of a translation, resolved once per walk into a bit set so the TLB hit path is
 * one mask test per stage. Bit (base + access) is set when that access is allowed, with access
 * {@link Mmu#READ}=0, {@link Mmu#WRITE}=1, {@link Mmu#FETCH}=2 and base {@link #EL0} (EL0 and
 * unprivileged LDTR/STTR), {@link #PRIV} (EL1, or EL2 for the EL2 regime) or {@link #S2}.
 */
final class AccessPermissions {
    static final int EL0 = 0;
    static final int PRIV = 3;
    static final int S2 = 6;

    static final int STAGE1_ALL = 0x3F;
    static final int STAGE2_ALL = 0x1C0;

    private AccessPermissions() {
    }

    /**
     * Stage 1 of the EL1&amp;0 regime (ARM ARM D5.4.3-D5.4.4, AArch64.CheckPermission). {@code ap} holds
     * AP[2:1] after the APTable limits: AP[2]=1 read-only, AP[1]=1 EL0 accessible.
     */
    static int stage1El10(int ap, boolean uxn, boolean pxn, boolean wxn) {
        boolean readOnly = (ap & 2) != 0;
        boolean user = (ap & 1) != 0;
        boolean privW = !readOnly;
        boolean userR = user;
        boolean userW = user && !readOnly;
        // SCTLR_EL1.WXN makes writable memory execute-never; in addition EL1 can never execute
        // memory that EL0 can write (D5.4.4, "priv_xn ... || user_w").
        boolean userX = !uxn && !(userW && wxn);
        boolean privX = !pxn && !(privW && wxn) && !userW;
        // EL0 execute permission does not depend on EL0 read permission: AP[2:1]=00 with UXN=0 is
        // execute-only memory at EL0 (D5.4.4 table of instruction access permissions).
        return bits(userR, userW, userX) << EL0 | bits(true, privW, privX) << PRIV;
    }

    /**
     * Stage 1 of the EL2 regime: one privilege level, so AP[1] is RES1 (ignored) and only XN applies;
     * PXN is RES0 (D5.4.3, "translation regimes with a single privilege level").
     */
    static int stage1El2(int ap, boolean xn, boolean wxn) {
        boolean w = (ap & 2) == 0;
        boolean x = !xn && !(w && wxn);
        return bits(true, w, x) << PRIV;
    }

    /**
     * Stage 2 (D5.4.x, AArch64.CheckS2Permission): S2AP[0] read, S2AP[1] write, XN (bit 54; ARMv8.0
     * has no XN[0]/FEAT_XNX). Instruction fetches only test XN.
     */
    static int stage2(int s2ap, boolean xn) {
        return bits((s2ap & 1) != 0, (s2ap & 2) != 0, !xn) << S2;
    }

    private static int bits(boolean r, boolean w, boolean x) {
        return (r ? 1 : 0) | (w ? 2 : 0) | (x ? 4 : 0);
    }
}
