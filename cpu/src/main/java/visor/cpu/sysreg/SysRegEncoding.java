package visor.cpu.sysreg;

/**
 * The (op0, op1, CRn, CRm, op2) encoding of a System register or System instruction, packed as bits
 * [20:5] of its MRS/MSR/SYS/SYSL instruction: op0[15:14] op1[13:11] CRn[10:7] CRm[6:3] op2[2:0].
 */
public final class SysRegEncoding {
    private SysRegEncoding() {
    }

    public static int key(int op0, int op1, int crn, int crm, int op2) {
        return op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2;
    }

    /** The key of the register or operation an MRS/MSR/SYS/SYSL instruction names. */
    public static int keyOf(int insn) {
        return (insn >>> 5) & 0xFFFF;
    }

    public static int op0(int key) {
        return key >>> 14;
    }

    public static int op1(int key) {
        return (key >>> 11) & 7;
    }

    public static int crn(int key) {
        return (key >>> 7) & 15;
    }

    public static int crm(int key) {
        return (key >>> 3) & 15;
    }

    public static int op2(int key) {
        return key & 7;
    }

    /**
     * ISS of a trapped MSR, MRS or System instruction (EC 0x18, ARM ARM D13.2.37): Op0[21:20],
     * Op2[19:17], Op1[16:14], CRn[13:10], Rt[9:5], CRm[4:1], Direction[0] (1 = read: MRS or SYSL).
     */
    public static int iss(int insn) {
        int key = keyOf(insn);
        return op0(key) << 20 | op2(key) << 17 | op1(key) << 14 | crn(key) << 10 | (insn & 31) << 5
                | crm(key) << 1 | (insn >>> 21) & 1;
    }

    /** The generic name, e.g. {@code S3_0_C1_C0_0}. */
    public static String name(int key) {
        return "S" + op0(key) + "_" + op1(key) + "_C" + crn(key) + "_C" + crm(key) + "_" + op2(key);
    }
}
