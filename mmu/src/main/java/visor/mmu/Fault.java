package visor.mmu;

/**
 * The outcome of a failed translation, reused (never allocated per access). The CPU turns it into an
 * Instruction or Data Abort: {@link #statusCode()} is the DFSC/IFSC, {@link #stage2} routes it to
 * EL2 and {@link #ipa} fills HPFAR_EL2.
 */
public final class Fault {
    public enum Kind { ADDRESS_SIZE, TRANSLATION, ACCESS_FLAG, PERMISSION, EXTERNAL, ALIGNMENT }

    public Kind kind;
    /** Table level the fault was found at (0-3); ignored for EXTERNAL and ALIGNMENT. */
    public int level;
    /** True if stage 2 faulted (the abort goes to EL2 and HPFAR_EL2 is valid). */
    public boolean stage2;
    /** True if the stage-2 fault happened on a stage-1 table walk (ISS.S1PTW). */
    public boolean s1ptw;
    /** Faulting intermediate physical address, valid when {@link #stage2}. */
    public long ipa;

    public Fault set(Kind kind, int level, boolean stage2, boolean s1ptw, long ipa) {
        this.kind = kind;
        this.level = level;
        this.stage2 = stage2;
        this.s1ptw = s1ptw;
        this.ipa = ipa;
        return this;
    }

    /** The fault status code of ESR_ELx.ISS.{D,I}FSC (ARM ARM D13.2.37). */
    public int statusCode() {
        return switch (kind) {
            case ADDRESS_SIZE -> 0b000000 | level;
            case TRANSLATION -> 0b000100 | level;
            case ACCESS_FLAG -> 0b001000 | level;
            case PERMISSION -> 0b001100 | level;
            case EXTERNAL -> 0b010000;
            case ALIGNMENT -> 0b100001;
        };
    }

    @Override
    public String toString() {
        return kind + " level " + level + (stage2 ? " stage 2 ipa 0x" + Long.toHexString(ipa) : " stage 1")
                + (s1ptw ? " (s1ptw)" : "");
    }
}
