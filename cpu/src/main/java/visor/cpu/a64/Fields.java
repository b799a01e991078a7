package visor.cpu.a64;

/**
 * The register and width fields that sit at the same bit positions across the A64 encodings
 * (ARM ARM C4.1: sf bit 31, Rm bits 20:16, Rn bits 9:5, Rd/Rt bits 4:0).
 */
final class Fields {
    private Fields() {
    }

    /** sf: set for the 64-bit form. */
    static boolean sf(int insn) {
        return insn < 0;
    }

    static int rd(int insn) {
        return insn & 31;
    }

    static int rn(int insn) {
        return (insn >>> 5) & 31;
    }

    static int rm(int insn) {
        return (insn >>> 16) & 31;
    }
}
